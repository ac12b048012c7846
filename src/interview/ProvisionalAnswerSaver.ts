import type { AnswerInput, Store } from './Store.ts';
import type { Logger } from '../logger.ts';
import type { TaskGroup } from '../util/TaskGroup.ts';

/** Options of {@link ProvisionalAnswerSaver}. */
export interface ProvisionalAnswerSaverOptions {
  store: Store;
  /** Owner of the write loops (the session's task group). */
  tasks: TaskGroup;
  logger?: Logger | undefined;
}

interface QuestionSlot {
  /** The newest row not written yet (coalesced: older ones are never written). */
  latest: AnswerInput | null;
  /** The write loop of this question, while one runs. */
  writing: Promise<void> | null;
  /** Something was queued for this question (so a reset has something to undo). */
  touched: boolean;
  /** The final row was (or is being) written: no provisional write any more. */
  sealed: boolean;
}

/**
 * Saves the answer in progress as it grows, so that a killed process (SIGKILL, power loss) does
 * not lose what the candidate already said. Writes of one question are serialised and coalesced
 * to the latest (never two in flight), never block the caller, and a failed write is logged and
 * ignored. {@link seal} hands the question over to the final save, which is written after the
 * last provisional write has finished, so it always wins.
 */
export class ProvisionalAnswerSaver {
  readonly #o: ProvisionalAnswerSaverOptions;
  readonly #slots = new Map<number, QuestionSlot>();

  constructor(opts: ProvisionalAnswerSaverOptions) {
    this.#o = opts;
  }

  #slot(number: number): QuestionSlot {
    let slot = this.#slots.get(number);
    if (!slot) {
      slot = { latest: null, writing: null, touched: false, sealed: false };
      this.#slots.set(number, slot);
    }
    return slot;
  }

  /** Queues `row` (question `row.number`, answer so far); ignored once the question is sealed. */
  save(row: AnswerInput): void {
    const slot = this.#slot(row.number);
    if (slot.sealed) return;
    slot.latest = row;
    slot.touched = true;
    if (slot.writing) return; // the running loop picks it up
    const task = this.#o.tasks.spawn('provisional answer save', () => this.#writeLoop(row.number, slot));
    slot.writing = task;
    void task.finally(() => {
      if (slot.writing === task) slot.writing = null;
      // A row queued after the loop's last check but before this cleanup still gets written.
      if (slot.latest && !slot.sealed && !slot.writing) {
        const latest = slot.latest;
        slot.latest = null;
        this.save(latest);
      }
    });
  }

  /**
   * The words said so far are void (the question is asked again): if anything was saved for
   * it, it is replaced by an unanswered row until the new answer's words come in.
   */
  reset(number: number, row: Omit<AnswerInput, 'answerStatus' | 'answerTranscript' | 'answerDurationMs' | 'analytics' | 'answeredAt'>): void {
    const slot = this.#slots.get(number);
    if (!slot || slot.sealed || !slot.touched) return;
    this.save({ ...row, number, answerStatus: 'unanswered', answerTranscript: null, answerDurationMs: null, analytics: null, answeredAt: null });
    slot.touched = false;
  }

  /**
   * The final row of question `number` is about to be written: drops any queued provisional row
   * and resolves once the write in flight (if any) has finished. Later {@link save}s are ignored.
   */
  seal(number: number): Promise<void> {
    const slot = this.#slot(number);
    slot.sealed = true;
    slot.latest = null;
    return slot.writing ?? Promise.resolve();
  }

  /** Resolves when no provisional write is running. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.#slots.values()].map((s) => s.writing).filter((w): w is Promise<void> => w !== null);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  async #writeLoop(number: number, slot: QuestionSlot): Promise<void> {
    await Promise.resolve(); // let the caller record `writing` before the first write
    for (let row = slot.latest; row && !slot.sealed; row = slot.latest) {
      slot.latest = null;
      try {
        await this.#o.store.saveAnswer(row);
      } catch (err) {
        // Never the transcript: only what kind of failure it was.
        const error = err instanceof Error ? { name: err.name, code: (err as { code?: unknown }).code } : { name: typeof err };
        this.#o.logger?.warn({ number, error }, 'provisional answer save failed; ignored');
      }
    }
  }
}
