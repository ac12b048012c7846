import type { InterviewContext, PreviousTurn } from './prompts.ts';
import type { GeneratedQuestion, QuestionGenerator } from './QuestionGenerator.ts';
import type { SessionScope } from './SessionScope.ts';
import { untilAborted } from '../util/TaskGroup.ts';
import { normalizeText } from './textSimilarity.ts';

/** A next question being prepared before the answer really ended. */
export interface Speculation {
  /** The question it prepares (1-based). */
  number: number;
  /** Aborts the generation. Once taken, the taker owns it. */
  controller: AbortController;
  promise: Promise<GeneratedQuestion>;
}

/** Options of {@link QuestionSpeculator}. */
export interface QuestionSpeculatorOptions {
  generator: QuestionGenerator;
  context: InterviewContext;
  /** Number of questions (N): nothing is prepared past it. */
  total: number;
  /** False turns speculation off (every call is a no-op). */
  enabled: boolean;
  /** Owns the generations; its signal aborts them at shutdown. */
  scope: SessionScope;
  /** Told the text of a prepared question that may still be asked, so its audio can be made early. */
  prepareSpeech?: (text: string) => void;
}

type Entry = Speculation & { transcript: string; taken: boolean };

/**
 * Prepares the next question while the candidate pauses (a tentative end of their answer), as
 * if what they said so far were the final answer. Driven by the session's effects: `speculate`
 * starts one, `dropSpeculation` drops it when the candidate speaks again or ends with different
 * words, and the generation of that question takes it. At most one speculation exists at a time.
 */
export class QuestionSpeculator {
  readonly #o: QuestionSpeculatorOptions;
  #current: Entry | null = null;

  constructor(opts: QuestionSpeculatorOptions) {
    this.#o = opts;
  }

  /**
   * Prepares question `nextNumber` from `transcript`, the answer so far; `previous` holds the
   * turns the prompt needs (the current one included). Nothing is started when disabled, past
   * the last question, for an empty answer, or when one from the same words exists.
   */
  start(nextNumber: number, transcript: string, previous: PreviousTurn[]): void {
    const { enabled, total, generator, context, scope } = this.#o;
    if (!enabled || nextNumber > total || transcript.trim() === '') return;
    if (this.#current && normalizeText(this.#current.transcript) === normalizeText(transcript)) return;
    this.drop();
    const controller = new AbortController();
    const promise = generator.generate({ context, previous, number: nextNumber, total, signal: AbortSignal.any([controller.signal, scope.signal]) });
    const entry: Entry = { number: nextNumber, transcript, controller, promise, taken: false };
    this.#current = entry;
    void scope.tasks.spawn('speculative question', async () => {
      try {
        const q = await untilAborted(promise, controller.signal);
        if (this.#current === entry || entry.taken) this.#o.prepareSpeech?.(q.text);
      } catch {
        // Aborted or failed: the real generation path handles it.
      }
    });
  }

  /** Drops the speculation unless it was made from exactly `transcript` (null drops it). */
  keepIf(transcript: string | null): void {
    const current = this.#current;
    if (current && (transcript === null || normalizeText(current.transcript) !== normalizeText(transcript))) this.drop();
  }

  /** The speculation for question `number`, now owned by the caller; any other one is dropped. */
  take(number: number): Speculation | null {
    const current = this.#current;
    this.#current = null;
    if (current?.number === number) {
      current.taken = true;
      return current;
    }
    current?.controller.abort();
    return null;
  }

  /** Aborts and forgets the current speculation, if any. */
  drop(): void {
    this.#current?.controller.abort();
    this.#current = null;
  }
}
