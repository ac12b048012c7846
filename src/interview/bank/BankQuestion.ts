import type { InterviewType } from '../types.ts';

/**
 * One question of a server's bank (`/interview bank`), written by a mentor and asked as
 * written. Scoped to a job title (matched case-insensitively), an interview type, both, or
 * neither (any interview).
 */
export interface BankQuestion {
  id: string;
  guildId: string;
  jobTitle: string | null;
  type: InterviewType | null;
  text: string;
  /** The mentor's user id. */
  createdBy: string;
  createdAt: Date;
}

/** Questions to add in one scope (a modal or an imported file). */
export interface NewBankQuestions {
  guildId: string;
  jobTitle: string | null;
  type: InterviewType | null;
  /** Each {@link BANK_LIMITS}.minChars–maxChars characters once trimmed. */
  texts: readonly string[];
  createdBy: string;
}

/** A page of a guild's bank, oldest first. Omitted filters match everything. */
export interface BankQuery {
  guildId: string;
  /** Only questions scoped to this job title (case-insensitive). */
  jobTitle?: string;
  /** Only questions scoped to this type. */
  type?: InterviewType;
  /** An id that starts with it or a text that contains it (case-insensitive, literal). */
  text?: string;
  /** 1–100. */
  limit: number;
  offset?: number;
}

export interface BankPage {
  items: BankQuestion[];
  total: number;
}

/** Bounds of the bank, checked before anything reaches the store (the SQL checks the lengths again). */
export const BANK_LIMITS = {
  minChars: 10,
  maxChars: 500,
  /** Questions per import or modal. */
  maxPerAdd: 200,
  /** Bytes of an imported .txt file (64 KiB). */
  maxFileBytes: 64 * 1024,
  maxJobTitleChars: 100,
  maxListLimit: 100,
} as const;

/** How the store compares texts for duplicates: trimmed, runs of white space as one, lower case (like the SQL index). */
export function bankTextKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
