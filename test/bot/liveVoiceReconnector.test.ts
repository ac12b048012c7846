import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { VoiceReconnector, type VoiceLinkStatus } from '../../src/bot/live/VoiceReconnector.ts';

/** A stand-in VoiceConnection: a state machine driven by the test, recording rejoins. */
class FakeConnection extends EventEmitter {
  state: { status: string; closeCode?: number; reason?: number } = { status: 'ready' };
  rejoinAttempts = 0;
  rejoins = 0;
  /** What a rejoin leads to: Ready after `readyAfterMs`, or stay signalling. */
  rejoinOutcome: 'ready' | 'stuck' = 'ready';

  set(status: string, extra: { closeCode?: number; reason?: number } = {}): void {
    const old = this.state;
    this.state = { status, ...extra };
    if (status === 'ready') this.rejoinAttempts = 0;
    this.emit('stateChange', old, this.state);
    this.emit(status, old, this.state);
  }

  rejoin(): boolean {
    this.rejoins += 1;
    if (this.state.status !== 'ready') this.rejoinAttempts += 1;
    this.set('signalling');
    if (this.rejoinOutcome === 'ready') {
      setTimeout(() => this.set('connecting'), 50);
      setTimeout(() => this.set('ready'), 100);
    }
    return true;
  }
}

const logger = createLogger({ level: 'silent' });

function start(conn: FakeConnection) {
  const statuses: VoiceLinkStatus[] = [];
  const r = new VoiceReconnector(conn, {
    graceMs: 5_000,
    readyTimeoutMs: 10_000,
    maxRejoinAttempts: 3,
    rejoinBackoffMs: 1_000,
    logger,
    onStatus: (s) => statuses.push(s),
  });
  return { r, statuses };
}

describe('VoiceReconnector', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('lets the library reconnect by itself after a resumable close code (no rejoin)', async () => {
    const conn = new FakeConnection();
    const { r, statuses } = start(conn);
    await vi.advanceTimersByTimeAsync(10);
    // Close code 4006: the library goes straight to signalling and rejoins itself.
    conn.set('signalling');
    await vi.advanceTimersByTimeAsync(300);
    conn.set('connecting');
    await vi.advanceTimersByTimeAsync(300);
    conn.set('ready');
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses).toEqual(['reconnecting', 'ready']);
    expect(conn.rejoins).toBe(0);
    await r.close();
  });

  it('waits the grace period after Disconnected, then rejoins', async () => {
    const conn = new FakeConnection();
    const { r, statuses } = start(conn);
    await vi.advanceTimersByTimeAsync(10);
    conn.set('disconnected', { reason: 0, closeCode: 4014 });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(conn.rejoins).toBe(0);
    await vi.advanceTimersByTimeAsync(100 + 1_000 + 200);
    expect(conn.rejoins).toBe(1);
    expect(conn.state.status).toBe('ready');
    expect(statuses).toEqual(['reconnecting', 'ready']);
    await r.close();
  });

  it('does not rejoin when the connection starts moving within the grace period (moved channel)', async () => {
    const conn = new FakeConnection();
    const { r, statuses } = start(conn);
    await vi.advanceTimersByTimeAsync(10);
    conn.set('disconnected', { reason: 0, closeCode: 4014 });
    await vi.advanceTimersByTimeAsync(1_000);
    conn.set('connecting');
    await vi.advanceTimersByTimeAsync(500);
    conn.set('ready');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(conn.rejoins).toBe(0);
    expect(statuses).toEqual(['reconnecting', 'ready']);
    await r.close();
  });

  it('retries a reconnect stuck before Ready and gives up after the maximum attempts', async () => {
    const conn = new FakeConnection();
    conn.rejoinOutcome = 'stuck';
    const { r, statuses } = start(conn);
    await vi.advanceTimersByTimeAsync(10);
    conn.set('disconnected', { reason: 1 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(conn.rejoins).toBe(3);
    expect(statuses).toEqual(['reconnecting', 'lost']);
    await r.close();
  });

  it('survives several outages in a row', async () => {
    const conn = new FakeConnection();
    const { r, statuses } = start(conn);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(10);
      conn.set('disconnected', { reason: 0, closeCode: 4014 });
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(statuses).toEqual(['reconnecting', 'ready', 'reconnecting', 'ready', 'reconnecting', 'ready']);
    await r.close();
  });

  it('reports lost when the connection is destroyed, and close() ends the loop promptly', async () => {
    const conn = new FakeConnection();
    const { r, statuses } = start(conn);
    await vi.advanceTimersByTimeAsync(10);
    conn.set('destroyed');
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses).toEqual(['lost']);
    await r.close();

    const conn2 = new FakeConnection();
    const second = start(conn2);
    conn2.set('disconnected', { reason: 0, closeCode: 4014 });
    await vi.advanceTimersByTimeAsync(100);
    await second.r.close();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(conn2.rejoins).toBe(0);
  });
});
