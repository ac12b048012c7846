import type { EventEmitter } from 'node:events';

/** Anything with a tagged `state` that emits `stateChange(old, new)`: VoiceConnection, AudioPlayer. */
export interface StatefulEmitter<S extends string> extends EventEmitter {
  readonly state: { status: S };
}

/**
 * Waits until `target` reaches one of `statuses`. Unlike `entersState` it accepts several
 * statuses, never rejects, and reports the outcome: `true` when reached, `false` on timeout or
 * abort. Resolves at once if the target is already in one of them.
 * @param timeoutMs how long to wait at most, in milliseconds
 */
export function waitForStatus<S extends string>(
  target: StatefulEmitter<S>,
  statuses: readonly S[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (statuses.includes(target.state.status)) return Promise.resolve(true);
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const finish = (reached: boolean): void => {
      clearTimeout(timer);
      target.off('stateChange', onChange);
      signal?.removeEventListener('abort', onAbort);
      resolve(reached);
    };
    const onChange = (_old: unknown, next: { status: S }): void => {
      if (statuses.includes(next.status)) finish(true);
    };
    const onAbort = (): void => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    target.on('stateChange', onChange);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

