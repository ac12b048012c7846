import { z } from 'zod';
import type { LanguageModel } from '../ai/LanguageModel.ts';
import { pickFallbackQuestion } from './fallbackQuestions.ts';
import { buildQuestionPrompt, type InterviewContext, type PreviousTurn } from './prompts.ts';
import { isShallow, similarity } from './textSimilarity.ts';
import { bankTextKey } from './bank/BankQuestion.ts';
import type { PlannedBankQuestion } from './bank/planBankQuestions.ts';

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
  /** True when it is a question of the server's bank, asked as written (no model call). */
  fromBank?: boolean;
}

/** Options of {@link QuestionGenerator}. */
export interface QuestionGeneratorOptions {
  /** Above this Jaccard similarity of content words to an earlier question, a draft counts as a repeat. Default 0.6. */
  maxSimilarity?: number;
  temperature?: number;
  /** Called when the model failed and a fallback was used (for logging; no personal data). */
  onFallback?: (reason: string) => void;
  /** The server's bank questions planned for this interview (see planBankQuestions); default none. */
  bank?: readonly PlannedBankQuestion[];
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
    this.#opts = { maxSimilarity: opts.maxSimilarity ?? 0.6, temperature: opts.temperature ?? 0.7, onFallback: opts.onFallback, bank: opts.bank ?? [] };
  }

  /**
   * The bank question due at `number`: the earliest planned at or before it that was not asked
   * yet and is not close to a question already asked. Decided from `previous` alone, so the
   * speculative and the real generation of one number agree.
   */
  #dueBankQuestion(number: number, previous: readonly PreviousTurn[]): PlannedBankQuestion | undefined {
    return this.#opts.bank.find(
      (b) => b.at <= number && previous.every((p) => bankTextKey(p.question) !== bankTextKey(b.text) && similarity(p.question, b.text) < this.#opts.maxSimilarity),
    );
  }

  /** Bank questions still to come (the model is told not to ask them itself). */
  #laterBankQuestions(previous: readonly PreviousTurn[]): string[] {
    const asked = new Set(previous.map((p) => bankTextKey(p.question)));
    return this.#opts.bank.filter((b) => !asked.has(bankTextKey(b.text))).map((b) => b.text);
  }

  /** Whether the last turn calls for a follow-up (answered but short or low-content, and not already a follow-up). */
  static wantsFollowUp(previous: readonly PreviousTurn[]): boolean {
    const last = previous.at(-1);
    return last !== undefined && !last.skipped && !last.isFollowUp && last.answer !== null && isShallow(last.answer);
  }

  /**
   * Question `number` of `total`: a follow-up when the last answer calls for one, else the
   * bank question due (asked as written), else a tailored one. Rejects only when `signal`
   * aborts; model failures give a fallback question.
   */
  async generate(input: { context: InterviewContext; previous: readonly PreviousTurn[]; number: number; total: number; signal: AbortSignal }): Promise<GeneratedQuestion> {
    const { context, previous, number, total, signal } = input;
    const asked = previous.map((p) => p.question);
    const followUp = QuestionGenerator.wantsFollowUp(previous);
    const rejected: string[] = [];
    const due = followUp ? undefined : this.#dueBankQuestion(number, previous);
    if (due) return { text: due.text, isFollowUp: false, focus: 'question from the server’s bank', isFallback: false, fromBank: true };
    const later = this.#laterBankQuestions(previous);
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const messages = buildQuestionPrompt({ context, previous, number, total, followUp, rejected, ...(later.length > 0 ? { reserved: later } : {}) });
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
