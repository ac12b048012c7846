import type { AnswerInput, Store } from '../../../src/interview/Store.ts';
import { MemoryStore } from '../../../src/interview/testing/MemoryStore.ts';

/** The error node-postgres gives while the server is down. */
export const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A MemoryStore whose writes are refused while `down` (a database outage), with a count of write attempts. */
export class FlakyStore extends MemoryStore {
  down = false;
  attempts = 0;
  /** Thrown instead of a connection error when set (e.g. a constraint violation). */
  failWith: Error | null = null;

  #gate<T>(fn: () => Promise<T>): Promise<T> {
    this.attempts++;
    if (this.failWith) return Promise.reject(this.failWith);
    return this.down ? Promise.reject(refused()) : fn();
  }

  override saveAnswer(input: AnswerInput): Promise<void> {
    return this.#gate(() => super.saveAnswer(input));
  }

  override saveEvaluation(...args: Parameters<Store['saveEvaluation']>): Promise<void> {
    return this.#gate(() => super.saveEvaluation(...args));
  }

  override finishInterview(...args: Parameters<Store['finishInterview']>): Promise<void> {
    return this.#gate(() => super.finishInterview(...args));
  }
}
