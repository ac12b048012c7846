import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { OptionValue, TestFile } from '../harness/discord/interactionPayloads.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { makeDocx, makeScannedPdf } from '../documents/makeTestDocuments.ts';
import { REPO_ROOT, startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * The documents people have, through `/interview start` in the local Discord and the bot as
 * its own process: a Word resume and job description, a Word file renamed .txt, a scanned PDF
 * (read by OCR, with a notice), and Word files the bot cannot read (each its own message).
 * Each accepted document must reach the question prompt the OpenAI stand-in receives.
 */

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const fixture = (path: string): Buffer => readFileSync(join(REPO_ROOT, path));

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === 'interview_question') return { question: 'Tell me about a project you are proud of and why.', isFollowUp: false, focus: 'experience' };
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'Fine.', strengths: ['Clear'], improvements: ['Detail'], evidence: '' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

async function run(userId: string, subcommand: string, extra: { options?: Record<string, OptionValue>; attachments?: Record<string, TestFile> } = {}): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommand, ...extra });
  return bot.explain(discord.waitForReply(record.id, () => true, 60_000));
}

/** The text of every question-generation prompt the stand-in has received. */
function questionPrompts(): string {
  return openai
    .callsTo('/v1/chat/completions')
    .map((c) => c.body as { response_format?: { json_schema?: { name?: string } }; messages?: Array<{ content: string }> })
    .filter((b) => b.response_format?.json_schema?.name === 'interview_question')
    .map((b) => (b.messages ?? []).map((m) => m.content).join('\n'))
    .join('\n');
}

async function activeInterviews(count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await bot.health())?.body.activeInterviews !== count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect((await bot.health())?.body.activeInterviews).toBe(count);
}

/** Starts an interview with these documents, checks the reply and that `words` reached the question prompt, then stops it. */
async function startAndStop(userId: string, attachments: Record<string, TestFile>, words: string[], options: Record<string, OptionValue> = {}): Promise<MessageRecord> {
  discord.voiceStates.userJoin(userId, discord.guilds.main.voiceChannelId);
  const reply = await run(userId, 'start', { options: { type: 'technical', questions: 2, ...options }, attachments });
  expect(reply.ephemeral).toBe(true);
  expect(reply.content).toContain('is starting in');
  const deadline = Date.now() + 60_000;
  while (!words.every((w) => questionPrompts().includes(w)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const word of words) expect(questionPrompts(), 'the question prompt').toContain(word);
  const stopped = await run(userId, 'stop');
  expect(stopped.content).toContain('Interview stopped');
  await activeInterviews(0);
  discord.voiceStates.userLeave(userId);
  return reply;
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[] });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, env: { INTERVIEWS_PER_USER_PER_DAY: '5' } });
}, 90_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
});

describe('/interview start with the documents people have', () => {
  it('reads a Word resume and a Word job description', async () => {
    const resume = await makeDocx(['Quillon Marsh', 'Built a Zephyrine telemetry pipeline in Elixir.']);
    const jd = await makeDocx(['Platform engineer', 'You will own our Borealis scheduling service.']);
    const reply = await startAndStop(
      discord.users.alice.id,
      { resume: { filename: 'cv.docx', contentType: docxType, bytes: Buffer.from(resume) }, jd: { filename: 'role.docx', contentType: docxType, bytes: Buffer.from(jd) } },
      ['Quillon Marsh', 'Zephyrine telemetry pipeline', 'Borealis scheduling service'],
    );
    expect(reply.content).not.toContain('ℹ️');
  }, 120_000);

  it('reads a Word file renamed .txt as Word', async () => {
    const resume = await makeDocx(['Tamsin Vale', 'Designed the Halcyon billing ledger in Kotlin.']);
    await startAndStop(
      discord.users.bob.id,
      { resume: { filename: 'resume.txt', contentType: 'text/plain; charset=utf-8', bytes: Buffer.from(resume) } },
      ['Tamsin Vale', 'Halcyon billing ledger'],
      { jd_text: 'A backend engineer who knows Go and PostgreSQL.' },
    );
  }, 120_000);

  it('reads a scanned PDF by OCR and says so', async () => {
    const scan = await makeScannedPdf(new Uint8Array(fixture('test/fixtures/documents/resume.pdf')), { pages: 1 });
    const reply = await startAndStop(
      discord.users.carol.id,
      { resume: { filename: 'scan.pdf', contentType: 'application/pdf', bytes: Buffer.from(scan) } },
      ['Jordan Rivera', 'Kubernetes'],
      { jd_text: 'A backend engineer who knows Go and PostgreSQL.' },
    );
    expect(reply.content).toContain('ℹ️ Your resume has no text layer (it looks like a scan), so its text was read by OCR and may contain misread words.');
  }, 120_000);

  it.each([
    ['cv.docx', docxType, 'test/documents/fixtures/example_password.docx', 'is a password-protected Word document'],
    ['cv.doc', 'application/msword', 'test/documents/fixtures/plain.doc', 'is an old Word 97–2003 (.doc) file'],
    ['cv.docx', docxType, 'test/fixtures/documents/binary.txt', 'is damaged or not a valid Word document'],
  ])('refuses %s (%s) with its own message', async (filename, contentType, path, message) => {
    const { dave } = discord.users;
    discord.voiceStates.userJoin(dave.id, discord.guilds.main.voiceChannelId);
    const reply = await run(dave.id, 'start', { options: { jd_text: 'Backend role.' }, attachments: { resume: { filename, contentType, bytes: fixture(path) } } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`Your resume "${filename}" ${message}`);
    discord.voiceStates.userLeave(dave.id);
  }, 60_000);
});
