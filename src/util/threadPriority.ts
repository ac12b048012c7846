import { setPriority } from 'node:os';

/**
 * Scheduling priorities of the bot's threads, where the system allows them (Linux keeps the nice
 * value per thread; raising it needs root or CAP_SYS_NICE, lowering it is always allowed). On a
 * busy machine the audio must not wait, the interviews' own work (the main thread) should wait
 * less than the rest of the machine, and the background threads (database, documents) can wait:
 * their work is queued anyway. New threads inherit their creator's value, so each sets its own.
 */
export const THREAD_NICE = { voice: -10, main: -5, background: 5 } as const;

/**
 * Sets the calling thread's nice value (see {@link THREAD_NICE}).
 * @returns whether it was applied (false: not permitted here; the thread keeps its priority)
 */
export function setThreadPriority(nice: number): boolean {
  try {
    setPriority(0, nice);
    return true;
  } catch {
    return false;
  }
}
