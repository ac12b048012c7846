import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import type { InterviewDetails } from '../../src/interview/types.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { FaultProxy } from './helpers/FaultProxy.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, field, interviewIdOf, JOB_DESCRIPTION, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * Containment: two interviews at once in two servers, one bot process. Interview A (main
 * server, Bob) gets a fault at each of its async boundaries while interview B (other server,
 * Alice) runs beside it: its first question's speech fails on every attempt (500), every
 * transcription of its first answer fails, its card edits get 500s from Discord, and its
 * speech prepared at thinking pauses is dropped before, during and after synthesis while each
 * synthesis dies mid-body. B must finish normally; A carries on (or ends cleanly, saved and
 * told); the process never exits. Faults reach A only: a proxy in front of the OpenAI
 * stand-in matches A's question text in speech requests, and transcription faults are armed
 * only while Bob alone is speaking.
 */

const TOTAL = 3;
const A_MARK = 'Alpha';
const B_MARK = 'Bravo';
const TOPICS = [
  'describe a performance problem you solved.', 'how do you test code before a release?', 'tell me about a disagreement in your team.',
  'how would you speed up a slow query?', 'what did you learn from a failed deployment?', 'how do you review pull requests?',
  'how do you design an API for mobile clients?', 'what monitoring do you set up for a service?', 'how do you handle incidents at night?',
  'which caching strategy suits a read-heavy workload?', 'how do you mentor a junior engineer?', 'tell me about migrating a legacy system.',
];
const A_ANSWERS: Array<Array<string | number>> = [
  ['I built a cache', 1_600, 'in Go last year.'],
  ['Let me think about it for a moment.', 2_000, 'I write unit tests', 1_700, 'and they run on every commit.'],
  ['We agreed on a plan together.'],
];
const B_ANSWERS = [['I reduced latency by forty percent.'], ['I write integration tests for every release.'], ['I listened to my colleague.']];
const B_KEY_WORDS = [['latency', 'forty', 'percent', 'reduced'], ['integration', 'tests', 'release', 'write'], ['listened', 'colleague']];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let proxy: FaultProxy;
let bot: BotProcess;
let h: VoiceHelpers;
let calls = 0;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    const mark = prompt.includes(`${A_MARK} Corp`) ? A_MARK : B_MARK;
    return { question: `${mark} question ${n}: ${TOPICS[calls++ % TOPICS.length]!}`, isFollowUp: false, focus: 'experience' };
  }
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'A clear answer.', strengths: ['Concrete'], improvements: ['Trade-offs'], evidence: '' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 30_000 });
  h = new VoiceHelpers(discord, { total: TOTAL });
  openai = await startOpenAiStandIn({ chat });
  proxy = await FaultProxy.start(openai.baseUrl);
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: proxy.baseUrl,
    env: { DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_SILENCE_MS: '2500', NO_SPEECH_TIMEOUT_MS: '20000', LLM_MAX_RETRIES: '1', TTS_MAX_RETRIES: '1', STT_MAX_RETRIES: '1' },
  });
  await Promise.all([...A_ANSWERS.flat(), ...B_ANSWERS.flat()].filter((p): p is string => typeof p === 'string').map((s) => h.trimmedPacketsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await proxy?.close();
  await discord?.close();
  await openai?.close();
});

describe('one interview’s faults stay in that interview', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(80)}`));
  });

  it('B completes normally while A’s TTS, STT, card edits and prepared speech fail; the process never exits', async () => {
    const { main, other } = discord.guilds;
    const bob = discord.users.bob.id;
    const alice = discord.users.alice.id;
    const aChannel = main.interviewsChannelId;
    const bChannel = other.interviewsChannelId;
    const w = <T>(p: Promise<T>): Promise<T> => bot.explain(p);
    const card = (n: number, channelId: string, sinceMs: number): Promise<MessageRecord> => w(h.waitForCard(n, sinceMs, 40_000, channelId));
    const until = (c: MessageRecord, label: string): Promise<MessageRecord> => w(h.waitForStatus(c, label, 40_000));

    // Fault 1: every synthesis of A's first question fails with a 500 (retries exhausted).
    const ttsDown = proxy.add({ path: '/v1/audio/speech', bodyIncludes: `${A_MARK} question 1`, fault: { status: 500 } });
    discord.userJoinVoice(bob, main.voiceChannelId);
    discord.userJoinVoice(alice, other.voiceChannelId);
    const t0 = Date.now();
    const starts = [
      h.startInterview(bob, { jobDescription: `${A_MARK} Corp: ${JOB_DESCRIPTION}` }),
      h.startInterview(alice, { guild: 'other', jobDescription: `${B_MARK} Corp: ${JOB_DESCRIPTION}` }),
    ];
    for (const id of starts) expect((await w(discord.waitForReply(id))).content).toContain('starting');

    const [a1, b1] = await Promise.all([card(1, aChannel, t0), card(1, bChannel, t0)]);
    // A's question could not be spoken: it is on the card and A listens anyway.
    await Promise.all([until(a1, 'Listening'), until(b1, 'Listening')]);
    expect(proxy.hits.get(ttsDown)).toBeGreaterThanOrEqual(2);
    proxy.remove(ttsDown);

    // Fault 2: every transcription fails while Bob (and only Bob) speaks.
    const sttDown = proxy.add({ path: '/v1/audio/transcriptions', fault: { status: 500 } });
    await h.sayWithPauses(bob, A_ANSWERS[0]!);
    const a1Answered = await until(a1, 'Answered');
    expect(field(a1Answered, 'Your answer')).toContain('[inaudible]');
    proxy.remove(sttDown);
    expect(proxy.hits.get(sttDown)).toBeGreaterThanOrEqual(2);

    await h.sayWithPauses(alice, B_ANSWERS[0]!);
    expect(countHits(field(await until(b1, 'Answered'), 'Your answer') ?? '', B_KEY_WORDS[0]!)).toBeGreaterThanOrEqual(1);

    // Faults 3 and 4, while B carries on beside them: Discord answers A's card edits with 500,
    // and A's speech (prepared at each thinking pause, then dropped) arrives late and dies mid-body.
    discord.injectRestFault({ method: 'PATCH', path: new RegExp(`/channels/${aChannel}/messages/`), status: 500, times: 12 });
    const ttsCut = proxy.add({ path: '/v1/audio/speech', bodyIncludes: A_MARK, fault: { delayMs: 900, cutAfterBytes: 20_000 } });
    const [a2, b2] = await Promise.all([card(2, aChannel, t0), card(2, bChannel, t0)]);
    await until(b2, 'Listening');
    await Promise.all([
      h.sayWithPauses(bob, A_ANSWERS[1]!),
      (async () => {
        await h.sayWithPauses(alice, B_ANSWERS[1]!);
        expect(countHits(field(await until(b2, 'Answered'), 'Your answer') ?? '', B_KEY_WORDS[1]!)).toBeGreaterThanOrEqual(1);
      })(),
    ]);
    expect(a2.id).toBeDefined();
    const a3 = await card(3, aChannel, t0); // posted (not edited): the session moved on
    expect(proxy.hits.get(ttsCut)).toBeGreaterThanOrEqual(1);
    proxy.remove(ttsCut);

    const b3 = await card(3, bChannel, t0);
    await until(b3, 'Listening');
    await h.sayWithPauses(alice, B_ANSWERS[2]!);
    await until(a3, 'Listening');
    await h.sayWithPauses(bob, A_ANSWERS[2]!);

    const [aEnd, bEnd] = await Promise.all([w(h.waitForEnding(bob, t0, 60_000)), w(h.waitForResults(alice, t0, 60_000))]);
    expect(bEnd.content).toContain('complete');
    expect(bEnd.channelId).toBe(bChannel);
    expect(aEnd.channelId).toBe(aChannel);
    // A carried on to the end, or ended cleanly and told Bob with a reference id.
    if (!aEnd.content.includes('complete')) expect(aEnd.content).toMatch(/reference [\w-]+/i);

    // The faults did land, in A only.
    expect(discord.restCalls.filter((c) => c.method === 'PATCH' && c.status === 500 && c.path.includes(aChannel)).length).toBeGreaterThanOrEqual(1);
    const aId = interviewIdOf(aEnd);
    const bId = interviewIdOf(bEnd);
    expect(bot.logs.some((l) => l.interviewId === aId && l.msg === 'speaking the question failed')).toBe(true);
    expect(bot.logs.some((l) => l.interviewId === aId && l.msg === 'could not edit the question card')).toBe(true);
    expect(bot.logs.filter((l) => l.interviewId === bId && l.level >= 50).map((l) => l.msg)).toEqual([]);

    expect(bot.running).toBe(true);
    expect(bot.logs.filter((l) => /uncaught exception|unhandled promise rejection/.test(l.msg)).map((l) => l.msg)).toEqual([]);
    expect(await bot.stop()).toEqual({ code: 0, signal: null });

    const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: bot.dataDir });
    const store = await createStore(config, createLogger({ level: 'silent' }));
    try {
      const b = (await store.getInterview(other.id, interviewIdOf(bEnd))) as InterviewDetails;
      expect(b.interview.status).toBe('completed');
      expect(b.questions.map((q) => [q.answerStatus, q.evaluationStatus, q.score])).toEqual(B_ANSWERS.map(() => ['answered', 'scored', 6]));
      b.questions.forEach((q, i) => expect(countHits(q.answerTranscript ?? '', B_KEY_WORDS[i]!), `B answer ${i + 1}: "${q.answerTranscript}"`).toBeGreaterThanOrEqual(1));
      // A: every answer it heard is saved (the first one as [inaudible]: its audio never reached text).
      const a = (await store.getInterview(main.id, interviewIdOf(aEnd))) as InterviewDetails;
      expect(['completed', 'failed']).toContain(a.interview.status);
      expect(a.questions.map((q) => q.answerStatus)).toEqual(['answered', 'answered', 'answered']);
      expect(a.questions[0]!.answerTranscript).toContain('[inaudible]');
      expect(countHits(a.questions[1]!.answerTranscript ?? '', ['commit', 'run', 'every', 'tests'])).toBeGreaterThanOrEqual(1);
    } finally {
      await store.close();
    }
  }, 180_000);
});
