import { z } from 'zod';
import type { LanguageModel } from '../ai/LanguageModel.ts';
import { pickFallbackQuestion } from './fallbackQuestions.ts';
import { buildQuestionPrompt, type InterviewContext, type PreviousTurn } from './prompts.ts';
import { isShallow, similarity } from './textSimilarity.ts';

/** What the model must return for a question. */
export const QuestionSchema = z.object({
  question: z.string().trim().min(5).max(600),
  isFollowUp: z.boolean(),
  focus: z.string().max(200),
});

/** Schema name used for structured output (and by FakeLanguageModel scripts). */
export const QUESTION_SCHEMA_NAME = 'interview_question';

/** A generated question. */
export interface GeneratedQuestion {
  text: string;
  isFollowUp: boolean;
  focus: string;
  /** True when the model failed and the question came from the built-in bank. */
  isFallback: boolean;
}

/** Options of {@link QuestionGenerator}. */
export interface QuestionGeneratorOptions {
  /** Above this Jaccard similarity of content words to an earlier question, a draft counts as a repeat. Default 0.6. */
  maxSimilarity?: number;
  temperature?: number;
  /** Called when the model failed and a fallback was used (for logging; no personal data). */
  onFallback?: (reason: string) => void;
}

/**
 * Removes markdown and list/number prefixes (the question is spoken) and keeps only the first
 * question when the model asked several at once.
 */
export function toSpoken(text: string): string {
  const plain = text
    .replace(/[*_`#>]+/g, '')
    .replace(/^\s*(?:question\s*)?\d+\s*(?:\/\s*\d+)?\s*[:.)-]\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  // "What did you build? And how did you test it?" → the first one. A "?" inside brackets stays.
  const m = /^[^?]*\?(?=\s+\S[^?]*\?)/.exec(plain);
  return m ? m[0] : plain;
}

/**
 * Generates the next interview question from the documents and every earlier turn: a follow-up
 * when the last answer was shallow, never a repeat (a too-similar draft is regenerated once),
 * and a bank question when the model still fails after its own retries.
 */
export class QuestionGenerator {
  readonly #model: LanguageModel;
  readonly #opts: Required<Omit<QuestionGeneratorOptions, 'onFallback'>> & Pick<QuestionGeneratorOptions, 'onFallback'>;

  constructor(model: LanguageModel, opts: QuestionGeneratorOptions = {}) {
    this.#model = model;
    this.#opts = { maxSimilarity: opts.maxSimilarity ?? 0.6, temperature: opts.temperature ?? 0.7, onFallback: opts.onFallback };
  }

  /** Whether the last turn calls for a follow-up (answered but short or low-content, and not already a follow-up). */
  static wantsFollowUp(previous: readonly PreviousTurn[]): boolean {
    const last = previous.at(-1);
    return last !== undefined && !last.skipped && !last.isFollowUp && last.answer !== null && isShallow(last.answer);
  }

  /**
   * Question `number` of `total`. Rejects only when `signal` aborts; model failures give a
   * fallback question.
   */
  async generate(input: { context: InterviewContext; previous: readonly PreviousTurn[]; number: number; total: number; signal: AbortSignal }): Promise<GeneratedQuestion> {
    const { context, previous, number, total, signal } = input;
    const asked = previous.map((p) => p.question);
    const followUp = QuestionGenerator.wantsFollowUp(previous);
    const rejected: string[] = [];
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const messages = buildQuestionPrompt({ context, previous, number, total, followUp, rejected });
        const out = await this.#model.structured(messages, QuestionSchema, QUESTION_SCHEMA_NAME, { temperature: this.#opts.temperature, signal });
        const text = toSpoken(out.question);
        if (text.length >= 5 && asked.every((a) => similarity(a, text) < this.#opts.maxSimilarity)) {
          return { text, isFollowUp: followUp, focus: out.focus.trim(), isFallback: false };
        }
        rejected.push(text);
      }
      this.#opts.onFallback?.('repeated question');
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      this.#opts.onFallback?.(err instanceof Error ? err.name : 'error');
    }
    const text = pickFallbackQuestion(context.type, [...asked, ...rejected]) ?? pickFallbackQuestion(context.type, asked, 1.01);
    return { text: text ?? 'Tell me about another experience relevant to this role.', isFollowUp: false, focus: 'general', isFallback: true };
  }
}
