import { randomUUID } from 'node:crypto';
import { BANK_LIMITS, bankTextKey, type BankPage, type BankQuery, type BankQuestion, type NewBankQuestions } from '../bank/BankQuestion.ts';
import type { InterviewType } from '../types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkViolation(column: string): Error {
  return Object.assign(new Error(`new row for relation "bank_questions" violates check constraint "bank_questions_${column}_check"`), { code: '23514' });
}

const lower = (s: string | null): string => (s === null ? '' : s.trim().toLowerCase());

/**
 * The question bank of {@link MemoryStore}, behaving like sql/011_question_bank.sql: one text
 * per guild and scope (ignoring case and spacing), length checks, guild scoping, oldest first,
 * pick order job title → type → unscoped with random order inside each group.
 */
export class MemoryBank {
  readonly questions: BankQuestion[] = [];
  /** Makes created_at strictly increase, as rows inserted one after another would. */
  #lastMs = 0;

  async add(input: NewBankQuestions): Promise<number> {
    const jobTitle = input.jobTitle?.trim() || null;
    if (jobTitle !== null && jobTitle.length > BANK_LIMITS.maxJobTitleChars) throw checkViolation('job_title');
    const texts = input.texts.map((t) => t.trim());
    if (texts.some((t) => t.length < BANK_LIMITS.minChars || t.length > BANK_LIMITS.maxChars)) throw checkViolation('text');
    const scope = (q: { jobTitle: string | null; type: InterviewType | null }): string => `${lower(q.jobTitle)}\u0000${q.type ?? ''}`;
    const taken = new Set(this.questions.filter((q) => q.guildId === input.guildId).map((q) => `${scope(q)}\u0000${bankTextKey(q.text)}`));
    let added = 0;
    for (const text of texts) {
      const key = `${scope({ jobTitle, type: input.type })}\u0000${bankTextKey(text)}`;
      if (taken.has(key)) continue;
      taken.add(key);
      this.#lastMs = Math.max(Date.now(), this.#lastMs + 1);
      this.questions.push({ id: randomUUID(), guildId: input.guildId, jobTitle, type: input.type, text, createdBy: input.createdBy, createdAt: new Date(this.#lastMs) });
      added++;
    }
    return added;
  }

  async list(q: BankQuery): Promise<BankPage> {
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > BANK_LIMITS.maxListLimit) throw new RangeError(`limit must be 1-${BANK_LIMITS.maxListLimit}`);
    const needle = (q.text ?? '').toLowerCase();
    const found = this.questions.filter(
      (b) =>
        b.guildId === q.guildId &&
        (q.jobTitle === undefined || (b.jobTitle !== null && lower(b.jobTitle) === lower(q.jobTitle))) &&
        (q.type === undefined || b.type === q.type) &&
        (needle === '' || b.id.startsWith(needle) || b.text.toLowerCase().includes(needle)),
    );
    const offset = q.offset ?? 0;
    return { items: found.slice(offset, offset + q.limit).map((b) => ({ ...b })), total: found.length };
  }

  async remove(guildId: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const at = this.questions.findIndex((b) => b.guildId === guildId && b.id === id.toLowerCase());
    if (at < 0) return false;
    this.questions.splice(at, 1);
    return true;
  }

  async pick(guildId: string, jobTitle: string, type: InterviewType, limit: number): Promise<BankQuestion[]> {
    const tier = (b: BankQuestion): number => (b.jobTitle !== null ? 0 : b.type !== null ? 1 : 2);
    return this.questions
      .filter((b) => b.guildId === guildId && (b.jobTitle === null || lower(b.jobTitle) === lower(jobTitle)) && (b.type === null || b.type === type))
      .map((b) => ({ b, order: tier(b) + Math.random() }))
      .sort((x, y) => x.order - y.order)
      .slice(0, Math.max(0, limit))
      .map(({ b }) => ({ ...b }));
  }
}
