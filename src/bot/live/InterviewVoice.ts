import type { Playable } from '../../voice/Playable.ts';
import type { DaveStats } from './DaveGuard.ts';
import type { VoiceLinkOptions } from './VoiceLink.ts';

/**
 * What a live interview needs of its voice channel: say something, the DAVE counters for
 * /health, leave. Implemented in this thread by {@link ./VoiceLink.ts} and in a voice thread by
 * the VoiceThreadPool's links (src/bot/voiceThreads), which keep the audio work (UDP, transport
 * and DAVE encryption, Opus encoding, the 20 ms player) off the thread that runs the interviews.
 */
export interface InterviewVoice {
  /**
   * Says `speech` (replacing whatever was playing); resolves when it has finished, was replaced
   * or stopped, or `signal` aborted (which stops it). Never rejects.
   */
  say(speech: Playable, signal?: AbortSignal): Promise<void>;
  /** DAVE state and decrypt-failure counts (never content), for logs and /health. */
  readonly daveStats: DaveStats;
  /** Leaves the channel. Idempotent. */
  close(): Promise<void>;
}

/**
 * Joins the candidate's voice channel and resolves once the connection is Ready.
 * @throws UserError `voice_join_failed` when it could not
 */
export type OpenInterviewVoice = (options: VoiceLinkOptions) => Promise<InterviewVoice>;
