import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreWrites } from '../../src/bot/StoreWrites.ts';
import { testLogger } from '../ai/testLogger.ts';
import { FlakyStore } from '../interview/fakes/FlakyStore.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('StoreWrites (journal at shutdown, replay at start)', () => {
  it('journals what a shutdown could not write, and the next start writes it before anything else and deletes the journal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotseat-writes-'));
    dirs.push(dataDir);
    const store = new FlakyStore();
    const rec = await store.createInterview({ guildId: 'g1', candidateUserId: 'u1', candidateName: 'Ann', textChannelId: null, voiceChannelId: null, jobTitle: 'Dev', type: 'technical', language: 'English', questionCount: 1 });
    const { logger } = testLogger();

    const first = new StoreWrites(store, { dataDir, shardId: 0, logger });
    store.down = true;
    await first.store.saveAnswer({ guildId: 'g1', interviewId: rec.id, number: 1, questionText: 'Q1', isFallback: false, answerStatus: 'answered', answerTranscript: 'my answer', answerDurationMs: 900, analytics: null, askedAt: new Date(5_000), answeredAt: new Date(6_000) });
    await first.store.finishInterview('g1', rec.id, 'interrupted', null);
    await first.close(0);
    expect(first.journal.path).toBe(join(dataDir, 'pending-writes.jsonl'));
    expect(statSync(first.journal.path).mode & 0o777).toBe(0o600);
    expect(store.log).toEqual([]);

    store.down = false;
    const second = new StoreWrites(store, { dataDir, shardId: 0, logger });
    expect(await second.replay()).toBe(2);
    expect(store.log).toEqual(['saveAnswer 1 answered', 'finishInterview interrupted null']);
    expect(existsSync(second.journal.path)).toBe(false);
    const details = await store.getInterview('g1', rec.id);
    expect(details?.questions[0]).toMatchObject({ answerTranscript: 'my answer', askedAt: new Date(5_000) });
    expect(await new StoreWrites(store, { dataDir, shardId: 0, logger }).replay()).toBe(0);
    expect(new StoreWrites(store, { dataDir, shardId: 2, logger }).journal.path).toBe(join(dataDir, 'pending-writes-shard2.jsonl'));
  });
});
