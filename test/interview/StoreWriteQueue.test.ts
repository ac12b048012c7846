import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerInput } from '../../src/interview/Store.ts';
import { isTransientStoreError } from '../../src/db/isTransientStoreError.ts';
import { WriteJournal } from '../../src/db/WriteJournal.ts';
import { storeBackoffDelayMs, StoreWriteQueue, type StoreWrite } from '../../src/interview/StoreWriteQueue.ts';
import { testLogger } from '../ai/testLogger.ts';
import { FlakyStore, refused } from './fakes/FlakyStore.ts';

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

async function setup(opts: { random?: () => number } = {}) {
  const store = new FlakyStore();
  const { logger, lines } = testLogger();
  const queue = new StoreWriteQueue({ store, isTransient: isTransientStoreError, logger, baseDelayMs: 1, maxDelayMs: 4, random: opts.random ?? (() => 0) });
  const rec = await store.createInterview({ guildId: 'g1', candidateUserId: 'u1', candidateName: 'Ann', textChannelId: null, voiceChannelId: null, jobTitle: 'Dev', type: 'technical', language: 'English', questionCount: 3 });
  const answer = (number: number, transcript: string): AnswerInput => ({
    guildId: 'g1', interviewId: rec.id, number, questionText: `Q${number}`, isFallback: false, answerStatus: 'answered',
    answerTranscript: transcript, answerDurationMs: 1000, analytics: null, askedAt: new Date(1_000 * number), answeredAt: new Date(1_000 * number + 500),
  });
  return { store, queue, rec, answer, lines };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('StoreWriteQueue', () => {
  it('accepts writes at once while the database is down, and writes them in order when it returns', async () => {
    const { store, queue, rec, answer } = await setup();
    store.down = true;
    await queue.store.saveAnswer(answer(1, 'first answer'));
    await queue.store.saveAnswer(answer(2, 'second answer'));
    await queue.store.finishInterview('g1', rec.id, 'completed', 5);
    expect(queue.pendingQuestions(rec.id)).toEqual([1, 2]);
    await until(() => store.attempts >= 5); // retried several times, still down
    expect(store.log).toEqual([]);
    store.down = false;
    await queue.idle();
    expect(store.log).toEqual(['saveAnswer 1 answered', 'saveAnswer 2 answered', 'finishInterview completed 5']);
    expect(queue.pendingQuestions(rec.id)).toEqual([]);
    expect(queue.pendingCount).toBe(0);
    const details = await store.getInterview('g1', rec.id);
    expect(details?.questions.map((q) => q.answerTranscript)).toEqual(['first answer', 'second answer']);
  });

  it('backs off exponentially, with jitter, up to the cap, on one shared timer', async () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => storeBackoffDelayMs(n, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0 }))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(storeBackoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999 })).toBe(400);
    const { store, queue, answer, lines } = await setup();
    const other = await store.createInterview({ guildId: 'g2', candidateUserId: 'u2', candidateName: 'Bo', textChannelId: null, voiceChannelId: null, jobTitle: 'Dev', type: 'hr', language: 'English', questionCount: 1 });
    store.down = true;
    await queue.store.saveAnswer(answer(1, 'a'));
    await queue.store.finishInterview('g2', other.id, 'abandoned', null);
    await until(() => lines.filter((l) => l.includes('retrying after a backoff')).length >= 4);
    store.down = false;
    await queue.idle();
    const backoffs = lines.filter((l) => l.includes('retrying after a backoff')).map((l) => JSON.parse(l) as { delayMs: number; failures: number });
    expect(backoffs.slice(0, 4).map((b) => b.delayMs)).toEqual([1, 1, 2, 2]);
    // Two interviews failing in the same round start one backoff, not two.
    expect(backoffs.map((b) => b.failures)).toEqual(backoffs.map((_, i) => i + 1));
    expect(store.attempts).toBeGreaterThanOrEqual(2 * backoffs.length);
    expect(store.log).toEqual(expect.arrayContaining(['saveAnswer 1 answered', 'finishInterview abandoned null']));
  });

  it('drops a write that is not transient (a bug), logged without the answer, and goes on with the next', async () => {
    const { store, queue, answer, lines } = await setup();
    store.failWith = Object.assign(new Error('new row violates check constraint "questions_number_check"'), { name: 'DatabaseError', code: '23514' });
    await queue.store.saveAnswer(answer(1, 'secret words of the candidate'));
    await until(() => store.attempts === 1 && queue.pendingCount === 0);
    store.failWith = null;
    await queue.store.saveAnswer(answer(2, 'second'));
    await queue.idle();
    expect(store.attempts).toBe(2);
    expect(store.log).toEqual(['saveAnswer 2 answered']);
    expect(lines.some((l) => l.includes('not transient') && l.includes('23514'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret words');
  });

  it('coalesces provisional rows of one question that are still waiting', async () => {
    const { store, queue, rec, answer } = await setup();
    store.down = true;
    await queue.store.saveAnswer(answer(1, 'one'));
    await until(() => store.attempts >= 1);
    for (const t of ['one two', 'one two three', 'one two three four']) await queue.store.saveAnswer(answer(1, t));
    store.down = false;
    await queue.idle();
    // The row in flight at the failure, then only the newest of the ones that waited.
    expect((await store.getInterview('g1', rec.id))?.questions[0]?.answerTranscript).toBe('one two three four');
    expect(store.log.length).toBeLessThanOrEqual(2);
  });

  it('is stopped by close(): no retry after it, and the pending writes go to a 0600 journal that replays in order, idempotently', async () => {
    const { store, queue, rec, answer } = await setup();
    const dir = mkdtempSync(join(tmpdir(), 'hotseat-journal-'));
    dirs.push(dir);
    const journal = new WriteJournal(join(dir, 'pending-writes.jsonl'));
    store.down = true;
    await queue.store.saveAnswer(answer(1, 'kept through a restart'));
    await queue.store.finishInterview('g1', rec.id, 'interrupted', null);
    await until(() => store.attempts >= 2);
    expect(await queue.close(journal, 0)).toBe(2);
    const attemptsAtClose = store.attempts;
    await new Promise((r) => setTimeout(r, 20));
    expect(store.attempts).toBe(attemptsAtClose);
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(journal.path, 'utf8').trim().split('\n')).toHaveLength(2);

    // Next start: the database is back; the journal is replayed in order, twice even, with the same result.
    store.down = false;
    const { writes, badLines } = journal.read();
    expect(badLines).toBe(0);
    expect(writes.map((w) => w.op)).toEqual(['saveAnswer', 'finishInterview']);
    expect((writes[0] as Extract<StoreWrite, { op: 'saveAnswer' }>).input.askedAt).toEqual(new Date(1_000));
    for (let round = 0; round < 2; round++) {
      const next = new StoreWriteQueue({ store, isTransient: isTransientStoreError, baseDelayMs: 1, maxDelayMs: 4 });
      for (const w of writes) next.enqueue(w);
      await next.idle();
    }
    journal.remove();
    const details = await store.getInterview('g1', rec.id);
    expect(details?.questions.map((q) => q.answerTranscript)).toEqual(['kept through a restart']);
    expect(details?.interview.status).toBe('interrupted');
    expect(journal.read().writes).toEqual([]);
  });

  it('refuses writes past its bound instead of growing without limit', async () => {
    const store = new FlakyStore();
    store.down = true;
    const queue = new StoreWriteQueue({ store, isTransient: isTransientStoreError, baseDelayMs: 1, maxDelayMs: 4, maxPending: 2 });
    await queue.store.finishInterview('g1', 'a', 'completed', null);
    await queue.store.finishInterview('g1', 'b', 'completed', null);
    await expect(queue.store.finishInterview('g1', 'c', 'completed', null)).rejects.toThrow('queue full');
    await queue.close({ write: () => undefined }, 0);
  });

  it('passes reads and createInterview straight to the store', async () => {
    const { queue, rec } = await setup();
    expect((await queue.store.getInterview('g1', rec.id))?.interview.id).toBe(rec.id);
  });
});

describe('isTransientStoreError', () => {
  it('retries outages, never bugs', () => {
    const e = (props: Record<string, unknown>, message = 'x'): Error => Object.assign(new Error(message), props);
    for (const err of [refused(), e({ code: 'ECONNRESET' }), e({ code: '57P01' }), e({ code: '53300' }), e({ code: '08006' }), e({ code: 'PGRST003' }), e({ status: 503 }), e({ status: 0 }), e({}, 'Connection terminated unexpectedly'), e({ name: 'TimeoutError' })]) {
      expect(isTransientStoreError(err), String((err as { code?: string }).code ?? err.message)).toBe(true);
    }
    for (const err of [e({ code: '23505' }), e({ code: '23514', status: 409 }), e({ code: 'P0001', status: 400 }), e({ status: 404, code: 'PGRST202' }), new Error('saveAnswer: interview x does not exist in guild g'), 'string']) {
      expect(isTransientStoreError(err)).toBe(false);
    }
  });
});
