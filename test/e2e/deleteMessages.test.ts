import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { countHits, field, interviewIdOf, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * `/interview delete` removes what the bot posted in the channel, end to end: a one-question
 * interview answered by voice (festival speech → Opus → the bot → pocketsphinx), then deleted;
 * nothing left in the channel carries the candidate's words, and a message a human already
 * deleted does not make the delete fail.
 */

const QUESTION = 'Tell me about a project where you improved the performance of a system.';
const ANSWER = ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'];
/** Words of the answer pocketsphinx reliably hears and that nothing else the bot posts contains. */
const ANSWER_WORDS = ['latency', 'forty', 'percent', 'distributed', 'cache'];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: QUESTION, isFollowUp: false, focus: 'experience' };
  // The evidence quotes the answer, as a real evaluation does: the results embed carries it too.
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 8, feedback: 'A concrete result.', strengths: ['Numbers'], improvements: ['Trade-offs'], evidence: 'reduced latency by forty percent' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

/** Everything of a message a reader sees: content, embeds and attached files. */
const visibleText = (m: MessageRecord): string => [m.content, JSON.stringify(m.embeds), ...m.attachments.map((a) => a.bytes.toString('utf8'))].join('\n');

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: 1 });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: openai.baseUrl,
    env: { DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_SILENCE_MS: '2000', SEGMENT_SILENCE_MS: '500', CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000' },
  });
  await Promise.all(ANSWER.map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('/interview delete removes the interview\'s messages from the channel', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it('deletes the question card, the recording notice and the results with the transcript; one already deleted by a human is fine', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
    const notice = await discord.waitForMessage((m) => m.createdAtMs >= sinceMs && m.content.includes('recorded and transcribed'));
    const card = await h.waitForCard(1, sinceMs);
    await h.waitForStatus(card, 'Listening');
    await h.answer(alice, ANSWER);
    const answered = await h.waitForStatus(card, 'Answered');
    const transcript = field(answered, 'Your answer') ?? '';
    expect(countHits(transcript, ANSWER_WORDS), `the answer was heard as "${transcript}"`).toBeGreaterThanOrEqual(1);
    const results = await h.waitForResults(alice, sinceMs);
    const interviewId = interviewIdOf(results);
    await h.botLeftVoice();

    const inChannel = (): MessageRecord[] => discord.messages.messages.filter((m) => m.channelId === main.interviewsChannelId && !m.deleted && !m.ephemeral);
    const carrying = (): MessageRecord[] => inChannel().filter((m) => visibleText(m).includes(transcript) || countHits(visibleText(m), ANSWER_WORDS) > 0);
    // Before: the card and the results (embed and transcript file) carry the candidate's words.
    expect(carrying().map((m) => m.id).sort()).toEqual([card.id, results.id].sort());

    // A moderator deletes the recording notice by hand before the candidate deletes the interview.
    discord.messages.delete(discord.messages.get(notice.id)!);

    const ask = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: alice, command: 'interview', subcommand: 'delete', options: { id: interviewId } });
    const confirm = await discord.waitForReply(ask.id, (m) => discord.buttonsOf(m).length > 0);
    const deletesFromMs = Date.now();
    discord.clickButton({ messageId: confirm.id, customId: `hotseat:delete-confirm:${interviewId}`, userId: alice });
    const done = await discord.waitForEdit(confirm.id, (m) => m.content.includes('were deleted'));
    expect(done.content).not.toContain('could not be removed');

    expect(carrying(), 'messages still carrying the answer').toEqual([]);
    for (const id of [card.id, results.id, notice.id]) expect(discord.messages.get(id)?.deleted).toBe(true);
    // Nothing in the channel refers to the deleted interview any more.
    expect(inChannel().filter((m) => visibleText(m).includes(interviewId))).toEqual([]);
    // The bot asked Discord to delete each of the three; the notice was already gone (404 Unknown Message).
    const deletes = discord.restCalls.filter((c) => c.method === 'DELETE' && c.atMs >= deletesFromMs && c.route === '/channels/:channelId/messages/:messageId');
    expect(deletes.map((c) => [c.path.split('/').pop(), c.status]).sort()).toEqual([[card.id, 204], [notice.id, 404], [results.id, 204]].sort());
    expect(discord.unexpectedCalls()).toEqual([]);
  }, 90_000);
});
