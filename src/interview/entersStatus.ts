import type { InterviewSession } from './InterviewSession.ts';
import { isFinal, type SessionState } from './sessionState.ts';

/** The state that `status` names (a final status picks the final-state member). */
type StateOf<S extends SessionState['status'], T = SessionState> = T extends { status: infer U } ? (S extends U ? T & { status: S } : never) : never;

/**
 * Resolves with the session's state once it is in `status` (at once when it already is),
 * listening to `stateChange` instead of polling; like discord.js' `entersState`. Rejects when
 * `timeoutOrSignal` (a timeout in ms, or a signal) runs out first, or when the session ends in
 * another final state (it can never get there then).
 */
export function entersStatus<S extends SessionState['status']>(session: InterviewSession, status: S, timeoutOrSignal: AbortSignal | number): Promise<StateOf<S>> {
  const reached = (s: SessionState): s is StateOf<S> => s.status === status;
  if (reached(session.state)) return Promise.resolve(session.state);
  const signal = typeof timeoutOrSignal === 'number' ? AbortSignal.timeout(timeoutOrSignal) : timeoutOrSignal;
  return new Promise<StateOf<S>>((resolve, reject) => {
    const done = (): void => {
      session.off('stateChange', onChange);
      signal.removeEventListener('abort', onAbort);
    };
    const onChange = (_old: SessionState, next: SessionState): void => {
      if (reached(next)) {
        done();
        resolve(next);
      } else if (isFinal(next)) {
        done();
        reject(new Error(`the session ended as ${next.status} (${next.reason}) instead of entering ${status}`));
      }
    };
    const onAbort = (): void => {
      done();
      reject(new Error(`the session did not enter ${status} in time (it is ${session.state.status})`, { cause: signal.reason }));
    };
    if (signal.aborted) return onAbort();
    session.on('stateChange', onChange);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
