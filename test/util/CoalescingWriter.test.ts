import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoalescingWriter } from '../../src/util/CoalescingWriter.ts';

/** A send that records when each value went out and can be held open to simulate a slow Discord. */
function recorder(opts: { sendMs?: number } = {}) {
  const sent: Array<{ value: string; atMs: number }> = [];
  let active = 0;
  let maxActive = 0;
  const send = async (value: string): Promise<void> => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    sent.push({ value, atMs: Date.now() });
    if (opts.sendMs) await new Promise((r) => setTimeout(r, opts.sendMs));
    active -= 1;
  };
  return { sent, send, maxActive: () => maxActive };
}

describe('CoalescingWriter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first value at once and then at most one per interval, latest value wins', async () => {
    const r = recorder();
    const editor = new CoalescingWriter<string>({ intervalMs: 2_000, send: r.send, onError: () => {}, nowMs: () => Date.now() });
    editor.update('a');
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 1; i <= 20; i++) {
      editor.update(`v${i}`);
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    await editor.close();
    expect(r.sent.map((s) => s.value)).toEqual(['a', 'v8', 'v16', 'v20']);
    const gaps = r.sent.slice(1).map((s, i) => s.atMs - r.sent[i]!.atMs);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2_000);
  });

  it('never has two sends in flight and builds no backlog when sends are slower than the interval', async () => {
    const r = recorder({ sendMs: 5_000 });
    const editor = new CoalescingWriter<string>({ intervalMs: 1_000, send: r.send, onError: () => {}, nowMs: () => Date.now() });
    for (let i = 0; i < 30; i++) {
      editor.update(`v${i}`);
      await vi.advanceTimersByTimeAsync(500);
    }
    await vi.advanceTimersByTimeAsync(20_000);
    await editor.close();
    expect(r.maxActive()).toBe(1);
    // 15 s of updates with 5 s sends: about 3-4 sends, the last one carrying the newest value.
    expect(r.sent.length).toBeLessThanOrEqual(5);
    expect(r.sent.at(-1)?.value).toBe('v29');
  });

  it('flush sends the pending value without waiting for the interval', async () => {
    const r = recorder();
    const editor = new CoalescingWriter<string>({ intervalMs: 10_000, send: r.send, onError: () => {}, nowMs: () => Date.now() });
    editor.update('first');
    await vi.advanceTimersByTimeAsync(0);
    editor.update('final');
    await editor.flush();
    expect(r.sent.map((s) => s.value)).toEqual(['first', 'final']);
    expect(r.sent[1]!.atMs).toBe(0);
    await editor.close();
  });

  it('skips values whose key did not change', async () => {
    const r = recorder();
    const editor = new CoalescingWriter<string>({ intervalMs: 100, send: r.send, onError: () => {}, keyOf: (v) => v, nowMs: () => Date.now() });
    for (const v of ['x', 'x', 'y', 'y', 'x']) {
      editor.update(v);
      await vi.advanceTimersByTimeAsync(200);
    }
    await editor.close();
    expect(r.sent.map((s) => s.value)).toEqual(['x', 'y', 'x']);
  });

  it('reports a failed send and keeps going', async () => {
    const errors: unknown[] = [];
    const sent: string[] = [];
    const editor = new CoalescingWriter<string>({
      intervalMs: 100,
      send: async (v) => {
        if (v === 'bad') throw new Error('rate limited');
        sent.push(v);
      },
      onError: (e) => errors.push(e),
      nowMs: () => Date.now(),
    });
    editor.update('bad');
    await vi.advanceTimersByTimeAsync(150);
    editor.update('good');
    await vi.advanceTimersByTimeAsync(150);
    await editor.close();
    expect(errors).toHaveLength(1);
    expect(sent).toEqual(['good']);
  });

  it('close drops unsent values and waits for the send in flight', async () => {
    const r = recorder({ sendMs: 1_000 });
    const editor = new CoalescingWriter<string>({ intervalMs: 100, send: r.send, onError: () => {}, nowMs: () => Date.now() });
    editor.update('a');
    await vi.advanceTimersByTimeAsync(10);
    editor.update('b');
    let closed = false;
    const closing = editor.close().then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    await closing;
    expect(closed).toBe(true);
    expect(r.sent.map((s) => s.value)).toEqual(['a']);
  });
});
