import type { Logger } from '../../logger.ts';
import type { Store } from '../Store.ts';
import type { InterviewType } from '../types.ts';
import { bankTextKey, type BankQuestion } from './BankQuestion.ts';

/** A bank question planned for one interview. */
export interface PlannedBankQuestion {
  /** The bank row's id. */
  id: string;
  /** Asked as written. */
  text: string;
  /** Asked as question `at` (1-based), or at the first question after it that is not a follow-up. */
  at: number;
}

/** Share of an interview's questions taken from the bank when the server set none (GuildSettings.bankShare null). */
export const DEFAULT_BANK_SHARE = 0.3;

/** How many of `total` questions come from the bank at `share` (0–1; out-of-range values are clamped). */
export function bankQuestionCount(total: number, share: number): number {
  const s = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : DEFAULT_BANK_SHARE;
  return Math.max(0, Math.min(total, Math.round(total * s)));
}

/**
 * Places about round(total × share) of `candidates` (best first: as pickBankQuestions orders
 * them) through an interview of `total` questions, evenly spread rather than all at the start
 * (10 questions at 0.3: questions 2, 6 and 9). Texts that repeat (the same question in two
 * scopes) are used once; with fewer candidates, fewer are placed and the rest stay tailored.
 */
export function planBankQuestions(candidates: readonly Pick<BankQuestion, 'id' | 'text'>[], total: number, share: number): PlannedBankQuestion[] {
  const unique: Pick<BankQuestion, 'id' | 'text'>[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const key = bankTextKey(c.text);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(c);
  }
  const count = Math.min(unique.length, bankQuestionCount(total, share));
  return unique.slice(0, count).map((c, k) => ({ id: c.id, text: c.text, at: Math.floor(((k + 0.5) * total) / count) + 1 }));
}

/** What {@link loadBankPlan} needs. */
export interface LoadBankPlanInput {
  store: Pick<Store, 'getGuildSettings' | 'pickBankQuestions'>;
  guildId: string;
  jobTitle: string;
  type: InterviewType;
  /** Questions in the interview. */
  total: number;
  logger?: Logger;
}

/** The most candidates asked of the store: twice what is needed, for repeats across scopes. */
const MAX_CANDIDATES = 100;

/**
 * The server's bank questions for one interview, fetched once when it starts (the share from
 * `/interview config`, else {@link DEFAULT_BANK_SHARE}). Never rejects: a store failure means
 * tailored questions only, with a log line.
 */
export async function loadBankPlan(input: LoadBankPlanInput): Promise<PlannedBankQuestion[]> {
  const { store, guildId, jobTitle, type, total } = input;
  try {
    const settings = await store.getGuildSettings(guildId);
    const share = settings?.bankShare ?? DEFAULT_BANK_SHARE;
    const wanted = bankQuestionCount(total, share);
    if (wanted === 0) return [];
    const candidates = await store.pickBankQuestions(guildId, jobTitle, type, Math.min(MAX_CANDIDATES, wanted * 2));
    const plan = planBankQuestions(candidates, total, share);
    input.logger?.info({ guildId, bankQuestions: plan.length, wanted }, 'question bank plan');
    return plan;
  } catch (err) {
    input.logger?.warn({ err, guildId }, 'question bank unavailable: tailored questions only');
    return [];
  }
}
