import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { setDirectMessagesClosed } from '../harness/discord/directMessages.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { Json } from '../harness/discord/payloads.ts';
import { startOpenAiStandIn, type ChatReply, type ChatRequest, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, interviewIdOf, title, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * A server that keeps answers private (`/interview config results:private captions:off
 * mentors_channel:#general`): while the candidate speaks the card shows only its status;
 * the results go to the candidate by DM and to the mentors' channel; the interview's channel
 * gets a notice without scores or answers. A candidate whose DMs are closed is told so there.
 */

const ANSWER = 'In my last project I built a distributed cache in Go and reduced latency by forty percent.';
const KEYS = ['distributed', 'cache', 'latency', 'forty', 'percent', 'reduced', 'project'];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: 'Describe a performance problem you solved.', isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 7, feedback: 'A concrete answer with a measured result.', strengths: ['Measured'], improvements: ['Trade-offs'] });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

/** Everything a message ever showed (every version), as text. */
const everShown = (m: MessageRecord): string => JSON.stringify([...m.history.map((v) => [v.content, v.embeds]), [m.content, m.embeds]]);

async function config(options: Record<string, string | number | boolean | { channel: string }>): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: discord.users.dave.id, command: 'interview', subcommand: 'config', options });
  return bot.explain(discord.waitForReply(record.id, () => true, 15_000));
}

/** One one-question interview for `userId`, answered with {@link ANSWER}; returns its card and when it started. */
async function interview(userId: string): Promise<{ card: MessageRecord; startedAtMs: number }> {
  const { main } = discord.guilds;
  discord.userJoinVoice(userId, main.voiceChannelId);
  const startedAtMs = Date.now();
  await bot.explain(discord.waitForReply(h.startInterview(userId), (m) => m.content.includes('starting'), 30_000));
  const card = await bot.explain(h.waitForCard(1, startedAtMs));
  await bot.explain(h.waitForStatus(card, 'Listening'));
  await h.say(userId, ANSWER);
  const answered = await bot.explain(h.waitForStatus(card, 'Answered'));
  return { card: answered, startedAtMs };
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 30_000 });
  h = new VoiceHelpers(discord, { total: 1 });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, env: { DISCORD_CLIENT_ID: discord.applicationId, NO_SPEECH_TIMEOUT_MS: '20000', LLM_MAX_RETRIES: '1' } });
  await h.packetsOf(ANSWER);
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('private results and captions off', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it('hides the words on the card, DMs the results to the candidate, copies them to the mentors’ channel, and posts a content-free notice', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    const saved = await config({ results: 'private', mentors_channel: { channel: main.generalChannelId }, captions: 'off' });
    expect(saved.content).toContain('Settings saved');

    const { card, startedAtMs } = await interview(alice);
    // The card never showed a word of the answer, while listening or after.
    expect(countHits(everShown(card), KEYS)).toBe(0);
    expect(everShown(card)).toContain('Listening');

    const notice = await bot.explain(discord.waitForMessage((m) => m.createdAtMs >= startedAtMs && m.channelId === main.interviewsChannelId && m.content.includes('privately'), 60_000));
    expect(notice.content).toBe(`<@${alice}> Results were sent to you privately (check your direct messages).`);
    expect(notice.embeds).toEqual([]);
    expect(notice.attachments).toEqual([]);
    // Nothing with results in the interview's channel.
    expect(discord.messages.messages.filter((m) => m.channelId === main.interviewsChannelId && m.createdAtMs >= startedAtMs && title(m).startsWith('Interview results'))).toEqual([]);

    const dmChannel = [...discord.world.dmChannels.values()].find((c) => c.recipientId === alice);
    expect(dmChannel).toBeDefined();
    const dm = await discord.waitForMessage((m) => m.channelId === dmChannel!.id && title(m).startsWith('Interview results'));
    expect(dm.attachments.map((a) => a.filename)).toHaveLength(1);
    // The words were heard (they are in the transcript), so hiding them on the card was the setting's doing.
    expect(countHits(dm.attachments[0]!.bytes.toString('utf8'), KEYS)).toBeGreaterThanOrEqual(3);
    const mentors = await discord.waitForMessage((m) => m.channelId === main.generalChannelId && title(m).startsWith('Interview results'));
    expect(mentors.content).toContain(`<@${alice}>`);
    expect(mentors.attachments).toHaveLength(1);
    expect(interviewIdOf(mentors)).toBe(interviewIdOf(dm));
    await h.botLeftVoice();
    discord.userLeaveVoice(alice);

    // /interview delete removes the private copies too (DM and mentors' channel) with the card and the notice.
    const interviewId = interviewIdOf(dm);
    const ask = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: alice, command: 'interview', subcommand: 'delete', options: { id: interviewId } });
    const confirm = await bot.explain(discord.waitForReply(ask.id, (m) => discord.buttonsOf(m).length > 0, 15_000));
    discord.clickButton({ messageId: confirm.id, customId: `hotseat:delete-confirm:${interviewId}`, userId: alice });
    const done = await bot.explain(discord.waitForEdit(confirm.id, (m) => m.content.includes('were deleted'), 15_000));
    expect(done.content).not.toContain('could not be removed');
    for (const m of [dm, mentors, notice, card]) expect(discord.messages.get(m.id)?.deleted, `${m.channelId} ${title(m) || m.content}`).toBe(true);
  }, 120_000);

  it('tells a candidate whose DMs are closed, in the channel and without content, how to see the results', async () => {
    const { main } = discord.guilds;
    const bob = discord.users.bob.id;
    setDirectMessagesClosed(discord.world, bob, true);
    const { startedAtMs } = await interview(bob);
    const notice = await bot.explain(discord.waitForMessage((m) => m.createdAtMs >= startedAtMs && m.channelId === main.interviewsChannelId && m.content.includes('privately'), 60_000));
    expect(notice.content).toContain(`<@${bob}> I couldn’t send your results privately: your direct messages are closed to me.`);
    expect(notice.content).toMatch(/`\/interview show id:[\w-]+`/);
    expect(notice.embeds).toEqual([]);
    expect(notice.attachments).toEqual([]);
    const mentors = await discord.waitForMessage((m) => m.createdAtMs >= startedAtMs && m.channelId === main.generalChannelId && m.content.includes(`<@${bob}>`) && title(m).startsWith('Interview results'));
    const interviewId = interviewIdOf(mentors);
    expect(notice.content).toContain(interviewId);

    // /interview show gives them the results, only to them.
    const show = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: bob, command: 'interview', subcommand: 'show', options: { id: interviewId } });
    const shown = await bot.explain(discord.waitForReply(show.id, (m) => m.embeds.length > 0, 15_000));
    expect(shown.ephemeral).toBe(true);
    expect(JSON.stringify(shown.embeds)).toContain(interviewId);
  }, 120_000);
});
