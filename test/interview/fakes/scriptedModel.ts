import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatMessage } from '../../../src/ai/LanguageModel.ts';
import { FakeLanguageModel, type FakeCall } from '../../../src/ai/testing/FakeLanguageModel.ts';
import { EVALUATION_SCHEMA_NAME } from '../../../src/interview/AnswerEvaluator.ts';
import { QUESTION_SCHEMA_NAME } from '../../../src/interview/QuestionGenerator.ts';
import { rubricReply } from './rubricReply.ts';

/** Distinct, realistic questions by number (1-based index into this list). */
export const QUESTIONS = [
  'How did you design the caching layer of your Go payments service?',
  'Walk me through migrating a PostgreSQL database without downtime.',
  'What alerting did you build around Kubernetes rollouts and why?',
  'How would you shard a message queue that outgrew one broker?',
  'Describe profiling a memory leak inside a Node event loop.',
];

/** Text of the fenced block `label` in `content`, or null. */
export function fencedBlock(content: string, label: string): string | null {
  const m = new RegExp(`<<<BEGIN ${label} (\\S+)>>>\\n([\\s\\S]*?)\\n<<<END ${label} \\1>>>`).exec(content);
  return m?.[2] ?? null;
}

export function userText(messages: ChatMessage[]): string {
  return messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
}

/** The question number a question prompt asks for. */
export function askedNumber(call: FakeCall): number {
  const m = /Now write question (\d+) of/.exec(userText(call.messages));
  return Number(m?.[1] ?? 0);
}

/**
 * A model that answers question prompts with QUESTIONS[n-1] and evaluation prompts with
 * `scoreFor(answer)` and a real quote as evidence.
 */
export function scriptedModel(opts: { scoreFor?: (answer: string) => number; questionDelayMs?: number; evaluationDelayMs?: number } = {}): FakeLanguageModel {
  const scoreFor = opts.scoreFor ?? (() => 7);
  const wait = (ms: number | undefined, signal: AbortSignal | undefined): Promise<void> => sleep(ms ?? 0, undefined, { signal });
  return new FakeLanguageModel({
    handler: async (call, signal) => {
      if (call.schemaName === QUESTION_SCHEMA_NAME) {
        await wait(opts.questionDelayMs, signal);
        const n = askedNumber(call);
        return { question: QUESTIONS[n - 1] ?? `Question number ${n} about topic ${n}?`, isFollowUp: false, focus: `topic ${n}` };
      }
      if (call.schemaName === EVALUATION_SCHEMA_NAME) {
        await wait(opts.evaluationDelayMs, signal);
        const answer = fencedBlock(userText(call.messages), 'ANSWER') ?? '';
        return rubricReply(userText(call.messages) + call.messages.map((m) => m.content).join('\n'), {
          score: scoreFor(answer),
          feedback: 'Clear and specific.',
          strengths: ['concrete example'],
          improvements: ['quantify the impact'],
          evidence: answer.split(/\s+/).slice(0, 5).join(' '),
        });
      }
      throw new Error(`unexpected schema ${call.schemaName}`);
    },
  });
}

/** A long, content-rich answer (not shallow). */
export function richAnswer(topic: string): string {
  return `In my last project I built the ${topic} for a payments platform handling twelve thousand requests per second. ` +
    'We measured latency with tracing, replaced the naive lock with sharded maps, added load tests in CI, and cut p99 latency by forty percent while keeping memory flat.';
}
