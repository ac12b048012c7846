import type { Store } from '../../interview/Store.ts';
import type { Logger } from '../../logger.ts';

/**
 * Who sees what during and after one interview, from the server's `/interview config`; read
 * once when the interview starts, so a change applies to the next interview.
 */
export interface InterviewVisibility {
  /** The candidate's words on the question card while they speak. */
  captions: boolean;
  /** `private`: results go to the candidate by DM (and to `mentorsChannelId`); the channel gets a notice. */
  results: 'channel' | 'private';
  mentorsChannelId: string | null;
}

/** What an interview does when the server set nothing (or the settings cannot be read). */
export const DEFAULT_VISIBILITY: InterviewVisibility = { captions: true, results: 'channel', mentorsChannelId: null };

/** The server's visibility settings; the defaults when the store fails (logged, the interview goes on). */
export async function readInterviewVisibility(store: Pick<Store, 'getGuildSettings'>, guildId: string, log: Logger): Promise<InterviewVisibility> {
  try {
    const s = await store.getGuildSettings(guildId);
    if (!s) return DEFAULT_VISIBILITY;
    return { captions: s.liveCaptions !== false, results: s.resultsVisibility ?? 'channel', mentorsChannelId: s.mentorsChannelId };
  } catch (err) {
    log.warn({ err }, 'could not read the server’s visibility settings; using the defaults (results in the channel, captions on)');
    return DEFAULT_VISIBILITY;
  }
}
