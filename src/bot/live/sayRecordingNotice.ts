import type { Playable } from '../../voice/Playable.ts';
import type { Logger } from '../../logger.ts';
import type { InterviewRequest } from '../InterviewRunner.ts';
import type { InterviewMessages } from './InterviewMessages.ts';

/** Posted once at the start of every interview. */
export const RECORDING_NOTICE =
  'This interview is recorded and transcribed so that your answers can be scored. Only the candidate is transcribed. You can end it at any time with the End interview button.';

/** Said once at the start of every interview (short: the full notice is posted). */
export const SPOKEN_RECORDING_NOTICE = 'Hello! This interview is recorded and transcribed.';

/**
 * Posts the recording notice (recorded with the interview, so delete removes it) and says it
 * out loud. Neither failure stops the interview: both are only logged.
 */
export async function sayRecordingNotice(o: {
  play: (speech: Playable) => Promise<void>;
  noticeResource: (text: string) => Promise<Playable>;
  channel: InterviewRequest['textChannel'];
  candidateId: string;
  posted: InterviewMessages;
  log: Logger;
}): Promise<void> {
  try {
    await o.posted.post('recording_notice', () => o.channel.send({ content: `🎙️ <@${o.candidateId}> ${RECORDING_NOTICE}`, allowedMentions: { users: [o.candidateId] } }));
  } catch (error) {
    o.log.warn({ err: error }, 'could not post the recording notice');
  }
  try {
    await o.play(await o.noticeResource(SPOKEN_RECORDING_NOTICE));
  } catch (error) {
    o.log.warn({ err: error }, 'could not say the recording notice');
  }
}
