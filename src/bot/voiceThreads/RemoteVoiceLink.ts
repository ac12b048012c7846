import type { DiscordGatewayAdapterImplementerMethods } from '@discordjs/voice';
import { finished } from 'node:stream';
import { UserError } from '../../UserError.ts';
import type { Playable } from '../../voice/Playable.ts';
import type { DaveStats } from '../live/DaveGuard.ts';
import type { InterviewVoice } from '../live/InterviewVoice.ts';
import type { VoiceLinkOptions } from '../live/VoiceLink.ts';
import type { FromVoiceThread, SaySource, ToVoiceThread } from './messages.ts';
import { relog } from './threadLog.ts';

/** How long leaving may take in the voice thread before the link counts as closed anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

const NO_DAVE_STATS: DaveStats = { protocolVersion: null, epoch: null, transitions: 0, decryptFailures: {}, plaintextDropped: 0, plaintextAccepted: 0, groupResets: 0, notReadyDropped: 0, keyPackageResends: 0, rejoins: 0 };

const joinFailed = (): UserError =>
  new UserError('voice_join_failed', 'I could not connect to your voice channel. Check that I can connect and speak there, then try again.');

/** `bytes` in a buffer of their own, to be transferred (a Buffer's memory may be a shared pool). */
function ownCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/**
 * The main thread's handle on a VoiceLink that lives in a voice thread (see voiceThread.ts): the
 * same {@link InterviewVoice}, with the discord.js adapter bridged (gateway events go to the
 * thread, its payloads come back to be sent on the shard), candidate packets delivered with
 * their arrival time on the caller's clock, and speech streamed to the thread as it arrives
 * from the TTS provider (encoded there). Created by VoiceThreadPool.
 */
export class RemoteVoiceLink implements InterviewVoice {
  readonly id: number;
  readonly #options: VoiceLinkOptions;
  readonly #post: (message: ToVoiceThread, transfer?: ArrayBuffer[]) => void;
  readonly #nowMs: () => number;
  #adapter: DiscordGatewayAdapterImplementerMethods | null = null;
  #daveStats: DaveStats = NO_DAVE_STATS;
  #opening: { resolve: () => void; reject: (error: Error) => void } | null = null;
  readonly #playing = new Map<number, () => void>();
  #nextPlayId = 0;
  #closed = false;
  #onClosed: (() => void) | null = null;

  constructor(id: number, options: VoiceLinkOptions, post: (message: ToVoiceThread, transfer?: ArrayBuffer[]) => void) {
    this.id = id;
    this.#options = options;
    this.#post = post;
    this.#nowMs = options.nowMs ?? (() => performance.now());
  }

  /** Joins in the voice thread; resolves once Ready there. @throws UserError `voice_join_failed` */
  open(): Promise<void> {
    const o = this.#options;
    this.#adapter = o.adapterCreator({
      onVoiceServerUpdate: (data) => this.#post({ t: 'gateway', id: this.id, kind: 'server', data }),
      onVoiceStateUpdate: (data) => this.#post({ t: 'gateway', id: this.id, kind: 'state', data }),
      destroy: () => {
        this.#adapter = null;
        this.#post({ t: 'adapter-gone', id: this.id });
      },
    });
    return new Promise<void>((resolve, reject) => {
      this.#opening = { resolve, reject };
      this.#post({
        t: 'open', id: this.id, guildId: o.guildId, channelId: o.channelId, candidateUserId: o.candidateUserId, logLevel: o.logger.level,
        readyTimeoutMs: o.readyTimeoutMs, reconnectGraceMs: o.reconnectGraceMs, maxRejoinAttempts: o.maxRejoinAttempts,
        rejoinBackoffMs: o.rejoinBackoffMs, daveResendAfterFailures: o.daveResendAfterFailures, daveRejoinAfterMs: o.daveRejoinAfterMs,
      });
    });
  }

  get daveStats(): DaveStats {
    return this.#daveStats;
  }

  say(speech: Playable, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    const playId = ++this.#nextPlayId;
    const audio = speech.kind === 'speech' ? speech.audio : null;
    const source: SaySource = speech.kind === 'opus'
      ? { kind: 'opus', packets: speech.packets.map(ownCopy) }
      : speech.audio.format === 'pcm_s16le'
        ? { kind: 'pcm', sampleRateHz: speech.audio.sampleRateHz, channels: speech.audio.channels }
        : { kind: 'ogg' };
    return new Promise<void>((resolve) => {
      let stopWatching = (): void => undefined;
      const onData = (chunk: Buffer): void => {
        const copy = ownCopy(chunk);
        this.#post({ t: 'chunk', id: this.id, playId, chunk: copy }, [copy.buffer as ArrayBuffer]);
      };
      const onAbort = (): void => {
        this.#post({ t: 'stop', id: this.id, playId });
        finish();
      };
      const finish = (): void => {
        if (!this.#playing.delete(playId)) return;
        signal?.removeEventListener('abort', onAbort);
        if (audio) {
          audio.stream.off('data', onData);
          stopWatching();
          // Played or stopped: an unread synthesis must not keep its HTTP body open.
          audio.stream.destroy();
        }
        resolve();
      };
      this.#playing.set(playId, finish);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#post({ t: 'say', id: this.id, playId, source });
      audio?.stream.on('data', onData);
      // finished() also reports a stream that already failed or was destroyed before this (a
      // prepared synthesis whose body died while it waited): the thread then stops at once.
      stopWatching = audio ? finished(audio.stream, (error) => {
        if (!this.#playing.has(playId)) return;
        if (error) this.#post({ t: 'fail', id: this.id, playId, message: error.message });
        else this.#post({ t: 'end', id: this.id, playId });
      }) : () => undefined;
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    for (const finish of [...this.#playing.values()]) finish();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#closedNow(), CLOSE_TIMEOUT_MS);
      this.#onClosed = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#post({ t: 'close', id: this.id });
    });
  }

  /** One candidate packet from the thread (with its 16 kHz mono PCM, empty if undecodable), `ageMs` after it arrived there. */
  deliver(packet: Buffer, pcm: Buffer, ageMs: number): void {
    if (!this.#closed) this.#options.onCandidatePacket(packet, this.#nowMs() - ageMs, pcm);
  }

  /** A message of the voice thread about this link. */
  handle(m: Exclude<FromVoiceThread, { t: 'packets' }>): void {
    switch (m.t) {
      case 'opened':
        this.#opening?.resolve();
        this.#opening = null;
        return;
      case 'open-failed':
        this.#opening?.reject(m.code === 'voice_join_failed' ? joinFailed() : new Error(m.message));
        this.#opening = null;
        this.#closedNow();
        return;
      case 'send':
        if (this.#adapter && !this.#adapter.sendPayload(m.payload as Parameters<DiscordGatewayAdapterImplementerMethods['sendPayload']>[0])) {
          this.#options.logger.warn('the gateway shard could not send a voice payload');
        }
        return;
      case 'adapter-destroyed':
        this.#dropAdapter();
        return;
      case 'status':
        if (!this.#closed) this.#options.onStatus?.(m.status);
        return;
      case 'dave':
        this.#daveStats = m.stats;
        return;
      case 'played':
        this.#playing.get(m.playId)?.();
        return;
      case 'closed':
        this.#closedNow();
        return;
      case 'log':
        relog(this.#options.logger, m.line);
        return;
    }
  }

  /** The thread died: a link still joining fails, a joined one is lost (the interview ends and keeps what it has). */
  threadDied(): void {
    if (this.#opening) {
      this.#opening.reject(joinFailed());
      this.#opening = null;
    } else if (!this.#closed) {
      this.#options.logger.error('the voice thread of this interview stopped');
      this.#options.onStatus?.('lost');
    }
    this.#closed = true;
    for (const finish of [...this.#playing.values()]) finish();
    this.#closedNow();
  }

  /** Set by the pool: called once the link is gone from its thread. */
  onGone: () => void = () => undefined;

  #closedNow(): void {
    this.#closed = true;
    this.#dropAdapter();
    const done = this.#onClosed;
    this.#onClosed = null;
    done?.();
    this.onGone();
    this.onGone = () => undefined;
  }

  #dropAdapter(): void {
    const adapter = this.#adapter;
    this.#adapter = null;
    adapter?.destroy();
  }
}
