import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { REPO_ROOT, startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * One interview per server: the second and third candidates wait in a queue, see their
 * position, can leave it (button or command), and are pinged in the channel when it is their
 * turn; a candidate who is no longer in a voice channel is told and skipped.
 */

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: 'Tell me about a project you are proud of and why.', isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'Fine.', strengths: ['Clear'], improvements: ['Detail'], evidence: '' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

const resume = (): { filename: string; contentType: string; bytes: Buffer } => ({
  filename: 'resume.pdf',
  contentType: 'application/pdf',
  bytes: readFileSync(join(REPO_ROOT, 'test/fixtures/documents/resume.pdf')),
});

function withBotLog<T>(promise: Promise<T>): Promise<T> {
  return bot.explain(promise);
}

async function run(userId: string, subcommand: string, withDocuments = false): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({
    guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommand,
    ...(withDocuments ? { options: { jd_text: 'A backend engineer who knows Go and PostgreSQL.', type: 'technical', questions: 3 }, attachments: { resume: resume() } } : {}),
  });
  return withBotLog(discord.waitForReply(record.id, () => true, 30_000));
}

/** A question card's Status field. */
const cardStatus = (m: MessageRecord): string => String(((m.embeds[0]?.fields ?? []) as Array<{ name: string; value: string }>).find((f) => f.name === 'Status')?.value ?? '');

function channelMessages(predicate: (content: string) => boolean): MessageRecord[] {
  return discord.messages.messages.filter((m) => m.kind === 'channel' && m.channelId === discord.guilds.main.interviewsChannelId && predicate(m.content));
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[] });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, env: { INTERVIEWS_PER_USER_PER_DAY: '2' } });
}, 60_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('the per-server interview queue', () => {
  it('queues, lets candidates leave, serves the next one and skips one who left voice', async () => {
    const { alice, bob, carol, dave } = discord.users;
    const { main } = discord.guilds;
    discord.voiceStates.userJoin(alice.id, main.voiceChannelId);
    for (const u of [bob, carol, dave]) discord.voiceStates.userJoin(u.id, main.voiceChannel2Id);

    const started = await run(alice.id, 'start', true);
    expect(started.content).toContain('is starting in');
    expect((await bot.health())?.body.activeInterviews).toBe(1);

    const bobQueued = await run(bob.id, 'start', true);
    expect(bobQueued.ephemeral).toBe(true);
    expect(bobQueued.content).toContain('number 1** in the queue');
    const carolQueued = await run(carol.id, 'start', true);
    expect(carolQueued.content).toContain('number 2** in the queue');
    const daveQueued = await run(dave.id, 'start', true);
    expect(daveQueued.content).toContain('number 3** in the queue');
    expect(discord.buttonsOf(daveQueued)).toEqual([`hotseat:queue-leave:${main.id}`]);

    const again = await run(bob.id, 'start', true);
    expect(again.content).toContain('already in the queue (number 1)');

    // Only the candidate or a mentor may stop the running interview.
    const refused = await run(bob.id, 'stop');
    expect(refused.content).toContain('Only the candidate or a mentor');
    expect(refused.content).toContain('You are number 1 in the queue');

    // Leave with the button…
    const click = discord.clickButton({ messageId: daveQueued.id, customId: `hotseat:queue-leave:${main.id}`, userId: dave.id });
    await discord.waitForInteractionResponse(click.id);
    await discord.waitForEdit(daveQueued.id, (m) => m.content.includes('You left the queue'));
    // …or with the command; then rejoin at the back.
    const left = await run(carol.id, 'queue-leave');
    expect(left.content).toContain('You left the queue');
    const carolAgain = await run(carol.id, 'start', true);
    expect(carolAgain.content).toContain('number 2** in the queue');
    discord.voiceStates.userLeave(carol.id);

    // Alice stops: Bob is pinged and his interview starts in his channel.
    const stopped = await run(alice.id, 'stop');
    expect(stopped.content).toContain('Interview stopped');
    const bobTurn = await withBotLog(discord.waitForMessage((m) => m.kind === 'channel' && m.content.includes(`<@${bob.id}>, it is your turn!`), 30_000));
    expect(bobTurn.content).toContain(`<#${main.voiceChannel2Id}>`);
    await withBotLog(discord.waitFor(() => (discord.world.guilds.get(main.id)?.voiceStates.get(discord.users.bot.id)?.channelId === main.voiceChannel2Id ? true : undefined), 'the bot to join Bob’s channel', 30_000));

    const startingDeadline = Date.now() + 30_000;
    while ((await bot.health())?.body.activeInterviews !== 1 && Date.now() < startingDeadline) await new Promise((r) => setTimeout(r, 100));

    // A mentor (Manage Server) stops Bob's: Carol is next but has left voice, so she is told and skipped.
    const mentorStop = await run(dave.id, 'stop');
    expect(mentorStop.content).toContain('Interview stopped');
    const carolTurn = await withBotLog(discord.waitForMessage((m) => m.kind === 'channel' && m.content.includes(`<@${carol.id}>, it is your turn`), 30_000));
    expect(carolTurn.content).toContain("can't start it");
    expect(carolTurn.content).toContain('Join a voice channel');
    const deadline = Date.now() + 15_000;
    while ((await bot.health())?.body.activeInterviews !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await bot.health())?.body.activeInterviews).toBe(0);
    expect(channelMessages((c) => c.includes(`<@${dave.id}>, it is your turn`))).toEqual([]);
  });

  it('on SIGTERM stops the running interview (saved, voice left, candidate told) and exits 0', async () => {
    const { alice } = discord.users;
    const { main } = discord.guilds;
    const started = await run(alice.id, 'start', true);
    expect(started.content).toContain('is starting in');
    const botVoice = (): string | undefined => discord.world.guilds.get(main.id)?.voiceStates.get(discord.users.bot.id)?.channelId;
    await withBotLog(discord.waitFor(() => (botVoice() === main.voiceChannelId ? true : undefined), 'the bot to join Alice’s channel', 30_000));

    const t0 = Date.now();
    const exit = await bot.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(botVoice()).toBeUndefined();
    const told = channelMessages((c) => c.includes(`<@${alice.id}>`) && c.includes('restarting'));
    expect(told.length).toBeGreaterThan(0);

    await bot.restart();
    const history = await run(alice.id, 'history');
    // Newest first: the interview cut by the shutdown is kept, marked interrupted.
    const newest = String(history.embeds[0]?.description ?? '').split('\n\n')[0];
    expect(newest).toContain('interrupted by a restart');

    // INTERVIEWS_PER_USER_PER_DAY=2: Alice has started two today.
    const limited = await run(alice.id, 'start', true);
    expect(limited.ephemeral).toBe(true);
    expect(limited.content).toContain('the limit is 2');
  });

  it('after a crash (SIGKILL) mid-interview, the restarted bot marks it interrupted and tells the candidate', async () => {
    const { bob } = discord.users;
    const { main } = discord.guilds;
    const started = await run(bob.id, 'start', true);
    expect(started.content).toContain('is starting in');
    const card = await withBotLog(discord.waitForMessage((m) => m.kind === 'channel' && discord.buttonsOf(m).some((id) => id.startsWith('hotseat:end:')), 30_000));
    const interviewId = discord.buttonsOf(card).find((id) => id.startsWith('hotseat:end:'))?.split(':')[2] ?? '';
    expect(interviewId).not.toBe('');
    // Listening (after the question was spoken): the card's id is recorded with the interview by now.
    await withBotLog(discord.waitForMessage((m) => m.id === card.id && cardStatus(m).includes('Listening'), 30_000));

    const killed = await bot.kill();
    expect(killed.signal).toBe('SIGKILL');
    await bot.restart();
    const notice = await withBotLog(discord.waitForMessage((m) => m.kind === 'channel' && m.content.includes(interviewId) && m.content.includes('interrupted because I restarted'), 20_000));
    expect(notice.content).toContain(`<@${bob.id}>`);
    expect(notice.channelId).toBe(main.interviewsChannelId);
    // The card left live by the crash is closed before the candidate is told: no buttons, ended.
    const closed = discord.messages.get(card.id)!;
    expect(closed.components).toEqual([]);
    expect(cardStatus(closed)).toContain('ended (interrupted by a restart)');
    const history = await run(bob.id, 'history');
    expect(String(history.embeds[0]?.description ?? '').split('\n\n')[0]).toContain('interrupted by a restart');
  });
  it('runs two interviews in two servers at once, each in its own voice channel and text channel', async () => {
    const { carol, dave } = discord.users;
    const { main, other } = discord.guilds;
    discord.voiceStates.userJoin(dave.id, main.voiceChannelId);
    discord.voiceStates.userJoin(carol.id, other.voiceChannelId);
    const startIn = (guildId: string, channelId: string, userId: string): Promise<MessageRecord> => {
      const record = discord.runSlashCommand({
        guildId, channelId, userId, command: 'interview', subcommand: 'start',
        options: { jd_text: 'A backend engineer who knows Go and PostgreSQL.', type: 'technical', questions: 3 }, attachments: { resume: resume() },
      });
      return withBotLog(discord.waitForReply(record.id, () => true, 30_000));
    };
    const [inMain, inOther] = await Promise.all([startIn(main.id, main.interviewsChannelId, dave.id), startIn(other.id, other.interviewsChannelId, carol.id)]);
    expect(inMain.content).toContain('is starting in');
    expect(inOther.content).toContain('is starting in');
    await withBotLog(discord.waitFor(() => (discord.botVoiceChannel(main.id) === main.voiceChannelId && discord.botVoiceChannel(other.id) === other.voiceChannelId ? true : undefined), 'the bot in both voice channels', 30_000));
    expect((await bot.health())?.body.activeInterviews).toBe(2);

    // Each server's question card is posted in that server's interview channel, for its own interview.
    const cardIn = (channelId: string): Promise<MessageRecord> =>
      withBotLog(discord.waitForMessage((m) => m.kind === 'channel' && m.channelId === channelId && discord.buttonsOf(m).some((id) => id.startsWith('hotseat:end:')), 30_000));
    const [mainCard, otherCard] = await Promise.all([cardIn(main.interviewsChannelId), cardIn(other.interviewsChannelId)]);
    const idOf = (card: MessageRecord): string => discord.buttonsOf(card).find((id) => id.startsWith('hotseat:end:'))?.split(':')[2] ?? '';
    expect(idOf(mainCard)).not.toBe(idOf(otherCard));

    // Stopping one leaves the other running.
    const stopOther = discord.runSlashCommand({ guildId: other.id, channelId: other.interviewsChannelId, userId: carol.id, command: 'interview', subcommand: 'stop' });
    expect((await withBotLog(discord.waitForReply(stopOther.id, () => true, 30_000))).content).toContain('Interview stopped');
    await withBotLog(discord.waitFor(() => (discord.botVoiceChannel(other.id) === null ? true : undefined), 'the bot to leave the other server’s voice', 30_000));
    expect(discord.botVoiceChannel(main.id)).toBe(main.voiceChannelId);
    expect((await bot.health())?.body.activeInterviews).toBe(1);
    const stopMain = await run(dave.id, 'stop');
    expect(stopMain.content).toContain('Interview stopped');
  });

  it('after a crash (SIGKILL) with a candidate waiting, the restarted bot tells them once, in their channel, to start again', async () => {
    const { carol, dave } = discord.users;
    const { main } = discord.guilds;
    discord.voiceStates.userJoin(dave.id, main.voiceChannelId);
    discord.voiceStates.userJoin(carol.id, main.voiceChannel2Id);
    expect((await run(dave.id, 'start', true)).content).toContain('is starting in');
    expect((await run(carol.id, 'start', true)).content).toContain('number 1** in the queue');

    const before = discord.messages.messages.length;
    expect((await bot.kill()).signal).toBe('SIGKILL');
    await bot.restart();
    const isNotice = (m: MessageRecord): boolean => m.kind === 'channel' && m.content.includes(`<@${carol.id}>`) && m.content.includes('waiting in the interview queue');
    const notice = await withBotLog(discord.waitForMessage(isNotice, 20_000));
    expect(notice.channelId).toBe(main.interviewsChannelId);
    expect(notice.content).toContain('run `/interview start` again');
    // Nothing was resumed: no interview runs, and Carol was not pinged for a turn.
    expect((await bot.health())?.body.activeInterviews).toBe(0);
    expect(discord.messages.messages.slice(before).filter((m) => m.content.includes(`<@${carol.id}>, it is your turn`))).toEqual([]);

    // Told once: the entry is gone, so the next restart says nothing more.
    expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    await bot.restart();
    expect((await run(carol.id, 'history')).ephemeral).toBe(true); // the restarted bot has finished starting up
    expect(discord.messages.messages.filter(isNotice)).toHaveLength(1);
  });
});
