import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiLanguageModel } from '../../src/ai/OpenAiLanguageModel.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import type { Store } from '../../src/interview/Store.ts';
import { EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { FALLBACK_QUESTIONS } from '../../src/interview/fallbackQuestions.ts';
import { InterviewSession } from '../../src/interview/InterviewSession.ts';
import { QUESTION_SCHEMA_NAME } from '../../src/interview/QuestionGenerator.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { createLogger } from '../../src/logger.ts';
import { openTestSchema } from '../db/testDatabase.ts';
import { startOpenAiStandIn, type ChatReply, type ChatRequest, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { analyticsFor, FakeInterviewIO } from './fakes/FakeInterviewIO.ts';
import { JOB, RESUME } from './fakes/makeSession.ts';
import { fencedBlock, QUESTIONS, richAnswer } from './fakes/scriptedModel.ts';
import { rubricReply } from './fakes/rubricReply.ts';

const logger = createLogger({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A stand-in handler playing a sensible model: questions by number, evaluations quoting the answer. */
function modelReply(req: ChatRequest): ChatReply {
  const user = req.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  const schema = req.response_format?.json_schema?.name;
  if (schema === QUESTION_SCHEMA_NAME) {
    const n = Number(/Now write question (\d+) of/.exec(user)?.[1]);
    return { question: QUESTIONS[n - 1] ?? 'Why this role?', isFollowUp: false, focus: `topic ${n}` };
  }
  if (schema === EVALUATION_SCHEMA_NAME) {
    const answer = fencedBlock(user, 'ANSWER') ?? '';
    return rubricReply(req, { score: answer.includes('migration') ? 6 : 8, feedback: 'Specific and measured.', strengths: ['numbers'], improvements: ['trade-offs'], evidence: 'cut p99 latency by forty percent' });
  }
  throw new Error(`unexpected schema ${schema}`);
}

function llmFor(standIn: OpenAiStandIn, timeoutMs = 2_000): OpenAiLanguageModel {
  return new OpenAiLanguageModel({ baseUrl: standIn.baseUrl, apiKey: 'sk-test-stand-in-key', model: 'stand-in-model', timeoutMs, maxRetries: 2, logger, retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 50 } });
}

/** One embedded database for this file (opening PGlite takes seconds); each test uses its own interviews. */
let pglite: Promise<Store> | undefined;
function pgliteStore(): Promise<Store> {
  pglite ??= openPglite();
  return pglite;
}

async function openPglite(): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-engine-'));
  const db = await PgliteClient.open(join(dir, 'data'));
  await migrate(db);
  const store = new SqlStore(db);
  cleanups.push(async () => { await store.close(); await rm(dir, { recursive: true, force: true }); });
  return store;
}

async function postgresStore(): Promise<Store> {
  const { client, drop } = await openTestSchema();
  await migrate(client);
  const store = new SqlStore(client);
  cleanups.push(async () => { await store.close(); await drop(); });
  return store;
}

async function runInterview(store: Store, standIn: OpenAiStandIn, answers: string[], llm = llmFor(standIn)) {
  const interview = await store.createInterview({
    guildId: 'guild-1', candidateUserId: 'user-1', candidateName: 'Jane', textChannelId: 'text-1', voiceChannelId: 'voice-1',
    jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: answers.length,
  });
  const io = new FakeInterviewIO({ answers: answers.map((transcript) => ({ transcript })) });
  const session = new InterviewSession({ interview, resumeText: RESUME, jobDescription: JOB, model: llm, store, io, repeatWindowMs: 120_000, rejoinTimeoutMs: 60_000, logger });
  try {
    const result = await session.run();
    return { result, io, interview, details: await store.getInterview(interview.guildId, interview.id) };
  } finally {
    await session.close();
    await io.close();
  }
}

// Opened in a hook (longer timeout): starting PGlite takes seconds on a busy machine.
beforeAll(async () => {
  await pgliteStore();
});

let standIn: OpenAiStandIn;
afterEach(async () => {
  await standIn?.close();
});

describe.each([
  ['PGlite', pgliteStore],
  ['PostgreSQL', postgresStore],
])('a scripted 3-question interview with the stand-in model lands in %s', (_name, openStore) => {
  it('with every field', async () => {
    standIn = await startOpenAiStandIn({ chat: modelReply });
    const store = await openStore();
    const answers = [richAnswer('cache'), richAnswer('migration'), richAnswer('alerting')];
    const started = Date.now();
    const { result, io, interview, details } = await runInterview(store, standIn, answers);
    expect(result.status).toBe('completed');
    expect(io.spoken.map((s) => s.text)).toEqual(QUESTIONS.slice(0, 3));
    expect(details?.interview).toMatchObject({
      id: interview.id, guildId: 'guild-1', candidateUserId: 'user-1', candidateName: 'Jane', textChannelId: 'text-1', voiceChannelId: 'voice-1',
      jobTitle: 'Backend Engineer', type: 'technical', language: 'English', status: 'completed', questionCount: 3, finalScore: 7.33,
    });
    expect(details?.interview.completedAt?.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    expect(details?.interview.startedAt.getTime()).toBeLessThanOrEqual(details!.interview.completedAt!.getTime());
    expect(details?.interview.createdAt.getTime()).toBeGreaterThanOrEqual(started - 60_000);
    expect(result.finalScore).toBe(7.33);
    expect(details?.questions).toHaveLength(3);
    for (const [i, q] of (details?.questions ?? []).entries()) {
      expect(q).toMatchObject({
        interviewId: interview.id, number: i + 1, questionText: QUESTIONS[i], isFallback: false, answerStatus: 'answered',
        answerTranscript: answers[i], evaluationStatus: 'scored', score: i === 1 ? 6 : 8, feedback: 'Specific and measured.',
        strengths: ['numbers'], improvements: ['trade-offs'], evidence: 'cut p99 latency by forty percent', answerDurationMs: 5_000,
        analytics: analyticsFor(answers[i]!),
      });
      expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(q.askedAt).toBeInstanceOf(Date);
      expect(q.answeredAt!.getTime()).toBeGreaterThanOrEqual(q.askedAt.getTime());
      expect(q.evaluatedAt).toBeInstanceOf(Date);
    }
    // Structured output went through response_format with our schema names.
    const names = standIn.callsTo('/v1/chat/completions').map((c) => (c.body as ChatRequest).response_format?.json_schema?.name);
    expect(names.filter((n) => n === QUESTION_SCHEMA_NAME)).toHaveLength(3);
    expect(names.filter((n) => n === EVALUATION_SCHEMA_NAME)).toHaveLength(3);
  });
});

describe('faults through the real OpenAI client', () => {
  it('429, 500 and a timeout are retried, then a fallback question is recorded', async () => {
    let questionRequests = 0;
    standIn = await startOpenAiStandIn({
      chat: (req) => {
        if (req.response_format?.json_schema?.name === QUESTION_SCHEMA_NAME && ++questionRequests <= 3) {
          return [{ fault: 429, retryAfterS: 0 }, { fault: 500 }, { fault: 'delay', ms: 3_000 }][questionRequests - 1] as ChatReply;
        }
        return modelReply(req);
      },
    });
    const store = await pgliteStore();
    const { details } = await runInterview(store, standIn, [richAnswer('cache'), richAnswer('migration')], llmFor(standIn, 400));
    const faults = standIn.callsTo('/v1/chat/completions').map((c) => c.fault).filter(Boolean);
    expect(faults).toEqual(['429', '500', 'delay']);
    expect(details?.questions[0]?.isFallback).toBe(true);
    expect(FALLBACK_QUESTIONS.technical).toContain(details?.questions[0]?.questionText);
    expect(details?.questions[1]).toMatchObject({ isFallback: false, questionText: QUESTIONS[1] });
    expect(details?.interview.status).toBe('completed');
  });

  it('a failed evaluation stays unscored, then a later retry scores it and sets the final score', async () => {
    let evaluations = 0;
    standIn = await startOpenAiStandIn({
      chat: (req) => (req.response_format?.json_schema?.name === EVALUATION_SCHEMA_NAME && ++evaluations <= 3 ? { fault: 'malformed' } : modelReply(req)),
    });
    const store = await pgliteStore();
    const { details, interview, result } = await runInterview(store, standIn, [richAnswer('cache')]);
    expect(result.finalScore).toBeNull();
    expect(details?.questions[0]).toMatchObject({ evaluationStatus: 'unscored', score: null });
    expect(details?.interview.finalScore).toBeNull();
    expect(await retryUnscored(store, llmFor(standIn))).toMatchObject({ scored: 1, failed: 0, skipped: 0, rescored: [{ interviewId: expect.any(String) }] });
    const after = await store.getInterview(interview.guildId, interview.id);
    expect(after?.questions[0]).toMatchObject({ evaluationStatus: 'scored', score: 8 });
    expect(after?.interview.finalScore).toBe(8);
  });
});
