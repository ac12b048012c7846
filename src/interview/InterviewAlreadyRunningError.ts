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
