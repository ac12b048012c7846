import type { Logger } from '../logger.ts';
import { DEFAULT_RUBRICS, type RubricCriterion } from './rubric.ts';
import type { Store } from './Store.ts';
import type { InterviewType } from './types.ts';

/**
 * The rubric an interview is scored against: the server's own (`store.getRubric`), or the
 * defaults when it has none. Read once when the interview starts, so every answer of one
 * interview is scored on the same criteria. A store that cannot be read does not stop the
 * interview: the defaults apply and a line is logged. Never throws.
 */
export async function loadRubric(store: Store, guildId: string, type: InterviewType, log?: Logger): Promise<readonly RubricCriterion[]> {
  try {
    const own = await store.getRubric(guildId, type);
    return own && own.length > 0 ? own : DEFAULT_RUBRICS[type];
  } catch (err) {
    log?.warn({ err, guildId, type }, 'could not read the server rubric; scoring with the default rubric');
    return DEFAULT_RUBRICS[type];
  }
}
