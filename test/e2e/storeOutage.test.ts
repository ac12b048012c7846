import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import type { Store } from '../../src/interview/Store.ts';
import type { InterviewDetails } from '../../src/interview/types.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { startSupabaseStandIn, type SupabaseStandIn } from '../harness/supabase/startSupabaseStandIn.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';
import { embed, interviewIdOf, VoiceHelpers } from './helpers/voiceHelpers.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/**
 * The database goes away in the middle of a voice interview (bot process, local Discord with
 * voice, OpenAI stand-in): on Supabase (the PostgREST stand-in answering 503 / resetting
 * connections for 30 s) and on the embedded PGlite (faults injected with
 * STORE_OUTAGE_FILE_FOR_TESTS, then a SIGTERM while still down). The interview goes on, the
 * results say what is not saved yet, and afterwards every answer is in the store exactly once.
 */

const TOTAL = 2;
const SERVICE_KEY = 'service-role-key-for-tests-0123456789';
const QUESTIONS = ['Tell me about a project where you improved the performance of a system.', 'How do you test your code before you release it?'];
const ANSWERS = [['I built a cache in Go.', 'It cut latency by forty percent.'], ['I write unit tests.']];
const OUTAGE_MS = 30_000;

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let supabase: SupabaseStandIn;
let bot: BotProcess | undefined;
let h: VoiceHelpers;
const dataDirs: string[] = [];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    return { question: QUESTIONS[(n - 1) % QUESTIONS.length]!, isFollowUp: false, focus: 'experience' };
  }
  if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'A reasonable answer.', strengths: ['Specific'], improvements: ['More detail'], evidence: '' });
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

const BOT_ENV = { END_OF_ANSWER_MODE: 'fixed', END_OF_ANSWER_SILENCE_MS: '1500', SEGMENT_SILENCE_MS: '500', CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000', LLM_MAX_RETRIES: '1' };

/**
 * Runs a two-question interview for alice; `onMidAnswer` runs between the two sentences of the
 * first answer (the outage starts there). Returns the results message.
 */
async function interview(onMidAnswer: () => void): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const alice = discord.users.alice.id;
  discord.userJoinVoice(alice, main.voiceChannelId);
  const sinceMs = Date.now();
  await discord.waitForReply(h.startInterview(alice), (m) => m.content.includes('starting'));
  const card1 = await h.waitForCard(1, sinceMs);
  await h.waitForStatus(card1, 'Listening');
  await h.say(alice, ANSWERS[0]![0]!);
  onMidAnswer();
  await sleep(900);
  await h.say(alice, ANSWERS[0]![1]!);
  await h.waitForStatus(card1, 'Answered');
  const card2 = await h.waitForCard(2, sinceMs);
  await h.waitForStatus(card2, 'Listening');
  await h.answer(alice, ANSWERS[1]!);
  const results = await h.waitForResults(alice, sinceMs);
  await h.botLeftVoice();
  discord.userLeaveVoice(alice);
  return results;
}

/** Every answer in the store once, scored, the interview finished. */
function expectAllSaved(d: InterviewDetails | null, status: string): void {
  expect(d?.interview.status).toBe(status);
  expect(d?.questions.map((q) => [q.number, q.answerStatus])).toEqual([[1, 'answered'], [2, 'answered']]);
  for (const q of d?.questions ?? []) expect(q.answerTranscript?.trim().length ?? 0).toBeGreaterThan(0);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: TOTAL });
  openai = await startOpenAiStandIn({ chat });
  supabase = await startSupabaseStandIn({ serviceRoleKey: SERVICE_KEY });
  await Promise.all(ANSWERS.flat().map((s) => h.packetsOf(s)));
}, 120_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
  await supabase?.close();
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

describe('a database outage during a voice interview', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${bot?.tail(60)}`));
  });

  it('Supabase down for 30 s mid-answer: the interview goes on, the results say what is not saved yet, and everything is saved once it is back', async () => {
    bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, env: { ...BOT_ENV, SUPABASE_URL: supabase.url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY } });
    let downAtMs = 0;
    const results = await bot.explain(interview(() => {
      downAtMs = Date.now();
      supabase.down(Number.POSITIVE_INFINITY, 'unavailable');
    }));
    expect(Date.now() - downAtMs, 'the interview ended within the outage').toBeLessThan(OUTAGE_MS);
    expect(String(embed(results)?.description)).toMatch(/Not saved yet: Q1, Q2/);
    expect(supabase.refusedCount).toBeGreaterThan(0);
    // The rest of the outage the gateway resets connections instead of answering.
    supabase.down(OUTAGE_MS - (Date.now() - downAtMs), 'reset');
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAtMs)));
    supabase.up();

    const store: Store = new SqlStore(supabase.db);
    const id = interviewIdOf(results);
    const saved = await until('the queued writes to reach Supabase', async () => {
      const d = await store.getInterview(discord.guilds.main.id, id);
      return d?.interview.status === 'completed' && d.questions.every((q) => q.evaluationStatus === 'scored') ? d : undefined;
    }, 20_000);
    expectAllSaved(saved, 'completed');
    expect(saved.interview.finalScore).toBe(6);
    const logs = bot.logs;
    expect(logs.some((l) => l.msg === 'store write failed; retrying after a backoff')).toBe(true);
    expect(logs.filter((l) => l.msg === 'session task failed' || l.msg.includes('not transient'))).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain('forty percent');
    await bot.stop();
    await bot.cleanup();
    bot = undefined;
  }, 150_000);

  it('PGlite failing mid-answer, then SIGTERM while still down: the writes are journaled (0600), replayed at the next start and the journal deleted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotseat-outage-'));
    dataDirs.push(dataDir);
    const outageFile = join(dataDir, 'outage');
    const started = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, dataDir, env: { ...BOT_ENV, STORE_OUTAGE_FILE_FOR_TESTS: outageFile } });
    bot = started;
    const results = await started.explain(interview(() => writeFileSync(outageFile, '')));
    expect(String(embed(results)?.description)).toMatch(/Not saved yet: Q1, Q2/);

    const exit = await started.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const journal = join(dataDir, 'pending-writes.jsonl');
    expect(statSync(journal).mode & 0o777).toBe(0o600);
    const ops = readFileSync(journal, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { write: { op: string } }).write.op);
    expect(ops).toContain('saveAnswer');
    expect(ops.at(-1)).toBe('finishInterview');

    rmSync(outageFile);
    await started.restart();
    await started.waitForLog((l) => l.msg === 'journaled store writes replayed', 10_000);
    expect(existsSync(journal)).toBe(false);
    await started.stop();

    const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
    const store = await createStore(config, createLogger({ level: 'silent' }));
    try {
      const d = await store.getInterview(discord.guilds.main.id, interviewIdOf(results));
      expectAllSaved(d, 'completed');
      expect(d?.questions.map((q) => q.evaluationStatus)).toEqual(['scored', 'scored']);
    } finally {
      await store.close();
    }
  }, 150_000);
});
