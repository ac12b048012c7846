import type { Playable } from '../../voice/Playable.ts';
import type { DaveStats } from './DaveGuard.ts';
import type { DiscordGatewayAdapterCreator } from '@discordjs/voice';
import type { Logger } from '../../logger.ts';
import type { VoiceLinkStatus } from './VoiceReconnector.ts';

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

/** How to join: the channel, the one user heard, where their packets and the link's health go, and the tuning. */
export interface VoiceLinkOptions {
  guildId: string;
  channelId: string;
  /** The guild's `voiceAdapterCreator` from discord.js. */
  adapterCreator: DiscordGatewayAdapterCreator;
  /** The only user whose audio is received; everyone else in the channel is ignored. */
  candidateUserId: string;
  logger: Logger;
  /** Every Opus packet from the candidate, with its arrival time from {@link VoiceLinkOptions.nowMs}. */
  onCandidatePacket: (packet: Buffer, arrivedAtMs: number, pcm?: Buffer) => void;
  /** Connection health changes after the first Ready. */
  onStatus?: (status: VoiceLinkStatus) => void;
  /** Clock for arrival times, in milliseconds; defaults to `performance.now()`. */
  nowMs?: () => number;
  /** How long joining may take before giving up; default 20 000 ms. */
  readyTimeoutMs?: number;
  /** Reconnect tuning (see VoiceReconnector); defaults: 5 000 ms grace, 5 attempts, 1 000 ms backoff step. */
  reconnectGraceMs?: number;
  maxRejoinAttempts?: number;
  rejoinBackoffMs?: number;
  /** DAVE: consecutive undecryptable frames of the candidate before the bot re-sends its key package (default 25 = 0.5 s of speech). */
  daveResendAfterFailures?: number;
  /** DAVE: how long the candidate may stay undecryptable after that before the bot rejoins (default 4 000 ms). */
  daveRejoinAfterMs?: number;
}
