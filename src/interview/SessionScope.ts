import type { Logger } from '../logger.ts';
import type { TaskGroup } from '../util/TaskGroup.ts';
import type { Clock } from './InterviewIO.ts';

/**
 * What every part of one interview's session shares: the owner of its background tasks, the
 * signal that aborts them at shutdown, its clock and its logger (with the interview's context).
 * Passed whole, so each part takes one argument instead of four.
 */
export interface SessionScope {
  /** Owns every background task; an unexpected task error fails the session. */
  readonly tasks: TaskGroup;
  /** Aborts at shutdown (evaluations, generations, captures still running). */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly log: Logger | undefined;
}
