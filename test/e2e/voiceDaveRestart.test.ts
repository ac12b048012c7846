import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, field, VoiceHelpers } from './helpers/voiceHelpers.ts';

/**
 * The voice server restarting the group, through the bot process (protocol.md "Protocol Version
 * Changes": op 24 with epoch 1 means a new group): mid-answer the local Discord throws the
 * group away and starts a new one with a new external sender. The bot re-keys by itself, is
 * decrypting again within a bounded time, and the words before and after are in the answer.
 */

const QUESTIONS = ['Tell me about a project where you improved the performance of a system.'];
const FIRST = 'In my last project I built a distributed cache in Go.';
const FIRST_WORDS = ['project', 'built', 'distributed', 'cache'];
const SECOND = 'We reduced latency by forty percent.';
const SECOND_WORDS = ['reduced', 'latency', 'forty', 'percent'];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
let asked = 0;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: QUESTIONS[Math.min(asked++, QUESTIONS.length - 1)]!, isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') return { score: 6, feedback: 'A reasonable answer.', strengths: ['Specific'], improvements: ['More detail'], evidence: '' };
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

interface VoiceHealth { daveProtocolVersion: number; daveEpoch: number; decryptFailures: number; plaintextDropped: number; plaintextAccepted: number; groupResets: number; keyPackageResends: number; rejoins: number }

async function voiceHealth(): Promise<VoiceHealth> {
  const res = await bot.health();
  const health = (res?.body.interviews as VoiceHealth[] | undefined)?.[0];
  expect(health, '/health lists the interview').toBeDefined();
  return health!;
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: 1 });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({
    discord, openAiBaseUrl: openai.baseUrl,
    env: { DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_SILENCE_MS: '4000', SEGMENT_SILENCE_MS: '500', CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000' },
  });
  await Promise.all([FIRST, SECOND].map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('DAVE: the voice server re-creates the group mid-answer', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(400).split('\n').filter((l) => /DAVE|voice|rejoin/i.test(l)).join('\n')}`));
  });

  it('a new external sender and op 24 epoch 1 while the candidate speaks: the bot joins the new group and hears the rest of the answer', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    const botId = discord.users.bot.id;
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    discord.userJoinVoice(alice, main.voiceChannelId);
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
    const card = await h.waitForCard(1, sinceMs);
    await h.waitForStatus(card, 'Listening');
    expect(call.inGroup(botId) && call.inGroup(alice)).toBe(true);
    const before = await voiceHealth();
    expect(before).toMatchObject({ daveProtocolVersion: 1, groupResets: 0 });

    // 1.5 s into the first sentence the voice server restarts the group.
    const speaking = discord.speak(alice, await h.packetsOf(FIRST));
    await sleep(1_500);
    const restartAtMs = Date.now();
    await discord.voice.dave.restartGroup(main.id, main.voiceChannelId);
    await discord.waitFor(() => (call.inGroup(botId) && call.inGroup(alice) ? true : undefined), 'the bot and alice in the new group');
    const regroupedMs = Date.now() - restartAtMs;
    expect((await speaking).notDelivered).toBe(0);
    await sleep(900);
    await h.say(alice, SECOND);
    const answered = await h.waitForStatus(card, 'Answered');
    const transcript = field(answered, 'Your answer') ?? '';
    const health = await voiceHealth();
    const decrypting = /"tookMs":(\d+)[^\n]*DAVE: decrypting again in the re-created group/.exec(bot.tail(400));
    console.log(`[measure] e2e group re-created mid-answer: the bot in the new group ${regroupedMs} ms after the restart, decrypting the candidate again ${decrypting?.[1] ?? '?'} ms after op 24 (${health.plaintextAccepted} unencrypted frames heard meanwhile, ${health.plaintextDropped} dropped, ${health.decryptFailures - before.decryptFailures} undecryptable); transcript "${transcript}"`);
    expect(call.events.some((e) => e.kind === 'group-restart')).toBe(true);
    expect(decrypting, 'the bot logged when it decrypted again').not.toBeNull();
    expect(Number(decrypting![1])).toBeLessThan(3_000);
    expect(health).toMatchObject({ daveProtocolVersion: 1, daveEpoch: 1, groupResets: 1, plaintextDropped: 0, keyPackageResends: 0, rejoins: 0 });
    // Frames alice still encrypted with the old group's key while the bot had re-initialised
    // (davey keeps no old keys across op 24 epoch 1, nor does libdave): a few, not a word.
    expect(health.decryptFailures - before.decryptFailures, 'at most the frames in flight at the restart were undecryptable').toBeLessThanOrEqual(10);
    expect(countHits(transcript, FIRST_WORDS), `words before and across the restart in the answer: "${transcript}"`).toBeGreaterThanOrEqual(1);
    expect(countHits(transcript, SECOND_WORDS), `words after it in the answer: "${transcript}"`).toBeGreaterThanOrEqual(1);
    expect(bot.tail(400)).toMatch(/re-creates the group/);
    expect(bot.tail(400)).not.toMatch(/latency|distributed cache/);
    expect(discord.voice.dave.botFrameProblems.plaintext).toBe(0);
  }, 120_000);
});
