import { InterviewAlreadyRunningError } from '../../interview/InterviewAlreadyRunningError.ts';
import type { NewInterview, Store } from '../../interview/Store.ts';
import type { InterviewRecord } from '../../interview/types.ts';
import type { Logger } from '../../logger.ts';
import { UserError } from '../../UserError.ts';

/**
 * Creates the interview's row. A start that cannot create it (the database is away) is refused
 * with a message saying to try again; an interview already running in the server is passed on
 * unchanged, for the coordinator to tell the candidate.
 */
export async function createInterviewRow(store: Store, logger: Logger, input: NewInterview): Promise<InterviewRecord> {
  try {
    return await store.createInterview(input);
  } catch (err) {
    if (err instanceof InterviewAlreadyRunningError) throw err;
    logger.error({ err, guildId: input.guildId }, 'could not create the interview row'); // store errors quote no data
    throw new UserError('store_unavailable', 'I could not reach the database, so the interview did not start. Please run `/interview start` again in a minute.', { cause: err });
  }
}
