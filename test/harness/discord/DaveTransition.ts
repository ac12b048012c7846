/** A transition the voice server announced and waits on (op 23 from each participant, or a timeout). */
interface Pending {
  id: number;
  version: 0 | 1;
  waiting: Set<string>;
  participants: string[];
  timer: NodeJS.Timeout;
}

/**
 * The voice server's one transition in flight (protocol.md "Commit Handling"): it executes when
 * every participant reported ready, when `timeoutMs` passes, or when a newer one starts.
 */
export class DaveTransition {
  readonly #timeoutMs: number;
  readonly #execute: (id: number, version: 0 | 1, participants: string[]) => void;
  readonly #schedule: (fn: () => void) => void;
  #pending: Pending | null = null;

  /** `schedule` runs the timeout's work in the owner's event order. */
  constructor(timeoutMs: number, execute: (id: number, version: 0 | 1, participants: string[]) => void, schedule: (fn: () => void) => void) {
    this.#timeoutMs = timeoutMs;
    this.#execute = execute;
    this.#schedule = schedule;
  }

  start(id: number, version: 0 | 1, participants: string[]): void {
    this.#finish();
    const timer = setTimeout(() => this.#schedule(() => {
      if (this.#pending?.id === id) this.#finish();
    }), this.#timeoutMs);
    this.#pending = { id, version, waiting: new Set(participants), participants, timer };
  }

  /** Op 23 (or the participant left). */
  ready(userId: string, id?: number): void {
    const p = this.#pending;
    if (!p || (id !== undefined && p.id !== id)) return;
    p.waiting.delete(userId);
    if (p.waiting.size === 0) this.#finish();
  }

  close(): void {
    if (this.#pending) clearTimeout(this.#pending.timer);
    this.#pending = null;
  }

  #finish(): void {
    const p = this.#pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending = null;
    this.#execute(p.id, p.version, p.participants);
  }
}
