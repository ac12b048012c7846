import type { ModelEvaluation } from '../../../src/interview/evaluationSchema.ts';
import { DEFAULT_RUBRICS } from '../../../src/interview/rubric.ts';

/**
 * The criterion keys an evaluation prompt asks for, read from its reply format line
 * (`"criteria": {"problem_solving": {"evidence": ...`); the default technical keys if none.
 */
export function criterionKeysOf(prompt: string): string[] {
  const keys = [...prompt.matchAll(/"([a-z0-9_]{1,32})": \{"evidence"/g)].map((m) => m[1]!);
  return keys.length > 0 ? keys : DEFAULT_RUBRICS.technical.map((c) => c.key);
}

/**
 * A model's reply to an evaluation prompt (`prompt`: the request, its messages joined, or ''):
 * every criterion asked for gets `score` (so the derived score is `score`) and `evidence`.
 */
export function rubricReply(
  prompt: string | { messages: ReadonlyArray<{ content: string }> },
  opts: { score: number; feedback?: string; strengths?: string[]; improvements?: string[]; evidence?: string; notEnoughReason?: string | null },
): ModelEvaluation {
  const text = typeof prompt === 'string' ? prompt : prompt.messages.map((m) => m.content).join('\n');
  const criteria = Object.fromEntries(criterionKeysOf(text).map((k) => [k, { evidence: opts.evidence ?? '', score: opts.score }]));
  return {
    notEnoughReason: opts.notEnoughReason ?? null,
    criteria,
    feedback: opts.feedback ?? 'A clear answer.',
    strengths: opts.strengths ?? ['Concrete example'],
    improvements: opts.improvements ?? ['Mention trade-offs'],
  };
}
