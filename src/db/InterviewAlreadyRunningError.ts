/**
 * createInterview refused because the guild already has an interview in progress (the partial
 * unique index `interviews_one_running_per_guild` of sql/006_starts_queue.sql). The bot tells
 * the candidate an interview is running; it is not a failure of the store.
 */
export class InterviewAlreadyRunningError extends Error {
  override name = 'InterviewAlreadyRunningError';
  readonly guildId: string;
  constructor(guildId: string) {
    super(`an interview is already in progress in guild ${guildId}`);
    this.guildId = guildId;
  }
}

/** The index whose violation means {@link InterviewAlreadyRunningError}. */
export const ONE_RUNNING_INDEX = 'interviews_one_running_per_guild';

/** Whether a failed create_interview (SQLSTATE + message, from either adapter) hit that index. */
export function isOneRunningViolation(code: string | undefined, message: string): boolean {
  return code === '23505' && message.includes(ONE_RUNNING_INDEX);
}
