import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useDaveInterviewFixture } from './helpers/daveInterviewFixture.ts';
import { countHits, field } from './helpers/voiceHelpers.ts';

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

const fx = useDaveInterviewFixture({ questions: QUESTIONS, sentences: [FIRST, SECOND] });

describe('DAVE: the voice server re-creates the group mid-answer', () => {
  it('a new external sender and op 24 epoch 1 while the candidate speaks: the bot joins the new group and hears the rest of the answer', async () => {
    const { discord, bot, h, voiceHealth } = fx;
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
