import { describe, expect, it } from 'vitest';
import { EvaluationRetryLoop } from '../../src/bot/EvaluationRetryLoop.ts';
import { updatePostedResults, type ChannelFetcher } from '../../src/bot/updatePostedResults.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { createLogger } from '../../src/logger.ts';
import { richAnswer, scriptedModel } from '../interview/fakes/scriptedModel.ts';

const logger = createLogger({ level: 'silent' });

/** A finished interview whose one answer is unscored, with its results posted as message m1 in channel c1. */
async function postedUnscored(store: MemoryStore, guildId: string): Promise<string> {
  const interview = await store.createInterview({
    guildId, candidateUserId: 'u1', candidateName: 'Jane', textChannelId: 'c1', voiceChannelId: null,
    jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: 1,
  });
  await store.saveAnswer({
    guildId, interviewId: interview.id, number: 1, questionText: 'How would you cache this?', isFallback: false,
    answerStatus: 'answered', answerTranscript: richAnswer('cache'), answerDurationMs: 1_000, analytics: null, askedAt: new Date(), answeredAt: new Date(),
  });
  await store.saveEvaluation(guildId, interview.id, 1, { kind: 'unscored', reason: 'AiError' });
  await store.finishInterview(guildId, interview.id, 'completed', null);
  await store.recordInterviewMessage({ guildId, interviewId: interview.id, channelId: 'c1', messageId: 'm1', kind: 'results' });
  await store.recordInterviewMessage({ guildId, interviewId: interview.id, channelId: 'c1', messageId: 'card1', kind: 'question_card' });
  return interview.id;
}

/** Channels holding messages by id; every edit is recorded. */
function fakeChannels(existing: string[]): { channels: ChannelFetcher; edits: Array<{ messageId: string; body: unknown }> } {
  const edits: Array<{ messageId: string; body: unknown }> = [];
  const channel = {
    isTextBased: () => true,
    messages: {
      fetch: async (messageId: string) => {
        if (!existing.includes(messageId)) throw new Error('Unknown Message');
        return { edit: async (body: unknown) => void edits.push({ messageId, body }) };
      },
    },
  };
  const channels = { fetch: async (id: string) => (id === 'c1' ? channel : null) } as unknown as ChannelFetcher;
  return { channels, edits };
}

describe('late scores update the posted results', () => {
  it('the retry loop scores the answer, then the results message (and only it) is edited with the score and a new transcript', async () => {
    const store = new MemoryStore();
    const id = await postedUnscored(store, 'g1');
    const { channels, edits } = fakeChannels(['m1', 'card1']);
    const loop = new EvaluationRetryLoop({ store, llm: scriptedModel({ scoreFor: () => 8 }), logger, firstDelayMs: 0, intervalMs: 60_000, onRescored: updatePostedResults({ store, channels, logger }) });
    const deadline = Date.now() + 5_000;
    while (edits.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await loop.close();
    expect((await store.getInterview('g1', id))?.interview.finalScore).toBe(8);
    expect(edits.map((e) => e.messageId)).toEqual(['m1']);
    const body = edits[0]!.body as { embeds: unknown[]; files: unknown[]; attachments: unknown[] };
    expect(JSON.stringify(body.embeds)).toMatch(/8(\.0)?\s*\/\s*10/);
    expect(body.files).toHaveLength(1);
    expect(body.attachments).toEqual([]);
  });

  it('a results message that is gone is skipped without an error; an interview without one is left alone', async () => {
    const store = new MemoryStore();
    const id = await postedUnscored(store, 'g1');
    const gone = fakeChannels([]);
    await expect(updatePostedResults({ store, channels: gone.channels, logger })('g1', id)).resolves.toBeUndefined();
    expect(gone.edits).toEqual([]);
    // Scoped by server: the same interview asked for from another guild finds nothing to edit.
    const other = fakeChannels(['m1']);
    await updatePostedResults({ store, channels: other.channels, logger })('g2', id);
    expect(other.edits).toEqual([]);
  });

  it('the trend chart is drawn again with the late score once it is the third scored interview', async () => {
    const store = new MemoryStore();
    for (const score of [5, 6]) {
      const earlier = await store.createInterview({ guildId: 'g1', candidateUserId: 'u1', candidateName: 'Jane', textChannelId: 'c1', voiceChannelId: null, jobTitle: 'Dev', type: 'technical', language: 'English', questionCount: 1 });
      await store.saveAnswer({ guildId: 'g1', interviewId: earlier.id, number: 1, questionText: 'Q?', isFallback: false, answerStatus: 'answered', answerTranscript: 'A.', answerDurationMs: 1_000, analytics: null, askedAt: new Date(), answeredAt: new Date() });
      await store.saveEvaluation('g1', earlier.id, 1, { kind: 'scored', evaluation: { score, feedback: 'ok', strengths: [], improvements: [], evidence: '', criteria: [] } });
      await store.finishInterview('g1', earlier.id, 'completed', score);
    }
    const id = await postedUnscored(store, 'g1');
    const before = fakeChannels(['m1']);
    await updatePostedResults({ store, channels: before.channels, logger })('g1', id);
    expect((before.edits[0]!.body as { files: Array<{ name: string }> }).files.map((f) => f.name)).toEqual([expect.stringMatching(/\.md$/)]);
    await store.saveEvaluation('g1', id, 1, { kind: 'scored', evaluation: { score: 8, feedback: 'ok', strengths: [], improvements: [], evidence: '', criteria: [] } });
    await store.setFinalScore('g1', id, 8);
    const after = fakeChannels(['m1']);
    await updatePostedResults({ store, channels: after.channels, logger })('g1', id);
    const body = after.edits[0]!.body as { embeds: Array<{ image?: { url: string } }>; files: Array<{ name: string }>; attachments: unknown[] };
    expect(body.files.map((f) => f.name)).toEqual([expect.stringMatching(/\.md$/), 'trends.png']);
    expect(body.embeds[0]?.image).toEqual({ url: 'attachment://trends.png' });
    expect(body.attachments).toEqual([]);
  });
});
