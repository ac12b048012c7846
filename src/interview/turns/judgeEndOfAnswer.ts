import { z } from 'zod';
import type { ChatMessage, LanguageModel } from '../../ai/LanguageModel.ts';
import { rejectOnAbort } from '../../util/rejectOnAbort.ts';
import { Fence } from '../fence.ts';
import type { PauseClass, PauseInput } from './endOfAnswerRules.ts';

/** What the model answers: one of three verdicts, nothing else (a strict schema: an object with one enum). */
export const PauseJudgementSchema = z.object({
  verdict: z.enum(['complete', 'mid_thought', 'hold']),
});

/** Schema name of the structured call (and of FakeLanguageModel scripts). */
export const PAUSE_JUDGEMENT_SCHEMA_NAME = 'end_of_answer';

/** Default budget of the whole call, retries included, in ms: the candidate is waiting in silence. */
export const DEFAULT_JUDGE_TIMEOUT_MS = 1_500;

/** The transcript sent is cut to its last this many characters: the ending is what matters. */
export const MAX_JUDGED_TRANSCRIPT_CHARS = 600;

/** Options of {@link judgeEndOfAnswer}. */
export interface JudgeOptions {
  /** Budget of the whole call, in ms. Default {@link DEFAULT_JUDGE_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** The answer went on or was abandoned: stop asking. */
  signal?: AbortSignal;
  /** Test hook: a fixed fence boundary. */
  makeBoundary?: () => string;
}

/** The few messages of the judgement: the question and the end of the answer, fenced as untrusted data. */
export function buildPauseJudgementPrompt(input: PauseInput, makeBoundary?: () => string): ChatMessage[] {
  const tail = input.transcript.length > MAX_JUDGED_TRANSCRIPT_CHARS ? `… ${input.transcript.slice(-MAX_JUDGED_TRANSCRIPT_CHARS)}` : input.transcript;
  const fence = Fence.for([tail, input.question, input.language], makeBoundary);
  const system = [
    'You watch a spoken job interview. The candidate has just paused. Decide from the transcript so far whether they have finished answering.',
    '"complete": the answer is finished. "mid_thought": they stopped mid-sentence, in a list, or are clearly going on.',
    '"hold": they asked for time to think. When in doubt, prefer "mid_thought": cutting a candidate off is worse than waiting.',
    'The transcript is automatic speech recognition: it may lack punctuation and contain wrong words.',
    'Reply with JSON: {"verdict": "complete" | "mid_thought" | "hold"}.',
    fence.rule(),
  ].join('\n');
  const user = [
    `Interview language: ${fence.wrap('LANGUAGE', input.language.trim() || 'English')}`,
    `Question: ${fence.wrap('QUESTION', input.question)}`,
    `Answer so far:\n${fence.wrap('ANSWER', tail)}`,
  ].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/**
 * Asks the model whether a pause ends the answer, for the pauses the rules are unsure about: one
 * tiny strict-schema call, limited to `timeoutMs` in all (AbortSignal.timeout). Never throws: on
 * any failure, timeout or abort it answers `mid_thought`, so the long silence applies and the
 * candidate is not cut off.
 */
export async function judgeEndOfAnswer(model: LanguageModel, input: PauseInput, opts: JudgeOptions = {}): Promise<Exclude<PauseClass, 'unsure'>> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_JUDGE_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  // Held to the budget even if a provider ignored its signal.
  const aborted = rejectOnAbort(signal);
  try {
    const call = model.structured(buildPauseJudgementPrompt(input, opts.makeBoundary), PauseJudgementSchema, PAUSE_JUDGEMENT_SCHEMA_NAME, {
      temperature: 0,
      maxOutputTokens: 20,
      signal,
    });
    call.catch(() => undefined); // lost the race: its rejection is expected
    const out = await Promise.race([call, aborted]);
    return out.verdict;
  } catch {
    // A slow or failing model must not cut the candidate off: wait the long silence instead.
    return 'mid_thought';
  }
}
