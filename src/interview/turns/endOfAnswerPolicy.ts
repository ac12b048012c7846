import type { LanguageModel } from '../../ai/LanguageModel.ts';
import { endOfAnswerRules, type PauseClass, type PauseInput } from './endOfAnswerRules.ts';
import { DEFAULT_JUDGE_TIMEOUT_MS, judgeEndOfAnswer } from './judgeEndOfAnswer.ts';

/**
 * How long a pause may last before the answer ends, in ms. `fixed` is the behaviour before
 * adaptive turns: one silence limit for every pause.
 */
export interface EndOfAnswerSettings {
  mode: 'adaptive' | 'fixed';
  /** After a complete answer. Default 800. */
  shortMs: number;
  /** Mid-thought, and whenever the judge fails. Default 6000. */
  longMs: number;
  /** After an explicit hold ("let me think"). Default 20 000. */
  holdMs: number;
  /** The one limit of `fixed` mode (END_OF_ANSWER_SILENCE_MS). Default 3000. */
  fixedMs: number;
  /** Budget of the model's judgement when the rules are unsure. Default 1500. */
  judgeTimeoutMs: number;
}

/** Default end-of-answer settings (ms). */
export const DEFAULT_END_OF_ANSWER_SETTINGS: EndOfAnswerSettings = {
  mode: 'adaptive',
  shortMs: 800,
  longMs: 6_000,
  holdMs: 20_000,
  fixedMs: 3_000,
  judgeTimeoutMs: DEFAULT_JUDGE_TIMEOUT_MS,
};

/** The decision at one pause: how long to wait, and why. */
export interface EndOfAnswerDecision {
  /** End the answer when the silence (from the end of speech) reaches this. */
  silenceLimitMs: number;
  /** The class the limit comes from (`unsure` never: the judge resolves it). */
  pauseClass: Exclude<PauseClass, 'unsure'> | 'fixed';
  /** Who decided. */
  source: 'rules' | 'judge' | 'fixed';
  /** The rule that decided, for logs. */
  reason: string;
}

/** The silence limit of a class, in ms. */
export function silenceLimitMs(pauseClass: Exclude<PauseClass, 'unsure'>, settings: EndOfAnswerSettings): number {
  if (pauseClass === 'complete') return settings.shortMs;
  if (pauseClass === 'hold') return settings.holdMs;
  return settings.longMs;
}

/**
 * Decides how long to keep listening at a pause: in `fixed` mode the fixed limit; in
 * `adaptive` mode the local rules classify the pause, and only when they are unsure is the
 * model asked ({@link judgeEndOfAnswer}: short timeout, `mid_thought` on failure). Never throws.
 * @param model the chat model, or null to never ask one (unsure then means mid_thought)
 */
export async function endOfAnswerPolicy(
  input: PauseInput,
  settings: EndOfAnswerSettings,
  model: LanguageModel | null,
  signal?: AbortSignal,
): Promise<EndOfAnswerDecision> {
  if (settings.mode === 'fixed') return { silenceLimitMs: settings.fixedMs, pauseClass: 'fixed', source: 'fixed', reason: 'fixed mode' };
  const verdict = endOfAnswerRules(input);
  if (verdict.pauseClass !== 'unsure') {
    return { silenceLimitMs: silenceLimitMs(verdict.pauseClass, settings), pauseClass: verdict.pauseClass, source: 'rules', reason: verdict.reason };
  }
  if (!model) return { silenceLimitMs: settings.longMs, pauseClass: 'mid_thought', source: 'rules', reason: `${verdict.reason}, no judge` };
  const judged = await judgeEndOfAnswer(model, input, { timeoutMs: settings.judgeTimeoutMs, signal });
  return { silenceLimitMs: silenceLimitMs(judged, settings), pauseClass: judged, source: 'judge', reason: verdict.reason };
}
