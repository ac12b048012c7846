import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * The posted results carry the trend chart once the candidate has three scored interviews in the
 * server: two seeded through the store, the third a one-question interview answered by voice.
 */

const QUESTION = 'Tell me about a project where you improved the performance of a system.';
const ANSWER = ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
let dataDir: string;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: QUESTION, isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 8, feedback: 'A concrete result.', strengths: ['Numbers'], improvements: ['Trade-offs'], evidence: 'reduced latency by forty percent' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: 1 });
  openai = await startOpenAiStandIn({ chat });
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-results-trends-'));
  const { main } = discord.guilds;
  const alice = discord.users.alice.id;
  const store = await createStore(parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir }), createLogger({ level: 'silent' }));
  try {
    for (const [d, score] of [[2, 4], [9, 6]] as const) {
      const startedAt = new Date(Date.UTC(2026, 10, d, 9));
      const r = await store.createInterview({ guildId: main.id, candidateUserId: alice, candidateName: 'alice', textChannelId: null, voiceChannelId: null, jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: 1, startedAt });
      await store.saveAnswer({ guildId: main.id, interviewId: r.id, number: 1, questionText: 'Q?', isFallback: false, answerStatus: 'answered', answerTranscript: 'A.', answerDurationMs: 1000, analytics: null, askedAt: startedAt, answeredAt: startedAt });
      await store.saveEvaluation(main.id, r.id, 1, { kind: 'scored', evaluation: { score, feedback: 'ok', strengths: [], improvements: [], evidence: '', criteria: [] } });
      await store.finishInterview(main.id, r.id, 'completed', score);
    }
  } finally {
    await store.close();
  }
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: openai.baseUrl,
    dataDir,
    env: { DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_SILENCE_MS: '2000', SEGMENT_SILENCE_MS: '500', CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000' },
  });
  await Promise.all(ANSWER.map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('results with the trend chart', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it('the third scored interview posts trends.png beside the transcript, shown in the embed', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
    const card = await h.waitForCard(1, sinceMs);
    await h.waitForStatus(card, 'Listening');
    await h.answer(alice, ANSWER);
    const results = await h.waitForResults(alice, sinceMs);
    expect(results.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.md$/), 'trends.png']);
    expect((results.embeds[0] as { image?: Json }).image).toMatchObject({ url: 'attachment://trends.png' });
    const chart = results.attachments.find((a) => a.filename === 'trends.png')!;
    expect(chart.contentType).toBe('image/png');
    // This interview was scored per criterion (rubric scoring): its criteria are lines too.
    expect(chart.description).toBe('Score trends over 3 interviews: overall, Problem solving, Technical depth, Communication, Trade-offs');
    const png = PNG.sync.read(chart.bytes);
    expect([png.width, png.height]).toEqual([800, 450]);
    await h.botLeftVoice();
    expect(discord.unexpectedCalls()).toEqual([]);
  }, 90_000);
});
