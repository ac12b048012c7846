import type { VoiceServerLink, VoiceStates } from './VoiceStates.ts';
import type { World } from './World.ts';

export interface VoiceHubOptions {
  /** Voice gateway heartbeat interval sent in Hello (Discord: 13750). */
  heartbeatIntervalMs?: number;
}

/** Voice servers (wss gateway + UDP) of the local Discord. */
export class VoiceHub implements VoiceServerLink {
  readonly #world: World;
  readonly #notify: () => void;
  readonly #error: (e: string) => void;
  #states: VoiceStates | null = null;

  constructor(world: World, _opts: VoiceHubOptions, notify: () => void, error: (e: string) => void) {
    this.#world = world;
    this.#notify = notify;
    this.#error = error;
  }

  attach(states: VoiceStates): void {
    this.#states = states;
  }

  async start(): Promise<void> {}

  endpointFor(_guildId: string): string {
    return '127.0.0.1:9';
  }

  botVoiceChanged(): void {
    this.#notify();
  }

  userVoiceChanged(): void {
    this.#notify();
  }

  async close(): Promise<void> {
    void this.#world;
    void this.#error;
    void this.#states;
  }
}
