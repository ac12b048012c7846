import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import type { InterviewDetails } from '../../src/interview/types.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, field, interviewIdOf, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * A candidate who thinks: every answer holds two or three pauses of 1.5–2.5 s (mid-sentence,
 * after "let me think", in a restart), all shorter than the silence that ends an unfinished
 * answer (END_OF_ANSWER_LONG_MS, 6 s by default). Each pause is a tentative end: the engine prepares the next question and its
 * speech, and drops both when the candidate speaks again — the path that once crashed the
 * process with an uncaught AbortError from a dropped speech stream. The bot must stay up,
 * never cut an answer at a pause, and save and score every answer.
 *
 * A pause is a tentative end only once its words are transcribed, which on a loaded machine
 * can take longer than the pause: the candidate then thinks a little longer (up to
 * {@link MAX_PAUSE_MS}) until the bot began
 * preparing the next question, so the dropped-speculation path runs however slow the machine.
 */

/** Each answer: strings are said, numbers are pauses in ms. */
const ANSWERS: Array<Array<string | number>> = [
  ['In my last project I built', 1_800, 'a distributed cache in Go.', 2_200, 'We reduced latency by forty percent.'],
  ['I write unit tests.', 1_500, 'Let me think about it for a moment.', 2_500, 'They run on every commit before a release.'],
  ['I listened to my colleague and, um.', 2_000, 'Actually, let me put it differently.', 1_700, 'We agreed on a plan together.'],
  ['Let me think about it for a moment.', 2_300, 'I would measure first,', 1_600, 'and then add an index to the database.'],
];
/** Words of each answer's part after its last pause: at least one must be in the stored transcript. */
const AFTER_LAST_PAUSE = [['latency', 'forty', 'percent', 'reduced'], ['run', 'every', 'commit', 'release'], ['agreed', 'plan', 'together'], ['index', 'database', 'add']];
const TOTAL = ANSWERS.length;
/** The longest a pause is held while the bot has not reacted: below END_OF_ANSWER_LONG_MS (6 s). */
const MAX_PAUSE_MS = 4_500;

/** Distinct question texts (the engine replaces one too close to an earlier question). */
const TOPICS = [
  'Describe a performance problem you solved.', 'How do you test code before a release?', 'Tell me about a disagreement in your team.',
  'How would you speed up a slow database query?', 'What did you learn from a failed deployment?', 'How do you review pull requests?',
  'Explain how you design an API for mobile clients.', 'What monitoring do you set up for a new service?', 'How do you handle on-call incidents at night?',
  'Which caching strategy suits a read-heavy workload?', 'How do you mentor a junior engineer?', 'Tell me about migrating a legacy system.',
  'How do you estimate a large feature?', 'What makes a good code comment?', 'How do you secure secrets in a pipeline?',
  'Describe your favourite debugging tool.', 'How do you choose between SQL and NoSQL?', 'What is your approach to technical debt?',
];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
let questionCalls = 0;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    // A different text on every call, so each speculation at a pause prepares new speech
    // and dropping it aborts a synthesis in flight or a stream already flowing.
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    const topic = TOPICS[questionCalls++ % TOPICS.length]!;
    return { question: `Question ${n}: ${topic}`, isFollowUp: false, focus: 'experience' };
  }
  if (schema === 'answer_evaluation') {
    return rubricReply(request, { score: 6, feedback: 'A clear answer.', strengths: ['Concrete'], improvements: ['Trade-offs'], evidence: '' });
  }
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: TOTAL });
  openai = await startOpenAiStandIn({ chat });
  // End-of-answer and segment settings stay at their defaults: every pause is a segment cut, none ends the answer.
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, env: { DISCORD_CLIENT_ID: discord.applicationId, NO_SPEECH_TIMEOUT_MS: '20000', LLM_MAX_RETRIES: '1' } });
  await Promise.all(ANSWERS.flat().filter((p): p is string => typeof p === 'string').map((s) => h.trimmedPacketsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('thinking pauses', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it('a candidate who pauses to think (mid-sentence, "let me think", restarts) is never cut off; the bot stays up; every answer is saved and scored', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    const startedAtMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));

    for (let n = 1; n <= TOTAL; n++) {
      const card = await bot.explain(h.waitForCard(n, startedAtMs));
      await bot.explain(h.waitForStatus(card, 'Listening'));
      // No next question is prepared during the last answer: its pauses are only pauses.
      const watch = n < TOTAL ? (): (() => boolean) => { const before = questionCalls; return () => questionCalls > before; } : undefined;
      await h.sayWithPauses(alice, ANSWERS[n - 1]!, { watch, maxMs: MAX_PAUSE_MS });
      const answered = await bot.explain(h.waitForStatus(card, 'Answered'));
      const transcript = field(answered, 'Your answer') ?? '';
      expect(countHits(transcript, AFTER_LAST_PAUSE[n - 1]!), `answer ${n} (card) was cut at a pause: "${transcript}"`).toBeGreaterThanOrEqual(1);
      expect(bot.running, `the bot process exited during answer ${n}`).toBe(true);
    }
    const results = await bot.explain(h.waitForResults(alice, startedAtMs));
    expect(results.content).toContain('complete');
    const interviewId = interviewIdOf(results);
    // Speculation ran at the pauses: more questions generated than asked (prepared speech was dropped).
    expect(questionCalls).toBeGreaterThan(TOTAL);

    expect(bot.running).toBe(true);
    const crashed = bot.logs.filter((l) => /uncaught exception|unhandled promise rejection/.test(l.msg));
    expect(crashed.map((l) => l.msg)).toEqual([]);
    expect(await bot.stop()).toEqual({ code: 0, signal: null });

    const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: bot.dataDir });
    const store = await createStore(config, createLogger({ level: 'silent' }));
    try {
      const details = (await store.getInterview(main.id, interviewId)) as InterviewDetails;
      expect(details.interview.status).toBe('completed');
      expect(details.questions).toHaveLength(TOTAL);
      for (const q of details.questions) {
        expect(q.answerStatus).toBe('answered');
        expect(countHits(q.answerTranscript ?? '', AFTER_LAST_PAUSE[q.number - 1]!), `stored answer ${q.number}: "${q.answerTranscript}"`).toBeGreaterThanOrEqual(1);
        expect(q.evaluationStatus).toBe('scored');
        expect(q.score).toBe(6);
        // The pauses were heard as pauses, not as the end of the answer.
        expect(q.analytics?.longestPauseMs ?? 0).toBeGreaterThanOrEqual(1_000);
      }
    } finally {
      await store.close();
    }
  }, 200_000);
});
