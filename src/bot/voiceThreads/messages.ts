import type { DaveStats } from '../live/DaveGuard.ts';
import type { VoiceLinkStatus } from '../live/VoiceReconnector.ts';

/**
 * The messages between the bot's main thread and a voice thread (see voiceThread.ts). Every
 * message about one voice channel carries its link id (`id`), unique per thread's lifetime.
 * Buffers cross as copies (structured clone) except the candidate packets, which travel in
 * one transferred ArrayBuffer per batch.
 */

/** What every voice thread starts with (its workerData). */
export interface VoiceThreadData {
  allowInsecureTlsForTests: boolean;
}

/** What a voice thread needs to join: the VoiceLink options that are plain data. */
export interface OpenLink {
  t: 'open';
  id: number;
  guildId: string;
  channelId: string;
  candidateUserId: string;
  /** The link's log bindings' level (pino level name): lines below it are never posted. */
  logLevel: string;
  readyTimeoutMs?: number | undefined;
  reconnectGraceMs?: number | undefined;
  maxRejoinAttempts?: number | undefined;
  rejoinBackoffMs?: number | undefined;
  daveResendAfterFailures?: number | undefined;
  daveRejoinAfterMs?: number | undefined;
}

/** How speech starts in a voice thread; its bytes follow as `chunk`s for `pcm` and `ogg`. */
export type SaySource =
  | { kind: 'opus'; packets: Uint8Array[] }
  | { kind: 'pcm'; sampleRateHz: number; channels: 1 | 2 }
  | { kind: 'ogg' };

export type ToVoiceThread =
  | OpenLink
  /** Discord's VOICE_SERVER_UPDATE / VOICE_STATE_UPDATE for this link, as the adapter hands them over. */
  | { t: 'gateway'; id: number; kind: 'server' | 'state'; data: unknown }
  /** The main thread's adapter was destroyed (the guild or the shard went away). */
  | { t: 'adapter-gone'; id: number }
  | { t: 'say'; id: number; playId: number; source: SaySource }
  | { t: 'chunk'; id: number; playId: number; chunk: Uint8Array }
  | { t: 'end'; id: number; playId: number }
  /** The speech's source failed on the main thread: playback stops like a broken stream. */
  | { t: 'fail'; id: number; playId: number; message: string }
  | { t: 'stop'; id: number; playId: number }
  | { t: 'close'; id: number };

/**
 * Candidate packets of any links of one thread since the last batch: packet k is
 * `bytes[offsets[k], offsets[k+1])`, decoded to 16 kHz mono `pcm[pcmOffsets[k], pcmOffsets[k+1])`
 * (empty when it did not decode), from link `links[k]`, arrived at `arrivedAtEpochMs[k]`
 * (performance.timeOrigin + performance.now() in the voice thread: comparable across threads).
 */
export interface PacketBatch {
  t: 'packets';
  links: Uint32Array;
  offsets: Uint32Array;
  arrivedAtEpochMs: Float64Array;
  bytes: Uint8Array;
  pcmOffsets: Uint32Array;
  pcm: Uint8Array;
}

export type FromVoiceThread =
  | { t: 'opened'; id: number }
  | { t: 'open-failed'; id: number; code: string | null; message: string }
  /** The library asked the adapter to send this gateway payload (op 4 voice state update). */
  | { t: 'send'; id: number; payload: unknown }
  /** The library destroyed its adapter (the connection was destroyed). */
  | { t: 'adapter-destroyed'; id: number }
  | PacketBatch
  | { t: 'status'; id: number; status: VoiceLinkStatus }
  | { t: 'dave'; id: number; stats: DaveStats }
  | { t: 'played'; id: number; playId: number }
  | { t: 'closed'; id: number }
  /** One pino line (JSON) of the link's logger, or of the thread itself when `id` is null. */
  | { t: 'log'; id: number | null; line: string };
