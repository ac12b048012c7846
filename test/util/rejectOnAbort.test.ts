import { describe, expect, it } from 'vitest';
import { rejectOnAbort } from '../../src/util/rejectOnAbort.ts';

describe('rejectOnAbort', () => {
  it('rejects with the reason when the signal aborts, and at once when it already has', async () => {
    const controller = new AbortController();
    const pending = rejectOnAbort(controller.signal);
    controller.abort(new Error('budget spent'));
    await expect(pending).rejects.toThrow('budget spent');
    await expect(rejectOnAbort(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('never settles while the signal stays live, and an abort nobody awaits raises no unhandled rejection', async () => {
    const controller = new AbortController();
    const settled = await Promise.race([rejectOnAbort(controller.signal).then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 20))]);
    expect(settled).toBe('pending');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const other = new AbortController();
    void rejectOnAbort(other.signal);
    other.abort(new Error('late'));
    await new Promise((r) => setTimeout(r, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
