import {
  AudioPlayerStatus,
  EndBehaviorType,
  NoSubscriberBehavior,
  VoiceConnectionStatus,
  createAudioPlayer,
  joinVoiceChannel,
  type AudioPlayer,
  type AudioPlayerState,
  type AudioReceiveStream,
  type AudioResource,
  type VoiceConnection,
} from '@discordjs/voice';
import { UserError } from '../../UserError.ts';
import { DaveGuard, type DaveStats } from './DaveGuard.ts';
import { VoiceReconnector, type VoiceLinkStatus } from './VoiceReconnector.ts';
import { waitForStatus } from './waitForStatus.ts';
import { toAudioResource, type Playable } from '../../voice/Playable.ts';
import type { InterviewVoice, VoiceLinkOptions } from './InterviewVoice.ts';

export type { VoiceLinkOptions };

export type { DaveStats, VoiceLinkStatus };


/**
 * @discordjs/voice's own DAVE recovery runs past this many consecutive failures (all senders on
 * one counter, plaintext included, and never for transition 0): set out of reach, DaveGuard
 * recovers per user instead.
 */
const LIBRARY_DECRYPTION_FAILURE_TOLERANCE = 2 ** 30;

/**
 * The bot's presence in one voice channel: one connection (joined with `selfDeaf: false` so it
 * can hear), one audio player, one persistent receive subscription for the candidate only
 * (re-created after an error or close: DAVE decryption failures destroy it), and a reconnector
 * that keeps the connection alive. Nothing here knows about interviews.
 */
export class VoiceLink implements InterviewVoice {
  readonly #options: VoiceLinkOptions;
  readonly #connection: VoiceConnection;
  readonly #player: AudioPlayer;
  readonly #reconnector: VoiceReconnector;
  readonly #nowMs: () => number;
  readonly #dave: DaveGuard;
  #subscription: AudioReceiveStream | null = null;
  #closed = false;

  private constructor(options: VoiceLinkOptions, connection: VoiceConnection) {
    this.#options = options;
    this.#connection = connection;
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.#player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } });
    this.#player.on('error', (error) => options.logger.warn({ err: error }, 'audio player error'));
    connection.on('error', (error) => options.logger.warn({ err: error }, 'voice connection error'));
    connection.subscribe(this.#player);
    this.#dave = new DaveGuard({
      logger: options.logger, resendKeyPackageAfterFailures: options.daveResendAfterFailures ?? 25, rejoinAfterMs: options.daveRejoinAfterMs ?? 4_000,
      rejoin: () => {
        if (!this.#closed && connection.state.status !== VoiceConnectionStatus.Destroyed) connection.rejoin();
      },
      onRecovery: (state) => options.onStatus?.(state === 'recovering' ? 'reconnecting' : 'ready'),
    });
    this.#dave.attach(connection);
    this.#subscribeCandidate();
    this.#reconnector = new VoiceReconnector(connection, {
      graceMs: options.reconnectGraceMs ?? 5_000,
      readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
      maxRejoinAttempts: options.maxRejoinAttempts ?? 5,
      rejoinBackoffMs: options.rejoinBackoffMs ?? 1_000,
      logger: options.logger,
      onStatus: (status) => {
        if (status === 'ready') this.#subscribeCandidate();
        options.onStatus?.(status);
      },
    });
  }

  /**
   * Joins the channel and waits until the connection is Ready.
   * @throws UserError `voice_join_failed` when it is not Ready within `readyTimeoutMs`
   */
  static async open(options: VoiceLinkOptions): Promise<VoiceLink> {
    const connection = joinVoiceChannel({
      guildId: options.guildId,
      channelId: options.channelId,
      adapterCreator: options.adapterCreator,
      selfDeaf: false,
      selfMute: false,
      decryptionFailureTolerance: LIBRARY_DECRYPTION_FAILURE_TOLERANCE,
    });
    const ready = await waitForStatus(connection, [VoiceConnectionStatus.Ready], options.readyTimeoutMs ?? 20_000);
    if (!ready) {
      options.logger.warn({ status: connection.state.status }, 'voice connection did not become ready');
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
      throw new UserError('voice_join_failed', 'I could not connect to your voice channel. Check that I can connect and speak there, then try again.');
    }
    return new VoiceLink(options, connection);
  }

  /** The underlying connection (for tests and diagnostics). */
  get connection(): VoiceConnection {
    return this.#connection;
  }

  /** DAVE state and decrypt-failure counts (never content), for logs and /health. */
  get daveStats(): DaveStats {
    return this.#dave.stats;
  }

  /** True while the connection is Ready. */
  get isReady(): boolean {
    return this.#connection.state.status === VoiceConnectionStatus.Ready;
  }

  /**
   * Plays `resource` (replacing whatever was playing) and resolves when it has finished, was
   * replaced or stopped, or `signal` aborted (which stops it). Never rejects: a broken stream
   * ends playback early and is logged by the player's error handler.
   */
  play(resource: AudioResource, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    const player = this.#player;
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        player.off('stateChange', onChange);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onChange = (oldState: AudioPlayerState, newState: AudioPlayerState): void => {
        const had = 'resource' in oldState && oldState.resource === resource;
        const has = 'resource' in newState && newState.resource === resource;
        if (had && !has) finish();
      };
      const onAbort = (): void => {
        if ('resource' in player.state && player.state.resource === resource) player.stop(true);
        finish();
      };
      player.on('stateChange', onChange);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        player.play(resource);
      } catch (error) {
        this.#options.logger.warn({ err: error }, 'could not play audio');
        finish();
      }
    });
  }

  /** Plays `speech` (see {@link VoiceLink.play}); speech that cannot become a resource is logged and skipped. */
  say(speech: Playable, signal?: AbortSignal): Promise<void> {
    let resource: AudioResource;
    try {
      resource = toAudioResource(speech);
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'could not play audio');
      return Promise.resolve();
    }
    return this.play(resource, signal);
  }

  /** Stops playback at once (e.g. before repeating a question). */
  stopPlayback(): void {
    if (this.#player.state.status !== AudioPlayerStatus.Idle) this.#player.stop(true);
  }

  /** Leaves the channel. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#reconnector.close();
    this.#dave.close();
    this.#player.stop(true);
    this.#subscription?.destroy();
    this.#subscription = null;
    if (this.#connection.state.status !== VoiceConnectionStatus.Destroyed) this.#connection.destroy();
  }

  /** Ensures one live subscription to the candidate's audio; idempotent. */
  #subscribeCandidate(): void {
    if (this.#closed) return;
    if (this.#subscription && !this.#subscription.destroyed) return;
    const { candidateUserId, logger, onCandidatePacket } = this.#options;
    const stream = this.#connection.receiver.subscribe(candidateUserId, { end: { behavior: EndBehaviorType.Manual } });
    this.#subscription = stream;
    stream.on('data', (packet: Buffer) => onCandidatePacket(packet, this.#nowMs()));
    stream.on('error', (error) => logger.debug({ err: error }, 'candidate audio stream error; re-subscribing'));
    stream.once('close', () => {
      if (this.#subscription === stream) this.#subscription = null;
      // The receiver removes the closed stream from its map on the same event; subscribe on the next tick.
      if (!this.#closed) setImmediate(() => this.#subscribeCandidate());
    });
  }
}
