import { VoiceConnectionStatus } from '@discordjs/voice';
import type { Logger } from '../../logger.ts';
import { waitForStatus, type StatefulEmitter } from './waitForStatus.ts';

/** The part of a VoiceConnection the reconnector drives (a fake in unit tests). */
export interface ReconnectableConnection extends StatefulEmitter<string> {
  readonly state: { status: string; closeCode?: number; reason?: number };
  /** Consecutive rejoins since the last Ready (the library resets it on Ready). */
  readonly rejoinAttempts: number;
  rejoin(): boolean;
}

export type VoiceLinkStatus = 'ready' | 'reconnecting' | 'lost';

export interface VoiceReconnectorOptions {
  /** After a Disconnected state, how long to wait for the library to start reconnecting on its own. */
  graceMs: number;
  /** How long one attempt may take to reach Ready before we rejoin again. */
  readyTimeoutMs: number;
  /** Rejoins before giving up (then the status is `lost`). */
  maxRejoinAttempts: number;
  /** Pause before the n-th rejoin is `n * rejoinBackoffMs`. */
  rejoinBackoffMs: number;
  logger: Logger;
  onStatus: (status: VoiceLinkStatus) => void;
}

const WORKING = [VoiceConnectionStatus.Signalling, VoiceConnectionStatus.Connecting] as string[];
const READY = [VoiceConnectionStatus.Ready] as string[];
const NOT_READY = [
  VoiceConnectionStatus.Signalling,
  VoiceConnectionStatus.Connecting,
  VoiceConnectionStatus.Disconnected,
  VoiceConnectionStatus.Destroyed,
] as string[];

/**
 * Keeps a voice connection alive, following the @discordjs/voice recipe: on Disconnected, give
 * the library `graceMs` to start reconnecting by itself (a move, a new voice server, or a close
 * code such as 4006/4015/1006, after which it signals again on its own); otherwise rejoin, with
 * backoff, up to `maxRejoinAttempts`. A reconnect that never reaches Ready is retried the same
 * way. Reports `reconnecting` / `ready` / `lost` through `onStatus`; the interview carries on
 * meanwhile (the player pauses itself without a ready connection).
 */
export class VoiceReconnector {
  readonly #connection: ReconnectableConnection;
  readonly #options: VoiceReconnectorOptions;
  readonly #abort = new AbortController();
  readonly #loop: Promise<void>;

  constructor(connection: ReconnectableConnection, options: VoiceReconnectorOptions) {
    this.#connection = connection;
    this.#options = options;
    this.#loop = this.#supervise(this.#abort.signal).catch((error: unknown) => {
      options.logger.error({ err: error }, 'voice reconnector stopped unexpectedly');
      options.onStatus('lost');
    });
  }

  /** Stops supervising (call before destroying the connection) and waits for the loop to end. */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #supervise(signal: AbortSignal): Promise<void> {
    const conn = this.#connection;
    const { logger } = this.#options;
    while (!signal.aborted) {
      // Wait (indefinitely) for the connection to drop.
      await waitForStatus(conn, NOT_READY, 2 ** 31 - 1, signal);
      if (signal.aborted) return;
      if (conn.state.status === VoiceConnectionStatus.Destroyed) {
        this.#options.onStatus('lost');
        return;
      }
      logger.warn({ status: conn.state.status, closeCode: conn.state.closeCode }, 'voice connection dropped; reconnecting');
      this.#options.onStatus('reconnecting');
      const recovered = await this.#recover(signal);
      if (signal.aborted) return;
      if (!recovered) {
        logger.error({ rejoinAttempts: conn.rejoinAttempts }, 'voice connection lost; giving up');
        this.#options.onStatus('lost');
        return;
      }
      logger.info('voice connection ready again');
      this.#options.onStatus('ready');
    }
  }

  /** One outage: returns true once Ready again, false when out of attempts or destroyed. */
  async #recover(signal: AbortSignal): Promise<boolean> {
    const conn = this.#connection;
    const o = this.#options;
    for (;;) {
      if (signal.aborted) return false;
      const status = conn.state.status;
      if (status === VoiceConnectionStatus.Destroyed) return false;
      if (status === VoiceConnectionStatus.Ready) return true;
      if (status === VoiceConnectionStatus.Disconnected) {
        const moving = await waitForStatus(conn, WORKING, o.graceMs, signal);
        if (signal.aborted) return false;
        if (!moving && !(await this.#rejoin(signal))) return false;
      }
      const ready = await waitForStatus(conn, [...READY, VoiceConnectionStatus.Disconnected, VoiceConnectionStatus.Destroyed], o.readyTimeoutMs, signal);
      if (signal.aborted) return false;
      if (ready && conn.state.status === VoiceConnectionStatus.Ready) return true;
      // Stuck signalling/connecting: ask again (a Disconnected state loops to the grace period).
      if (!ready && !(await this.#rejoin(signal))) return false;
    }
  }

  async #rejoin(signal: AbortSignal): Promise<boolean> {
    const conn = this.#connection;
    if (conn.rejoinAttempts >= this.#options.maxRejoinAttempts) return false;
    // Back off before asking again, unless the connection recovers or is destroyed meanwhile (checked below).
    await waitForStatus(conn, [VoiceConnectionStatus.Ready, VoiceConnectionStatus.Destroyed], (conn.rejoinAttempts + 1) * this.#options.rejoinBackoffMs, signal);
    if (signal.aborted || conn.state.status === VoiceConnectionStatus.Destroyed) return false;
    if (conn.state.status === VoiceConnectionStatus.Ready) return true;
    this.#options.logger.info({ attempt: conn.rejoinAttempts + 1 }, 'rejoining voice channel');
    conn.rejoin();
    return true;
  }
}
