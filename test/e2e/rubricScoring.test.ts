import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import type { RubricCriterion } from '../../src/interview/rubric.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { fencedBlock } from '../interview/fakes/scriptedModel.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { embed, field, interviewIdOf, VoiceHelpers } from './helpers/voiceHelpers.ts';

/**
 * Rubric scoring end to end: the server's own rubric (saved with store.saveRubric) reaches the
 * evaluation prompt through the bot process, the model's per-criterion scores and quotes come
 * back through the OpenAI stand-in's strict structured outputs, and the posted results show
 * the criteria, the evidence (only real quotes) and a "fine" answer as not enough to score.
 */

const QUESTIONS = ['Tell me about a project where you improved the performance of a system.', 'How did the rest of the team feel about that project?'];
const ANSWERS = [['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'], ['Yeah, I think it was fine, I guess.']];
const RUBRIC: RubricCriterion[] = [
  { key: 'impact', name: 'Impact', anchors: { low: 'No outcome is named.', mid: 'An outcome without a measure.', high: 'MEASURED-OUTCOME with a number and what it changed.' } },
  { key: 'clarity', name: 'Clarity', anchors: { low: 'Hard to follow.', mid: 'Mostly clear.', high: 'A clear story, easy to follow aloud.' } },
];
const INVENTED = 'an elegant consistent hashing ring';

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let h: VoiceHelpers;
let dataDir: string;
const evaluationPrompts: string[] = [];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    return { question: QUESTIONS[n - 1]!, isFollowUp: false, focus: 'experience' };
  }
  if (schema === 'answer_evaluation') {
    evaluationPrompts.push(prompt);
    const answer = fencedBlock(prompt, 'ANSWER') ?? '';
    const filler = { feedback: 'It says little.', strengths: [], improvements: ['Give a concrete example'] };
    // Whatever pocketsphinx made of the "fine" answer: the model says it cannot be judged.
    if (prompt.includes(QUESTIONS[1]!)) return { notEnoughReason: 'It only says it was fine.', criteria: { impact: { evidence: '', score: 6 }, clarity: { evidence: '', score: 6 } }, ...filler };
    // A real quote (the first words heard) for impact, an invented one for clarity: only the first is shown.
    const quote = answer.split(/\s+/).slice(0, 4).join(' ');
    return {
      notEnoughReason: null,
      criteria: { impact: { evidence: quote, score: 8 }, clarity: { evidence: INVENTED, score: 6 } },
      feedback: 'A concrete result with a number. Say how you measured it.',
      strengths: ['Numbers'],
      improvements: ['Measurement'],
    };
  }
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: 2 });
  openai = await startOpenAiStandIn({ chat });
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-rubric-'));
  const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
  const store = await createStore(config, createLogger({ level: 'silent' }));
  try {
    await store.saveRubric(discord.guilds.main.id, 'technical', RUBRIC);
  } finally {
    await store.close();
  }
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: openai.baseUrl,
    dataDir,
    env: { DISCORD_CLIENT_ID: discord.applicationId, END_OF_ANSWER_MODE: 'fixed', ACKNOWLEDGEMENTS: 'false', END_OF_ANSWER_SILENCE_MS: '2000', SEGMENT_SILENCE_MS: '500', NO_SPEECH_TIMEOUT_MS: '20000' },
  });
  await Promise.all(ANSWERS.flat().map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('rubric scoring end to end', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot.tail(60)}`));
  });

  it("scores on the server's rubric: criterion scores and real quotes in the results, a \"fine\" answer not enough to score", async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    const sinceMs = Date.now();
    await discord.waitForReply(h.startInterview(alice, { jobTitle: 'Backend Engineer' }), (m) => m.content.includes('starting'));
    const heard: string[] = [];
    for (let n = 1; n <= 2; n++) {
      const card = await h.waitForCard(n, sinceMs);
      await h.waitForStatus(card, 'Listening');
      await h.answer(alice, ANSWERS[n - 1]!);
      heard.push(field(await h.waitForStatus(card, 'Answered'), 'Your answer') ?? '');
    }
    const results = await bot.explain(h.waitForResults(alice, sinceMs));

    // The evaluation prompt carried the server's rubric (not the defaults), and the strict schema asked for its criteria.
    expect(evaluationPrompts.length).toBeGreaterThanOrEqual(1);
    expect(fencedBlock(evaluationPrompts[0]!, 'RUBRIC')).toContain('9 = MEASURED-OUTCOME with a number and what it changed.');
    expect(evaluationPrompts[0]).not.toContain('problem_solving');
    const request = openai.callsTo('/v1/chat/completions').find((c) => (c.body as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name === 'answer_evaluation');
    expect(request?.status).toBe(200);
    expect((request?.body as { response_format: { json_schema: { strict: boolean; schema: { properties: { criteria: { required: string[] } } } } } }).response_format.json_schema)
      .toMatchObject({ strict: true, schema: { properties: { criteria: { required: ['impact', 'clarity'] } } } });

    // Results: Q1 scored 7 = mean(8, 6), its criteria in one line; Q2 not enough to score; overall over the 2 asked.
    const fields = (embed(results)?.fields ?? []) as Array<{ name: string; value: string }>;
    expect(fields[0]?.name).toBe('Q1 · 7/10');
    expect(fields[0]?.value).toContain('Impact 8 · Clarity 6');
    expect(fields[1]?.name).toBe('Q2 · not enough to score (0/10)');
    expect(fields[1]?.value).toMatch(/^Not enough to score — .+/);
    expect(String(embed(results)?.description)).toContain('Overall: 3.5/10');

    // The transcript: every criterion with its quote; the invented quote is nowhere.
    const md = results.attachments.find((a) => a.filename.endsWith('.md'))!.bytes.toString('utf8');
    const quote = heard[0]!.split(/\s+/).slice(0, 4).join(' ');
    expect(md).toContain(`- Impact: 8/10 — “${quote}”`);
    expect(md).toContain('- Clarity: 6/10\n');
    expect(md).toMatch(/\*\*Not enough to score — .+\*\*/);
    expect(md).not.toContain(INVENTED);

    // /interview show: the criterion scores with their evidence.
    const show = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: alice, command: 'interview', subcommand: 'show', options: { id: interviewIdOf(results) } });
    const details = JSON.stringify((await discord.waitForReply(show.id, () => true, 15_000)).embeds);
    expect(details).toContain(`• Impact 8/10 — “${quote}”`);
    expect(details).toContain('Not enough to score — ');
    expect(details).not.toContain(INVENTED);
    expect(discord.unexpectedCalls()).toEqual([]);
  }, 120_000);
});
