import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { PAUSE_JUDGEMENT_SCHEMA_NAME } from '../../src/interview/turns/judgeEndOfAnswer.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import { shownModal } from '../harness/discord/modals.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { OptionValue, TestFile } from '../harness/discord/interactionPayloads.ts';
import { startOpenAiStandIn, type ChatReply, type ChatRequest, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { REPO_ROOT, startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { embed, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * `/interview bank` through the local Discord (real gateway, the bot as a process, its PGlite
 * store): a mentor adds questions in a modal, imports a .txt (a PDF renamed .txt is refused),
 * lists and removes them (autocomplete); a candidate is refused; then a 2-question interview
 * asks the bank question for its job title as question 2, as written, with no model call.
 */

const TAILORED = 'Question 1: Describe a performance problem you solved.';
const SRE_QUESTION = 'How would you run an incident review after a major outage?';
const TOTAL = 2;
/** Long enough not to be shallow (25+ words as recognised), so no follow-up takes the bank question's place. */
const ANSWER = 'I profiled the payments service in production, found one slow database query behind the checkout page, added a covering index, measured the latency again with tracing, and the slowest requests became four times faster for every customer.';

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
/** The user messages of every question prompt the model was sent. */
const questionPrompts: string[] = [];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') {
    questionPrompts.push(request.messages[1]?.content ?? '');
    return { question: TAILORED, isFollowUp: false, focus: 'performance' };
  }
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'Concrete.', strengths: ['Specific'], improvements: ['Numbers'] });
  if (schema === PAUSE_JUDGEMENT_SCHEMA_NAME) return { verdict: 'complete' };
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

const txt = (filename: string, text: string): TestFile => ({ filename, contentType: 'text/plain; charset=utf-8', bytes: Buffer.from(text, 'utf8') });

/** Runs `/interview bank <subcommand>` and waits for the bot's (non-loading) reply. */
function bank(userId: string, subcommand: string, opts: { options?: Record<string, OptionValue>; attachments?: Record<string, TestFile> } = {}): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommandGroup: 'bank', subcommand, ...opts });
  return bot.explain(discord.waitForReply(record.id, () => true, 15_000));
}

const listText = (m: MessageRecord): string => `${m.content}\n${String(embed(m)?.description ?? '')}\n${JSON.stringify(embed(m)?.footer ?? '')}`;

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 30_000 });
  h = new VoiceHelpers(discord, { total: TOTAL });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, env: { DISCORD_CLIENT_ID: discord.applicationId, NO_SPEECH_TIMEOUT_MS: '30000', LLM_MAX_RETRIES: '1' } });
  await h.packetsOf(ANSWER);
}, 180_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('/interview bank', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it('is for mentors only', async () => {
    const refused = await bank(discord.users.alice.id, 'list');
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Only mentors can manage the question bank');
  });

  it('adds questions typed in a modal, scoped to the job title given, and says what it skipped', async () => {
    const { main } = discord.guilds;
    const dave = discord.users.dave.id;
    const opened = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: dave, command: 'interview', subcommandGroup: 'bank', subcommand: 'add', options: { job_title: 'Backend Engineer', type: 'technical' } });
    const answered = await bot.explain(discord.waitForInteractionResponse(opened.id));
    const modal = shownModal(answered);
    expect(modal?.title).toBe('Add technical questions to the bank');
    expect(JSON.stringify(modal)).toContain('"value":"Backend Engineer"');
    const submitted = discord.submitModal({
      shownBy: opened.id, userId: dave,
      values: { questions: ['How do you review a risky pull request?', '', '- How would you shard a relational database?', 'how do you review a RISKY pull request?', 'Why?'].join('\n') },
    });
    const reply = await bot.explain(discord.waitForReply(submitted.id));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Added 2 questions to the server’s bank for **Backend Engineer** technical interviews.');
    expect(reply.content).toContain('1 repeat of an earlier line');
    expect(reply.content).toContain('1 line shorter than 10 characters (line 5)');
  });

  it('imports a .txt file, skipping what is already there, and refuses a PDF renamed .txt and a .png', async () => {
    const dave = discord.users.dave.id;
    const file = txt('questions.txt', `\uFEFF${SRE_QUESTION}\nWhat does a good on-call handover contain?\n`);
    const imported = await bank(dave, 'import', { options: { job_title: 'site reliability engineer' }, attachments: { file } });
    expect(imported.content).toContain('Added 2 questions to the server’s bank for **site reliability engineer** interviews.');
    const again = await bank(dave, 'import', { options: { job_title: 'Site Reliability Engineer' }, attachments: { file: txt('again.txt', `${SRE_QUESTION}\nWhy?\n`) } });
    expect(again.content).toContain('Added 0 questions');
    expect(again.content).toContain('1 was already in the bank');
    expect(again.content).toContain('1 line shorter than 10 characters (line 2)');
    const pdf = readFileSync(join(REPO_ROOT, 'test/fixtures/documents/resume.pdf'));
    const renamed = await bank(dave, 'import', { attachments: { file: { filename: 'questions.txt', contentType: 'text/plain', bytes: pdf } } });
    expect(renamed.content).toContain('"questions.txt" is named .txt but is a PDF');
    expect(renamed.content).toContain('plain text file (.txt, UTF-8), one question per line');
    const png = await bank(dave, 'import', { attachments: { file: { filename: 'questions.png', contentType: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) } } });
    expect(png.content).toContain('"questions.png" is a .png file');
  });

  it('lists the questions with short ids and filters, and removes one picked from the autocomplete', async () => {
    const { main } = discord.guilds;
    const dave = discord.users.dave.id;
    const all = await bank(dave, 'list');
    const text = listText(all);
    for (const q of ['How do you review a risky pull request?', 'How would you shard a relational database?', SRE_QUESTION, 'What does a good on-call handover contain?']) expect(text).toContain(q);
    expect(text).toMatch(/`[0-9a-f]{8}` \*Backend Engineer · technical\*/);
    expect(text).toContain('4 questions');
    const sre = listText(await bank(dave, 'list', { options: { job_title: 'SITE reliability engineer' } }));
    expect(sre).toContain(SRE_QUESTION);
    expect(sre).not.toContain('pull request');

    const typed = discord.autocomplete({ guildId: main.id, channelId: main.interviewsChannelId, userId: dave, command: 'interview', subcommandGroup: 'bank', subcommand: 'remove', focused: 'id', typed: 'handover' });
    await bot.explain(discord.waitForInteractionResponse(typed.id));
    const choices = (typed.callbacks[0]?.data?.choices ?? []) as Array<{ name: string; value: string }>;
    expect(choices).toHaveLength(1);
    expect(choices[0]!.name).toMatch(/^[0-9a-f]{8} · What does a good on-call handover contain\?$/);
    const candidateTyped = discord.autocomplete({ guildId: main.id, channelId: main.interviewsChannelId, userId: discord.users.alice.id, command: 'interview', subcommandGroup: 'bank', subcommand: 'remove', focused: 'id', typed: '' });
    await bot.explain(discord.waitForInteractionResponse(candidateTyped.id));
    expect(candidateTyped.callbacks[0]?.data?.choices).toEqual([]);

    const removed = await bank(dave, 'remove', { options: { id: choices[0]!.value } });
    expect(removed.content).toContain('Removed `');
    expect(removed.content).toContain('What does a good on-call handover contain?');
    expect(listText(await bank(dave, 'list'))).not.toContain('handover');
    const missing = await bank(dave, 'remove', { options: { id: 'ffffffff' } });
    expect(missing.content).toContain('No question of this server’s bank has the id `ffffffff`');
  });

  it('asks the bank question for the job title in an interview, as written and without a model call, and the results say so', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    const startedAtMs = Date.now();
    await discord.waitForReply(h.startInterview(alice, { jobTitle: 'Site Reliability Engineer' }), (m) => m.content.includes('starting'));
    const cards: MessageRecord[] = [];
    for (let n = 1; n <= TOTAL; n++) {
      const card = await bot.explain(h.waitForCard(n, startedAtMs));
      cards.push(card);
      await bot.explain(h.waitForStatus(card, 'Listening'));
      await h.answer(alice, [ANSWER]);
      await bot.explain(h.waitForStatus(card, 'Answered'));
    }
    // 2 questions at the default share 0.3: one from the bank, the job title's, as question 2.
    expect(embed(cards[0]!)?.description).toBe(TAILORED.replace(/^Question 1: /, ''));
    expect(embed(cards[1]!)?.description).toBe(SRE_QUESTION);
    expect(questionPrompts).toHaveLength(1);
    expect(questionPrompts[0]).toContain('LATER_QUESTIONS');
    expect(questionPrompts[0]).toContain(SRE_QUESTION);
    const results = await bot.explain(h.waitForResults(alice, startedAtMs));
    const names = ((embed(results)?.fields ?? []) as Array<{ name: string }>).map((f) => f.name);
    expect(names.slice(0, 2)).toEqual(['Q1 · 6/10', 'Q2 · 6/10 · server bank']);
    const transcript = results.attachments.find((a) => a.filename.endsWith('.md'))?.bytes.toString('utf8') ?? '';
    expect(transcript).toContain('## Question 2 of 2 (from the server’s bank)');
    expect(transcript).not.toContain('## Question 1 of 2 (from');
    expect(bot.logs.filter((l) => /uncaught exception|unhandled promise rejection/.test(l.msg)).map((l) => l.msg)).toEqual([]);
  }, 180_000);
});
