import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import { startOpenAiStandIn, type ChatReply, type ChatRequest, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { VoiceHelpers } from './helpers/voiceHelpers.ts';

/**
 * The model is down while the candidate answers: the results are posted with the answer "not
 * scored yet"; once the model is back, the background retry scores it and the posted results
 * message is edited in place (embed and transcript rebuilt from the store) — nothing invented
 * while it was down.
 */

const QUESTION = 'Tell me about a project where you improved the performance of a system.';
const ANSWER = ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'];

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
let modelUp = false;

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: QUESTION, isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') {
    // Down: a reply that fails the evaluation's checks every time (the evaluator retries, then gives up).
    if (!modelUp) return { nothing: 'useful' } as unknown as ChatReply;
    return rubricReply(request, { score: 8, feedback: 'A concrete result.', strengths: ['Numbers'], improvements: ['Trade-offs'] });
  }
  if (schema === 'end_of_answer') return { verdict: 'complete' };
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: 1 });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: openai.baseUrl,
    env: {
      DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_MODE: 'fixed', END_OF_ANSWER_SILENCE_MS: '2000', SEGMENT_SILENCE_MS: '500',
      NO_SPEECH_TIMEOUT_MS: '20000', ACKNOWLEDGEMENTS: 'false', EVALUATION_RETRY_INTERVAL_MS: '2000',
    },
  });
  await Promise.all(ANSWER.map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('late scores', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it('a score that arrives after the results were posted updates that message', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
    const card = await h.waitForCard(1, sinceMs);
    await h.waitForStatus(card, 'Listening');
    await h.answer(alice, ANSWER);
    const posted = await h.waitForResults(alice, sinceMs);
    const fields = (m: { embeds: Json[] }): string => JSON.stringify(m.embeds[0]?.fields ?? []);
    expect(fields(posted)).toContain('not scored yet');
    expect(fields(posted)).not.toMatch(/8\/10/);
    const transcriptBefore = posted.attachments.find((a) => a.filename.endsWith('.md'))!.bytes.toString();
    expect(transcriptBefore).not.toContain('Problem solving: 8/10');

    modelUp = true;
    const edited = await discord.waitForEdit(posted.id, (m) => fields(m).includes('8/10'), 60_000);
    expect(fields(edited)).not.toContain('not scored yet');
    const transcript = edited.attachments.find((a) => a.filename.endsWith('.md'))!.bytes.toString();
    expect(transcript).toContain('8/10');
    expect(transcript).toContain('Problem solving: 8/10');
    // The same message, not a new one.
    expect(discord.messages.messages.filter((m) => m.channelId === posted.channelId && m.createdAtMs >= sinceMs && m.attachments.some((a) => a.filename.endsWith('.md')))).toHaveLength(1);
    await h.botLeftVoice();
    expect(discord.unexpectedCalls()).toEqual([]);
  }, 120_000);
});
