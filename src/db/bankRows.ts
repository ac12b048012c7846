import { BANK_LIMITS, type BankQuery, type BankQuestion, type NewBankQuestions } from '../interview/bank/BankQuestion.ts';
import type { InterviewType } from '../interview/types.ts';
import type { RpcArgs } from './rpcArgs.ts';

/** A bank_questions row (sql/011_question_bank.sql); timestamps are Dates (PGlite, pg) or ISO strings (PostgREST). */
export interface BankQuestionRow {
  id: string;
  guild_id: string;
  job_title: string | null;
  type: string | null;
  text: string;
  created_by: string;
  created_at: Date | string;
}

export function toBankQuestion(r: BankQuestionRow): BankQuestion {
  return {
    id: r.id,
    guildId: r.guild_id,
    jobTitle: r.job_title,
    type: r.type === 'technical' || r.type === 'hr' ? r.type : null,
    text: r.text,
    createdBy: r.created_by,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}

/** @throws RangeError for a limit outside 1–100 (like MemoryStore). */
export function checkBankLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > BANK_LIMITS.maxListLimit) throw new RangeError(`limit must be an integer from 1 to ${BANK_LIMITS.maxListLimit}, got ${limit}`);
}

export function addBankQuestionsArgs(input: NewBankQuestions): RpcArgs {
  return { p_guild_id: input.guildId, p_job_title: input.jobTitle, p_type: input.type, p_texts: [...input.texts], p_created_by: input.createdBy };
}

/** list_bank_questions: optional filters last and left out when absent (reads may travel as GET). */
export function listBankQuestionsArgs(q: BankQuery): RpcArgs {
  return { p_guild_id: q.guildId, p_limit: q.limit, p_offset: q.offset ?? 0, ...filters(q) };
}

export function countBankQuestionsArgs(q: BankQuery): RpcArgs {
  return { p_guild_id: q.guildId, ...filters(q) };
}

function filters(q: BankQuery): RpcArgs {
  return {
    ...(q.jobTitle === undefined ? {} : { p_job_title: q.jobTitle }),
    ...(q.type === undefined ? {} : { p_type: q.type }),
    ...(q.text === undefined || q.text === '' ? {} : { p_text: q.text }),
  };
}

export function removeBankQuestionArgs(guildId: string, id: string): RpcArgs {
  return { p_guild_id: guildId, p_id: id.toLowerCase() };
}

export function pickBankQuestionsArgs(guildId: string, jobTitle: string, type: InterviewType, limit: number): RpcArgs {
  return { p_guild_id: guildId, p_job_title: jobTitle, p_type: type, p_limit: Math.max(0, Math.floor(limit)) };
}

export function markBankQuestionArgs(guildId: string, interviewId: string, number: number): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId, p_number: number };
}
