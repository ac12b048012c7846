/**
 * Faults of a speech response that happen after it has started:
 * - `mid_body`: the 200 and part of the audio are sent, then the socket is destroyed
 * - `after_body`: the whole response is sent, then the next speech request's connection is
 *   reset before any response (the client sees a success, then a network error)
 * - `garbage`: a 200 with an audio content type whose body is not audio (an HTML error page,
 *   as a misconfigured proxy or server sends)
 */
export interface SpeechFault {
  at: 'mid_body' | 'after_body' | 'garbage';
  /** For `mid_body`: bytes of audio sent before the drop (default: the first chunk, or half a WAV). */
  afterBytes?: number;
}

/** The queue of speech faults; each speech request takes at most one. */
export class SpeechFaults {
  readonly #queue: SpeechFault[] = [];
  #resets = 0;

  add(fault: SpeechFault, times: number): void {
    for (let i = 0; i < times; i++) this.#queue.push(fault);
  }

  /** The fault for the response about to be sent, if any. */
  take(): SpeechFault | undefined {
    return this.#queue.shift();
  }

  /** Records that the request after this one must have its connection reset. */
  resetNext(): void {
    this.#resets += 1;
  }

  /** True (once) when this request's connection must be reset. */
  takeReset(): boolean {
    if (this.#resets === 0) return false;
    this.#resets -= 1;
    return true;
  }
}
