import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, field, status, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * DAVE end to end (bot process, local Discord speaking DAVE v1 with real MLS members): the bot
 * misses a commit mid-interview (transition 0: @discordjs/voice alone never recovers), re-keys by
 * itself while the card says "Reconnecting", hears the rest of the answer; /health shows the
 * counts. Unencrypted frames: voiceDavePlaintext.test.ts; the group re-created: voiceDaveRestart.test.ts.
 */

const QUESTION = 'Tell me about a project where you improved the performance of a system.';
const ANSWER = ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: QUESTION, isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'A reasonable answer.', strengths: ['Specific'], improvements: ['More detail'], evidence: '' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

interface VoiceHealth { daveProtocolVersion: number; daveEpoch: number; decryptFailures: number; plaintextDropped: number; keyPackageResends: number; rejoins: number }

async function voiceHealth(): Promise<VoiceHealth | undefined> {
  const res = await bot.health();
  return (res?.body.interviews as VoiceHealth[] | undefined)?.[0];
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: 1 });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({
    discord, openAiBaseUrl: openai.baseUrl,
    env: { DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_SILENCE_MS: '4000', SEGMENT_SILENCE_MS: '500', CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000' },
  });
  await Promise.all(ANSWER.map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('DAVE end to end', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(400).split('\n').filter((l) => /DAVE|voice|rejoin/i.test(l)).join('\n')}`));
  });

  it('hears the candidate through DAVE, recovers from a missed commit by itself, and reports it on the card, in logs and /health', async () => {
    const { main } = discord.guilds;
    const { alice, bob } = { alice: discord.users.alice.id, bob: discord.users.bob.id };
    discord.userJoinVoice(alice, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
    const card = await h.waitForCard(1, sinceMs);
    await h.waitForStatus(card, 'Listening');
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    expect(call.groupMembers().sort()).toEqual([alice, discord.users.bot.id].sort());
    // Frames sent before the bot's group is ready may be plaintext (the protocol's passthrough);
    // once the first frame is DAVE-encrypted, every later spoken frame must be too.
    const spoken = discord.botAudio(main.id).filter((p) => !p.silence);
    const firstEncrypted = spoken.findIndex((p) => p.e2ee);
    expect(firstEncrypted, 'the bot spoke DAVE-encrypted').toBeGreaterThanOrEqual(0);
    expect(spoken.slice(firstEncrypted).every((p) => p.e2ee), 'every spoken frame of the bot after the group was ready was DAVE-encrypted').toBe(true);
    expect(await voiceHealth()).toMatchObject({ daveProtocolVersion: 1, daveEpoch: 1, keyPackageResends: 0 });

    // bob joins while the bot misses the proposals and the commit (as when they arrive while it resumes).
    discord.voice.dave.dropBinaryToBot(main.id, 2);
    discord.userJoinVoice(bob, main.voiceChannelId);
    await discord.waitFor(() => (discord.voice.dave.member(alice)?.epoch === 2 ? true : undefined), 'alice at epoch 2 without the bot');
    await h.say(alice, ANSWER[0]!);
    await discord.waitFor(() => (call.inGroup(discord.users.bot.id) && call.epoch >= 3 ? true : undefined), 'the bot back in the group');
    const seen = discord.messages.get(card.id)!;
    expect([...seen.history, seen].some((v) => status(v).includes('Reconnecting')), 'the card said it was reconnecting').toBe(true);

    await sleep(600);
    const second = await discord.speak(alice, await h.packetsOf(ANSWER[1]!));
    expect(second.notDelivered, `bot in ${discord.botVoiceChannel(main.id)}, ${JSON.stringify(discord.voiceStats(main.id))}, card: ${status(discord.messages.get(card.id)!)}`).toBe(0);
    const answered = await h.waitForStatus(card, 'Answered');
    const transcript = field(answered, 'Your answer') ?? '';
    expect(countHits(transcript, ['reduced', 'latency', 'forty', 'percent']), `answer: "${transcript}"`).toBeGreaterThanOrEqual(1);

    const health = await voiceHealth();
    expect(health).toMatchObject({ daveProtocolVersion: 1, keyPackageResends: 1, rejoins: 0 });
    expect(health!.decryptFailures).toBeGreaterThan(0);
    expect(health!.plaintextDropped).toBe(0);
    const recovered = /"tookMs":(\d+)[^\n]*DAVE: user decrypts again/.exec(bot.tail(400));
    expect(recovered, 'the bot logged the recovery').not.toBeNull();
    console.log(`[measure] e2e missed commit: candidate decrypted again ${recovered![1]} ms after the key package re-send; transcript "${transcript}"`);
    expect(bot.tail(400)).not.toMatch(/latency|distributed cache/);
    const timeline = call.events.map((e) => `${e.kind}${e.userId === discord.users.bot.id ? '(bot)' : ''}@${e.atMs}`).join(' ');
    expect(discord.voice.dave.botFrameProblems.plaintext, `${discord.errors.join('; ')} — ${timeline}`).toBe(0);
  }, 120_000);
});
