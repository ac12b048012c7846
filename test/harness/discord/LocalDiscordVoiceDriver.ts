import type { SpeakOptions, SpeakResult } from './FakeSpeaker.ts';
import type { CapturedPacket, VoiceHub } from './VoiceHub.ts';
import type { VoiceStates } from './VoiceStates.ts';
import type { World } from './World.ts';

/**
 * The voice half of {@link LocalDiscord}'s driver API: users joining, leaving and speaking, the
 * bot's audio, and voice faults. Kept apart so each file stays one concern; LocalDiscord extends it.
 */
export abstract class LocalDiscordVoiceDriver {
  abstract readonly world: World;
  abstract readonly voice: VoiceHub;
  abstract readonly voiceStates: VoiceStates;
  protected abstract readonly defaultTimeoutMs: number;
  /** Waits for `check` to return a value, re-checking on every change and every 50 ms. */
  protected abstract waitTicking<T>(check: () => T | undefined, timeoutMs: number, description: string): Promise<T>;

  /** The voice gateways' certificate (PEM): trust it in the test process only (see README in this folder). */
  get caCertPem(): string {
    return this.voice.certificate!.certPem;
  }

  /** The certificate file: set NODE_EXTRA_CA_CERTS to it in the bot's child process env. */
  get caCertPath(): string {
    return this.voice.certificate!.certPath;
  }

  /** A user joins a voice channel (or moves there from another one): VOICE_STATE_UPDATE to the bot. */
  userJoinVoice(userId: string, channelId: string): void {
    this.voiceStates.userJoin(userId, channelId);
  }

  /** A user moves to another voice channel. */
  userMoveVoice(userId: string, channelId: string): void {
    this.voiceStates.userJoin(userId, channelId);
  }

  /** A user disconnects from voice. */
  userLeaveVoice(userId: string): void {
    this.voiceStates.userLeave(userId);
  }

  /** A moderator drags the bot to another voice channel (VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE). */
  moveBotVoice(guildId: string, channelId: string): void {
    this.voiceStates.moveBot(guildId, channelId);
  }

  /** The voice channel the bot is in, in a guild (null when not connected). */
  botVoiceChannel(guildId: string): string | null {
    return this.world.guilds.get(guildId)?.voiceStates.get(this.world.bot.id)?.channelId ?? null;
  }

  /**
   * A user speaks in their voice channel: Opus packets (20 ms each; or a WAV, encoded here)
   * sent encrypted at real-time pace with optional loss and jitter. Resolves when all are sent;
   * packets sent while the bot is not listening in that channel count as notDelivered.
   */
  speak(userId: string, audio: Buffer[] | Buffer, opts: SpeakOptions = {}): Promise<SpeakResult> {
    return this.voice.speak(userId, audio, opts);
  }

  /** Opus packets the bot sent in a guild (decrypted), optionally only after `sinceMs` (epoch ms). */
  botAudio(guildId: string, sinceMs = 0): CapturedPacket[] {
    return this.voice.botAudio(guildId, sinceMs);
  }

  /** The bot's audio decoded to a 16 kHz mono WAV (pauses kept), ready for pocketsphinx. */
  botAudioWav(guildId: string, sinceMs = 0): Buffer {
    return this.voice.botAudioWav(guildId, sinceMs);
  }

  /** Waits for a finished utterance of the bot (audio then silence frames or a gap of `gapMs`). */
  waitForBotUtterance(guildId: string, opts: { sinceMs?: number; gapMs?: number; minPackets?: number; timeoutMs?: number } = {}): Promise<CapturedPacket[]> {
    return this.waitTicking(
      () => this.voice.botUtterances(guildId, opts.gapMs ?? 1000, opts.sinceMs ?? 0).find((u) => u.length >= (opts.minPackets ?? 1)),
      opts.timeoutMs ?? this.defaultTimeoutMs, `an utterance of the bot in guild ${guildId}`,
    );
  }

  /** Waits until the bot's voice connection in a guild is ready for audio (Session Description sent, UDP known). */
  waitForVoiceReady(guildId: string, timeoutMs = this.defaultTimeoutMs): Promise<void> {
    return this.waitTicking(() => (this.voice.isReady(guildId) ? true : undefined), timeoutMs, `the bot's voice connection in guild ${guildId}`).then(() => undefined);
  }

  /** Counters of the bot's voice sessions in a guild (to see reconnects and resumes). */
  voiceStats(guildId: string): { identifies: number; resumes: number; ready: boolean; channelId: string | null; endpoint: string | null } {
    const sessions = this.voice.sessions(guildId);
    const current = this.voice.currentSession(guildId);
    const endpoint = current ? (this.voice.endpoints.find((e) => e.gateway.sessions.includes(current))?.host ?? null) : null;
    return {
      identifies: sessions.reduce((n, s) => n + s.identifies, 0), resumes: sessions.reduce((n, s) => n + s.resumes, 0),
      ready: this.voice.isReady(guildId) !== undefined, channelId: current?.channelId ?? null, endpoint,
    };
  }

  /** Closes the bot's voice socket with a close code (4006, 4014, 4015, 1006...). 4014 also disconnects the bot unless kick is false. */
  injectVoiceClose(code: number, opts: { guildId?: string; kick?: boolean } = {}): void {
    this.voice.injectClose(opts.guildId ?? this.#onlyVoiceGuild(), code, opts.kick === undefined ? {} : { kick: opts.kick });
  }

  /** Leaves the bot's next voice heartbeats unanswered (3 make @discordjs/voice reconnect and resume). */
  missVoiceHeartbeatAcks(count = 3, guildId = this.#onlyVoiceGuild()): void {
    this.voice.missHeartbeatAcks(guildId, count);
  }

  /** Moves the guild's voice to a new endpoint (VOICE_SERVER_UPDATE with a new host:port); returns it. */
  moveVoiceEndpoint(guildId = this.#onlyVoiceGuild()): Promise<string> {
    return this.voice.moveToNewEndpoint(guildId);
  }

  #onlyVoiceGuild(): string {
    const guilds = [...this.world.guilds.keys()].filter((g) => this.voice.currentSession(g));
    if (guilds.length !== 1) throw new Error(`local Discord: give a guildId (the bot has voice sessions in ${guilds.length} guilds)`);
    return guilds[0]!;
  }
}
