import type { AiCapability } from './AiError.ts';
import { aiErrorKind } from './aiErrorKind.ts';

/** The last outcome of one capability: ISO times and an error kind, never content. */
export interface CapabilityStatus {
  lastSuccessAt: string | null;
  lastFailure: { at: string; kind: string } | null;
}

/** What `/health` shows under `ai`. */
export type CapabilityHealthReport = Record<AiCapability, CapabilityStatus>;

/**
 * Remembers, per AI capability, when a call last succeeded and when and how (an
 * {@link aiErrorKind}) one last failed. Written by {@link withCapabilityHealth}, read by the
 * health endpoint. Holds nothing else: no prompts, transcripts, audio or messages.
 */
export class CapabilityHealth {
  readonly #now: () => number;
  readonly #status: CapabilityHealthReport = {
    llm: { lastSuccessAt: null, lastFailure: null },
    stt: { lastSuccessAt: null, lastFailure: null },
    tts: { lastSuccessAt: null, lastFailure: null },
  };

  /** @param now clock in ms since the epoch (tests pass their own) */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  succeeded(capability: AiCapability): void {
    this.#status[capability].lastSuccessAt = new Date(this.#now()).toISOString();
  }

  failed(capability: AiCapability, error: unknown): void {
    this.#status[capability].lastFailure = { at: new Date(this.#now()).toISOString(), kind: aiErrorKind(error) };
  }

  /** A copy of the current state. */
  report(): CapabilityHealthReport {
    return structuredClone(this.#status);
  }
}
