import type { LanguageModel } from '../../ai/LanguageModel.ts';
import { endOfAnswerPolicy, type EndOfAnswerDecision, type EndOfAnswerSettings } from './endOfAnswerPolicy.ts';
import { utteranceWords } from './turnLanguage.ts';

/** Words said after a hold that make it over (fewer: "let me think… about that" still holds). */
export const MIN_WORDS_AFTER_HOLD = 3;

/**
 * The pauses of one answer, each decided by {@link endOfAnswerPolicy}, with one memory: a hold
 * ends when the candidate goes on. "Give me a second. We would roll back the release." still
 * reads as a hold to the rules (the phrase is among the last words), so once a hold was decided
 * and at least {@link MIN_WORDS_AFTER_HOLD} words followed it, what was said since is decided
 * on its own. Never throws (the policy does not).
 */
export class AnswerPauses {
  readonly #o: { question: string; language: string; settings: EndOfAnswerSettings; model: LanguageModel | null };
  /** The transcript when the candidate last asked for time. */
  #heldAt: string | null = null;

  constructor(options: { question: string; language: string; settings: EndOfAnswerSettings; model: LanguageModel | null }) {
    this.#o = options;
  }

  /** How long this pause may last, from the transcript so far. */
  async decide(transcript: string, signal?: AbortSignal): Promise<EndOfAnswerDecision> {
    const { question, language, settings, model } = this.#o;
    const decision = await endOfAnswerPolicy({ transcript, question, language }, settings, model, signal);
    if (decision.pauseClass !== 'hold') return decision;
    const heldAt = this.#heldAt;
    const since = heldAt !== null && transcript.startsWith(heldAt) ? transcript.slice(heldAt.length).trim() : '';
    if (utteranceWords(since).length < MIN_WORDS_AFTER_HOLD) {
      this.#heldAt = transcript;
      return decision;
    }
    this.#heldAt = null;
    const resumed = await endOfAnswerPolicy({ transcript: since, question, language }, settings, model, signal);
    return { ...resumed, reason: `after a hold: ${resumed.reason}` };
  }
}
