import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useDaveInterviewFixture } from './helpers/daveInterviewFixture.ts';
import { countHits, field } from './helpers/voiceHelpers.ts';

/**
 * Unencrypted frames the DAVE protocol expects, through the bot process: the candidate speaks
 * before its client is in the group (question 1), and its client sends plaintext around a
 * transition when a member joins mid-answer (question 2). No word is lost: the words said in
 * plaintext are in the answer, and /health counts them as heard, none dropped.
 */

const QUESTIONS = ['Tell me about a project where you improved the performance of a system.', 'How do you test a distributed system?'];
const FIRST = 'In my last project I built a distributed cache in Go.';
const FIRST_WORDS = ['project', 'built', 'distributed', 'cache'];
const SECOND = 'We reduced latency by forty percent.';
const SECOND_WORDS = ['reduced', 'latency', 'forty', 'percent'];

const fx = useDaveInterviewFixture({ questions: QUESTIONS, sentences: [FIRST, SECOND] });

describe('DAVE: unencrypted frames the protocol expects are heard', () => {
  it('question 1: the candidate answers before its client is in the group (plaintext), then is welcomed; question 2: plaintext around a transition mid-answer — no word lost', async () => {
    const { discord, bot, h, voiceHealth } = fx;
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    // A slow client: alice's key package is held back, so her client is not in the group and sends plaintext.
    discord.voice.dave.holdKeyPackage(alice);
    discord.userJoinVoice(alice, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
    const card1 = await h.waitForCard(1, sinceMs);
    await h.waitForStatus(card1, 'Listening');
    expect(call.inGroup(alice)).toBe(false);
    await h.say(alice, FIRST);
    expect(discord.voice.dave.member(alice)!.ready, 'alice spoke before her client was in the group').toBe(false);
    const releasedAtMs = Date.now();
    discord.voice.dave.holdKeyPackage(alice, false);
    await discord.waitFor(() => (call.inGroup(alice) && call.inGroup(discord.users.bot.id) ? true : undefined), 'alice and the bot in the group');
    const inGroupMs = Date.now() - releasedAtMs;
    await sleep(300);
    await h.say(alice, SECOND);
    const answered1 = await h.waitForStatus(card1, 'Answered');
    const transcript1 = field(answered1, 'Your answer') ?? '';
    const health1 = await voiceHealth();
    console.log(`[measure] e2e not yet in the group: ${health1.plaintextAccepted} unencrypted frames heard, ${health1.plaintextDropped} dropped; in the group ${inGroupMs} ms after its key package; transcript "${transcript1}"`);
    expect(health1.plaintextDropped, 'no unencrypted frame was dropped').toBe(0);
    expect(health1.plaintextAccepted, 'the first sentence (plaintext) was heard').toBeGreaterThanOrEqual(100);
    expect(countHits(transcript1, FIRST_WORDS), `words said in plaintext in the answer: "${transcript1}"`).toBeGreaterThanOrEqual(1);
    expect(countHits(transcript1, SECOND_WORDS), `words said encrypted in the answer: "${transcript1}"`).toBeGreaterThanOrEqual(1);

    // Question 2: alice's client sends plaintext from the commit until 50 frames (1 s) after the
    // transition; bob joins 1 s into her first sentence.
    const card2 = await h.waitForCard(2, sinceMs);
    await h.waitForStatus(card2, 'Listening');
    discord.voice.dave.plaintextAroundTransitions(alice, 50);
    const plainBefore = discord.voice.dave.member(alice)!.stats.plaintextSent;
    const speaking = discord.speak(alice, await h.packetsOf(FIRST));
    await sleep(1_000);
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    expect((await speaking).notDelivered).toBe(0);
    await discord.waitFor(() => (call.inGroup(discord.users.bob.id) ? true : undefined), 'bob in the group');
    await sleep(900);
    await h.say(alice, SECOND);
    const answered2 = await h.waitForStatus(card2, 'Answered');
    const transcript2 = field(answered2, 'Your answer') ?? '';
    const plainSent = discord.voice.dave.member(alice)!.stats.plaintextSent - plainBefore;
    const health2 = await voiceHealth();
    console.log(`[measure] e2e plaintext around a transition: ${plainSent} unencrypted frames sent, ${health2.plaintextAccepted - health1.plaintextAccepted} heard, ${health2.plaintextDropped} dropped; transcript "${transcript2}"`);
    expect(plainSent).toBeGreaterThanOrEqual(50);
    expect(health2.plaintextDropped, 'no unencrypted frame was dropped').toBe(0);
    // Heard, not dropped: every one that reached the bot (a loaded loopback may lose a datagram).
    expect(health2.plaintextAccepted - health1.plaintextAccepted).toBeGreaterThanOrEqual(plainSent - 2);
    expect(countHits(transcript2, FIRST_WORDS), `words around the transition in the answer: "${transcript2}"`).toBeGreaterThanOrEqual(1);
    expect(countHits(transcript2, SECOND_WORDS), `words after it in the answer: "${transcript2}"`).toBeGreaterThanOrEqual(1);
    expect(health2).toMatchObject({ daveProtocolVersion: 1, keyPackageResends: 0 });
    expect(health2.daveEpoch).toBeGreaterThanOrEqual(2);
    // /health records each AI capability's last success: questions (chat), speech (TTS), answers (STT).
    const ai = (await bot.health())?.body.ai as Record<'llm' | 'stt' | 'tts', { lastSuccessAt: string | null }>;
    for (const capability of ['llm', 'stt', 'tts'] as const) expect(ai[capability].lastSuccessAt, capability).toEqual(expect.any(String));
    expect(bot.tail(400)).toMatch(/DAVE: unencrypted frames expected; heard/);
    expect(bot.tail(400)).not.toMatch(/latency|distributed cache/);
    expect(discord.voice.dave.botFrameProblems.plaintext).toBe(0);
  }, 150_000);
});
