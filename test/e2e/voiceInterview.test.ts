import { setTimeout as sleep } from 'node:timers/promises';
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
import { recognizeWithPocketsphinx } from '../harness/speech/pocketsphinx.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, embed, field, FIXED_TURNS_ENV, interviewIdOf, status, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * The voice interview end to end: the bot as its own process, the local Discord (gateway, REST,
 * voice with real Opus/RTP), the OpenAI stand-in (festival TTS, pocketsphinx STT, scripted chat)
 * and PGlite. Candidates speak festival speech at real-time pace; the bot's speech is captured
 * and recognised with pocketsphinx.
 */

const QUESTIONS = [
  'Tell me about a project where you improved the performance of a system.',
  'How do you test your code before you release it?',
  'Describe a time you worked with a difficult team member.',
];
/** Words pocketsphinx reliably hears in each spoken question (festival → Opus → bot → Opus). */
const QUESTION_KEY_WORDS = [['project', 'performance', 'system'], ['test', 'code', 'release'], ['time', 'difficult', 'team']];

const ANSWERS = [
  ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'],
  ['I write unit tests and integration tests.', 'They run on every commit.'],
  ['I listened to my colleague.', 'We agreed on a plan together.'],
];
const ANSWER_KEY_WORDS = [['latency', 'forty', 'percent', 'project'], ['tests', 'unit', 'commit'], ['plan', 'together', 'colleague']];

const MENTOR_SENTENCE = 'The weather in Paris is sunny and warm today.';
const MENTOR_WORDS = ['weather', 'paris', 'sunny', 'warm'];

const TOTAL = 3;
const EVALUATION_DELAY_MS = 4_000;

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
/** Interview ids seen, checked in the store at the end. */
const interviews: Array<{ id: string; candidate: 'alice' | 'bob'; expect: 'completed' | 'abandoned' }> = [];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    return { question: QUESTIONS[(n - 1) % QUESTIONS.length]!, isFollowUp: false, focus: 'experience' };
  }
  if (schema === 'answer_evaluation') {
    // Slow on purpose: evaluation must never hold up the next question.
    return { fault: 'delay', ms: EVALUATION_DELAY_MS, then: rubricReply(request, { score: 7, feedback: 'A clear answer with a concrete example.', strengths: ['Concrete example'], improvements: ['Mention trade-offs'], evidence: '' }) };
  }
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: TOTAL });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: openai.baseUrl,
    env: { DISCORD_CLIENT_ID: discord.applicationId, ...FIXED_TURNS_ENV, ACKNOWLEDGEMENTS: 'false' },
  });
  // Synthesise the candidates' speech once, up front (festival takes a moment per sentence).
  await Promise.all([...ANSWERS.flat(), MENTOR_SENTENCE].map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('voice interview end to end', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => {
      console.error(`bot log tail:\n${bot.tail(60)}`);
    });
  });

  it('runs a 3-question interview by voice: spoken questions, live captions, answers ended by silence, results with the transcript; a mentor in the channel is never transcribed', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    const carol = discord.users.carol.id;
    const bob = discord.users.bob.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    discord.userJoinVoice(carol, main.voiceChannelId);
    const startedAtMs = Date.now();
    const interaction = h.startInterview(alice, { jobTitle: 'Backend Engineer' });
    const reply = await discord.waitForReply(interaction, (m) => m.content.includes('starting'));
    expect(reply.ephemeral).toBe(true);

    await discord.waitFor(() => (discord.botVoiceChannel(main.id) === main.voiceChannelId ? true : undefined), 'the bot to join the voice channel');
    const notice = await discord.waitForMessage((m) => m.createdAtMs >= startedAtMs && m.content.includes('recorded and transcribed'));
    expect(notice.content).toContain(`<@${alice}>`);

    const evaluationsPending = (): number =>
      openai.callsTo('/v1/chat/completions').filter((c) => (c.body as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name === 'answer_evaluation' && c.status === undefined).length;
    for (let n = 1; n <= TOTAL; n++) {
      const card = await h.waitForCard(n, startedAtMs);
      // The previous answer is still being evaluated, yet this question is already here.
      if (n > 1) expect(evaluationsPending(), `evaluation of answer ${n - 1} still running when question ${n} appeared`).toBeGreaterThanOrEqual(1);
      if (n === 1) {
        // A second candidate asks meanwhile: one voice connection per server, so Bob waits.
        discord.userJoinVoice(bob, main.voiceChannel2Id);
        const queued = await discord.waitForReply(h.startInterview(bob, { jobTitle: 'Backend Engineer' }));
        expect(queued.content).toMatch(/queue/i);
        expect(queued.content).toContain('1');
      }
      expect(embed(card)?.description).toBe(QUESTIONS[n - 1]);
      const listening = await h.waitForStatus(card, 'Listening');
      expect(field(listening, 'Time left')).toMatch(/^closes <t:\d+:R>$/);
      expect(discord.buttonsOf(listening)).toEqual([`hotseat:repeat:${/Interview (\S+)/.exec(String((embed(listening)?.footer as { text: string }).text))?.[1]}`, expect.stringMatching(/^hotseat:done:/), expect.stringMatching(/^hotseat:skip:/), expect.stringMatching(/^hotseat:end:/)]);

      // What the bot said, recognised by pocketsphinx, holds the question's key words.
      const heard = await recognizeWithPocketsphinx(discord.botAudioWav(main.id, card.createdAtMs - 500));
      expect(countHits(heard, QUESTION_KEY_WORDS[n - 1]!), `bot audio for question ${n} was heard as "${heard}"`).toBeGreaterThanOrEqual(2);

      if (n === 1) {
        // Before question 1 the bot said, once, that the interview is recorded.
        const intro = await recognizeWithPocketsphinx(discord.botAudioWav(main.id, startedAtMs));
        expect(countHits(intro, ['hello', 'interview', 'recorded', 'transcribed']), `the bot's first words were heard as "${intro}"`).toBeGreaterThanOrEqual(2);
      }
      if (n === 2) {
        // A mentor talks in the channel while the candidate thinks: never transcribed.
        await h.say(carol, MENTOR_SENTENCE);
        await sleep(300);
      }
      await h.answer(alice, ANSWERS[n - 1]!);

      const answered = await h.waitForStatus(card, 'Answered');
      const transcript = field(answered, 'Your answer') ?? '';
      expect(countHits(transcript, ANSWER_KEY_WORDS[n - 1]!), `answer ${n} was transcribed as "${transcript}"`).toBeGreaterThanOrEqual(1);
      expect(countHits(transcript, MENTOR_WORDS)).toBe(0);
      expect(answered.components).toEqual([]);
      // The card showed a partial transcript while the candidate was still answering.
      const versions = [...answered.history, answered];
      const partials = versions.filter((v) => status(v).includes('Listening') && (field(v, 'Your answer so far') ?? '').length > 0 && !field(v, 'Your answer so far')!.includes('listening…'));
      expect(partials.length, `card ${n} versions: ${JSON.stringify(versions.map((v) => [status(v), field(v, 'Your answer so far')]))}`).toBeGreaterThanOrEqual(1);
      // Caption-only edits are throttled to CAPTION_INTERVAL_MS (1 s here), never a burst.
      const timed = [...answered.history, { embeds: answered.embeds, atMs: answered.editedAtMs ?? answered.createdAtMs }];
      for (let i = 1; i < timed.length; i++) {
        const [a, b] = [timed[i - 1]!, timed[i]!];
        const captionOnly = status(a).includes('Listening') && status(b).includes('Listening') && field(a, 'Your answer so far') !== field(b, 'Your answer so far');
        if (captionOnly) expect(b.atMs - a.atMs, `caption edits of card ${n}`).toBeGreaterThanOrEqual(900);
      }
    }

    const results = await h.waitForResults(alice, startedAtMs);
    expect(results.content).toContain('complete');
    expect(String(embed(results)?.description)).toContain('Overall: 7/10');
    const file = results.attachments.find((a) => a.filename.endsWith('.md'));
    expect(file, 'the transcript is attached as Markdown').toBeDefined();
    const markdown = file!.bytes.toString('utf8');
    for (const q of QUESTIONS) expect(markdown).toContain(q);
    expect(countHits(markdown, MENTOR_WORDS)).toBe(0);
    interviews.push({ id: interviewIdOf(results), candidate: 'alice', expect: 'completed' });

    await h.botLeftVoice();
    // Every question was spoken through the stand-in's TTS, every segment transcribed once.
    expect(openai.callsTo('/v1/audio/transcriptions').length).toBeGreaterThanOrEqual(TOTAL);
    expect(discord.errors).toEqual([]);
  }, 150_000);

  it('then serves the queued candidate; Repeat, I\'m done, Skip and End work, and only for the candidate or a mentor', async () => {
    const { main } = discord.guilds;
    const bob = discord.users.bob.id;
    const alice = discord.users.alice.id;
    const dave = discord.users.dave.id;
    const turn = await discord.waitForMessage((m) => m.content.includes(`<@${bob}>`) && m.content.includes('your turn'), 30_000);
    await discord.waitFor(() => (discord.botVoiceChannel(main.id) === main.voiceChannel2Id ? true : undefined), 'the bot to join Bob\'s channel');
    const sinceMs = turn.createdAtMs;

    // Question 1: Repeat speaks it again; someone else may not press the buttons; I'm done ends the answer at once.
    const card1 = await h.waitForCard(1, sinceMs);
    const interviewId = /Interview (\S+)/.exec(String((embed(card1)?.footer as { text: string }).text))![1]!;
    await h.waitForStatus(card1, 'Listening');
    const repeatAtMs = Date.now();
    discord.clickButton({ messageId: card1.id, customId: `hotseat:repeat:${interviewId}`, userId: bob });
    await h.waitForStatus(card1, 'Asking', 10_000);
    await h.waitForStatus(card1, 'Listening');
    const repeated = await recognizeWithPocketsphinx(discord.botAudioWav(main.id, repeatAtMs));
    expect(countHits(repeated, QUESTION_KEY_WORDS[0]!), `the repeated question was heard as "${repeated}"`).toBeGreaterThanOrEqual(2);

    const refused = discord.clickButton({ messageId: card1.id, customId: `hotseat:skip:${interviewId}`, userId: alice });
    const refusal = await discord.waitForReply(refused.id, (m) => m.ephemeral);
    expect(refusal.content).toMatch(/Only the candidate/);
    expect(status(discord.messages.get(card1.id)!)).toContain('Listening');

    await h.say(bob, ANSWERS[0]![0]!);
    const doneAtMs = Date.now();
    discord.clickButton({ messageId: card1.id, customId: `hotseat:done:${interviewId}`, userId: bob });
    const answered = await h.waitForStatus(card1, 'Answered');
    expect(countHits(field(answered, 'Your answer') ?? '', ['project', 'built', 'distributed', 'cache', 'last'])).toBeGreaterThanOrEqual(1);
    // Ended by the button, not by the 2 s end-of-answer pause (+ transcription).
    expect(Date.now() - doneAtMs).toBeLessThan(15_000);

    // Question 2: skipped by the candidate.
    const card2 = await h.waitForCard(2, sinceMs);
    await h.waitForStatus(card2, 'Listening');
    discord.clickButton({ messageId: card2.id, customId: `hotseat:skip:${interviewId}`, userId: bob });
    await h.waitForStatus(card2, 'Skipped');

    // Question 3: a mentor (Dave manages the server) ends the interview while Bob is answering:
    // what Bob said is kept (its last segment transcribed), saved and scored.
    const card3 = await h.waitForCard(3, sinceMs);
    await h.waitForStatus(card3, 'Listening');
    await h.say(bob, ANSWERS[1]![0]!);
    discord.clickButton({ messageId: card3.id, customId: `hotseat:end:${interviewId}`, userId: dave });
    await h.waitForStatus(card3, 'ended');
    const results = await h.waitForResults(bob, sinceMs);
    expect(results.content).toContain('ended early');
    const bobTranscript = results.attachments.find((a) => a.filename.endsWith('.md'))?.bytes.toString('utf8') ?? '';
    expect(countHits(bobTranscript, ['write', 'unit', 'tests', 'integration']), `transcript file: ${bobTranscript}`).toBeGreaterThanOrEqual(1);
    expect(interviewIdOf(results)).toBe(interviewId);
    interviews.push({ id: interviewId, candidate: 'bob', expect: 'abandoned' });
    await h.botLeftVoice();
  }, 120_000);

  it('stores every answer with its transcript, score and analytics', async () => {
    expect(interviews.length).toBeGreaterThan(0);
    await bot.stop();
    const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: bot.dataDir });
    const store = await createStore(config, createLogger({ level: 'silent' }));
    try {
      for (const iv of interviews) {
        const details = (await store.getInterview(discord.guilds.main.id, iv.id)) as InterviewDetails;
        expect(details.interview.status).toBe(iv.expect);
        if (iv.expect !== 'completed') {
          // Bob: question 1 answered (I'm done), question 2 skipped, question 3 cut short by End
          // mid-answer: its words kept, scored like any answer, and counted in the final score.
          expect(details.questions.map((q) => q.answerStatus)).toEqual(['answered', 'skipped', 'answered']);
          expect(details.questions.map((q) => q.evaluationStatus)).toEqual(['scored', 'not_applicable', 'scored']);
          const q3 = details.questions[2]!;
          expect(countHits(q3.answerTranscript ?? '', ['write', 'unit', 'tests', 'integration']), `answer 3: "${q3.answerTranscript}"`).toBeGreaterThanOrEqual(1);
          expect(q3.score).toBe(7);
          expect(q3.analytics?.wordCount).toBeGreaterThan(1);
          expect(details.interview.finalScore).toBeCloseTo(14 / 3, 2);
          continue;
        }
        expect(details.questions).toHaveLength(TOTAL);
        for (const q of details.questions) {
          expect(q.answerStatus).toBe('answered');
          expect(countHits(q.answerTranscript ?? '', ANSWER_KEY_WORDS[q.number - 1]!)).toBeGreaterThanOrEqual(1);
          expect(q.evaluationStatus).toBe('scored');
          expect(q.score).toBe(7);
          expect(q.analytics?.wordCount).toBeGreaterThan(2);
          expect(q.analytics?.speakingMs).toBeGreaterThan(1_000);
          expect(q.analytics?.timeToFirstWordMs).not.toBeNull();
        }
        expect(details.interview.finalScore).toBe(7);
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});
