import { setTimeout as sleep } from 'node:timers/promises';
import { botUtterances } from './botUtterances.ts';
import { DaveHub, type DaveOptions } from './DaveHub.ts';
import { FakeSpeaker, type SpeakOptions, type SpeakResult } from './FakeSpeaker.ts';
import { opusPacketsToWav, wavToOpusPackets } from './opusAudio.ts';
import type { Json } from './payloads.ts';
import { decryptRtpSize, encryptRtpSize, rtpHeader, SILENCE_FRAME } from './rtp.ts';
import { createTlsCertificate, type TlsCertificate } from './tlsCertificate.ts';
import { VoiceGateway, type VoiceSession } from './VoiceGateway.ts';
import type { VoiceServerLink, VoiceStates } from './VoiceStates.ts';
import { VoiceUdp } from './VoiceUdp.ts';
import { findVoiceState, type World } from './World.ts';

export interface VoiceHubOptions {
  /** Voice gateway heartbeat interval sent in Hello (Discord: 13750). */
  heartbeatIntervalMs?: number;
  /** DAVE end-to-end encryption (default: protocol v1 with real MLS members, as Discord requires). */
  dave?: DaveOptions;
}

/** One Opus packet the bot sent, decrypted. */
export interface CapturedPacket {
  guildId: string;
  channelId: string;
  ssrc: number;
  sequence: number;
  /** RTP timestamp (48 kHz units). */
  timestamp: number;
  receivedAtMs: number;
  opus: Buffer;
  /** The 3-byte Opus silence frame the player sends when it stops. */
  silence: boolean;
  /** It arrived DAVE-encrypted and a member of the call decrypted it (`opus` is the decrypted frame). */
  e2ee: boolean;
}

interface Endpoint {
  gateway: VoiceGateway;
  udp: VoiceUdp;
  host: string;
}

/** The voice side of the local Discord: endpoints (wss + UDP), the bot's sessions, fake speakers, captured audio. */
export class VoiceHub implements VoiceServerLink {
  readonly endpoints: Endpoint[] = [];
  /** Everything the bot sent per guild, decrypted, in arrival order. */
  readonly captured = new Map<string, CapturedPacket[]>();
  /** Packets from the bot that failed to decrypt. */
  decryptFailures = 0;
  certificate: TlsCertificate | null = null;
  readonly dave: DaveHub;
  readonly #world: World;
  readonly #opts: VoiceHubOptions;
  readonly #notify: () => void;
  readonly #error: (e: string) => void;
  readonly #currentEndpoint = new Map<string, Endpoint>();
  readonly #bot = new Map<string, { channelId: string; token: string; sessionId: string }>();
  readonly #speakers = new Map<string, FakeSpeaker>();
  readonly #running = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();
  #states: VoiceStates | null = null;
  #nextSsrc = 1000;

  constructor(world: World, opts: VoiceHubOptions, notify: () => void, error: (e: string) => void) {
    this.#world = world;
    this.#opts = opts;
    this.#notify = notify;
    this.#error = error;
    this.dave = new DaveHub(opts.dave ?? {}, (g, c) => this.#usersIn(g, c, true), notify, error);
  }

  attach(states: VoiceStates): void {
    this.#states = states;
  }

  async start(): Promise<void> {
    await this.dave.start();
    this.certificate = await createTlsCertificate();
    this.endpoints.push(await this.#newEndpoint());
  }

  endpointFor(guildId: string): string {
    return (this.#currentEndpoint.get(guildId) ?? this.endpoints[0]!).host;
  }

  botVoiceChanged(guildId: string, channelId: string | null, token: string | null, sessionId: string): void {
    if (channelId && token) {
      this.#bot.set(guildId, { channelId, token, sessionId });
    } else {
      this.#bot.delete(guildId);
      for (const s of this.sessions(guildId)) {
        if (s.ready) this.dave.botLeft(guildId, s.channelId, s.userId);
        s.ready = false; // no longer resumable
        if (s.ws) s.ws.close(1000, 'left voice');
      }
    }
    this.#notify();
  }

  userVoiceChanged(guildId: string, userId: string, from: string | null, to: string | null): void {
    if (from !== to) this.dave.userMoved(guildId, userId, from, to);
    const session = this.currentSession(guildId);
    if (session?.ws && from !== to) {
      const gateway = this.#gatewayOf(session);
      if (from === session.channelId) {
        gateway.send(session, 13, { user_id: userId });
        session.announced.delete(userId);
      }
      if (to === session.channelId) gateway.send(session, 11, { user_ids: [userId] });
    }
    this.#notify();
  }

  /** All the bot's voice sessions in a guild, oldest first (across endpoints). */
  sessions(guildId: string): VoiceSession[] {
    return this.endpoints.flatMap((e) => e.gateway.sessions).filter((s) => s.guildId === guildId);
  }

  /** The bot's latest voice session in a guild with an open socket, if any. */
  currentSession(guildId: string): VoiceSession | undefined {
    return this.sessions(guildId).filter((s) => s.ws !== null).at(-1);
  }

  /** The bot's session is ready for audio (Session Description sent, UDP address known, in its DAVE group if the call is E2EE). */
  isReady(guildId: string): VoiceSession | undefined {
    const s = this.currentSession(guildId);
    return s && this.#transportReady(s) && this.dave.call(guildId, s.channelId).isE2eeReady(s.userId) ? s : undefined;
  }

  #transportReady = (s: VoiceSession): boolean => s.ready && s.remote !== null && s.secretKey !== null;

  ssrcOf = (userId: string): number => this.#speaker(userId).ssrc;

  /**
   * A user speaks: Opus packets (or a WAV, encoded to Opus) sent at 20 ms pace to the bot if
   * it is in the user's voice channel. Announces the user's SSRC (op 5) first.
   */
  async speak(userId: string, audio: Buffer[] | Buffer, opts: SpeakOptions = {}): Promise<SpeakResult> {
    const packets = Array.isArray(audio) ? audio : wavToOpusPackets(audio);
    const speaker = this.#speaker(userId);
    const signal = opts.signal ? AbortSignal.any([opts.signal, this.#abort.signal]) : this.#abort.signal;
    const task = (async () => {
      if (this.#announce(userId)) await sleep(30, undefined, { signal }).catch(() => undefined);
      return speaker.speak(packets, { ...opts, signal }, (opus, rtp, nonce, index) => {
        const session = this.#sessionFor(userId);
        if (!session?.remote || !session.secretKey) return false;
        this.#announce(userId);
        const frame = this.dave.outgoing(userId, opus, index < (opts.plaintextFrames ?? 0));
        const packet = encryptRtpSize(rtpHeader(rtp), frame, session.secretKey, nonce);
        this.#endpointOf(session).udp.send(packet, session.remote);
        return true;
      });
    })();
    this.#running.add(task);
    try {
      return await task;
    } finally {
      this.#running.delete(task);
    }
  }

  /** The bot's captured packets in a guild (optionally only those received after a time). */
  botAudio(guildId: string, sinceMs = 0): CapturedPacket[] {
    return (this.captured.get(guildId) ?? []).filter((p) => p.receivedAtMs >= sinceMs);
  }

  /** The bot's audio decoded to a 16 kHz mono WAV (pauses kept), for pocketsphinx. */
  botAudioWav(guildId: string, sinceMs = 0): Buffer {
    return opusPacketsToWav(this.botAudio(guildId, sinceMs).filter((p) => !p.silence));
  }

  /** The bot's utterances in a guild (see {@link botUtterances}). */
  botUtterances(guildId: string, gapMs = 1000, sinceMs = 0): CapturedPacket[][] {
    return botUtterances(this.botAudio(guildId, sinceMs), gapMs);
  }

  /** Closes the bot's current voice socket with a code (1006: dropped without a close frame). 4014 also disconnects the bot (voice state null) unless kick is false. */
  injectClose(guildId: string, code: number, opts: { kick?: boolean } = {}): void {
    const session = this.currentSession(guildId);
    if (!session) throw new Error(`local Discord: the bot has no voice session in guild ${guildId}`);
    this.#gatewayOf(session).closeSession(session, code);
    if (code === 4014 && opts.kick !== false) this.#states?.botKicked(guildId);
  }

  /** Leaves the bot's next `count` voice heartbeats unanswered (3 make @discordjs/voice reconnect). */
  missHeartbeatAcks(guildId: string, count = 3): void {
    const session = this.currentSession(guildId);
    if (!session) throw new Error(`local Discord: the bot has no voice session in guild ${guildId}`);
    session.acksToMiss += count;
  }

  /** Moves the guild's voice to a brand-new endpoint and tells the bot (VOICE_SERVER_UPDATE). */
  async moveToNewEndpoint(guildId: string): Promise<string> {
    const endpoint = await this.#newEndpoint();
    this.endpoints.push(endpoint);
    this.#currentEndpoint.set(guildId, endpoint);
    this.#states?.sendServerUpdate(guildId);
    return endpoint.host;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([...this.#running]);
    await this.dave.close();
    for (const e of this.endpoints) {
      await e.gateway.close();
      await e.udp.close();
    }
    await this.certificate?.remove();
  }

  #speaker(userId: string): FakeSpeaker {
    let s = this.#speakers.get(userId);
    if (!s) {
      s = new FakeSpeaker(this.#nextSsrc++);
      this.#speakers.set(userId, s);
    }
    return s;
  }

  /** The bot's ready session in the channel the user is in, if any. */
  #sessionFor(userId: string): VoiceSession | undefined {
    const found = findVoiceState(this.#world, userId);
    if (!found) return undefined;
    const current = this.currentSession(found.guild.id);
    const session = current && this.#transportReady(current) ? current : undefined; // UDP flows whatever the DAVE state
    const bot = this.#bot.get(found.guild.id);
    return session && bot && session.channelId === found.state.channelId && bot.channelId === found.state.channelId ? session : undefined;
  }

  /** Sends op 5 for the user on the current session if not yet done; true if it sent. */
  #announce(userId: string): boolean {
    const session = this.#sessionFor(userId);
    if (!session || session.announced.has(userId)) return false;
    session.announced.add(userId);
    this.#gatewayOf(session).send(session, 5, { user_id: userId, ssrc: this.ssrcOf(userId), speaking: 1 });
    return true;
  }

  #gatewayOf(session: VoiceSession): VoiceGateway {
    return this.#endpointOf(session).gateway;
  }

  #endpointOf(session: VoiceSession): Endpoint {
    const e = this.endpoints.find((x) => x.gateway.sessions.includes(session));
    if (!e) throw new Error('local Discord: voice session without endpoint');
    return e;
  }

  #authorize(d: Json): string | null {
    const bot = this.#bot.get(String(d.server_id));
    if (!bot || d.user_id !== this.#world.bot.id || d.token !== bot.token || d.session_id !== bot.sessionId) return null;
    return bot.channelId;
  }

  /** Users in a voice channel (the bot included only if asked). */
  #usersIn(guildId: string, channelId: string, withBot: boolean): string[] {
    return [...(this.#world.guilds.get(guildId)?.voiceStates.values() ?? [])]
      .filter((v) => v.channelId === channelId && (withBot || v.userId !== this.#world.bot.id)).map((v) => v.userId);
  }

  async #newEndpoint(): Promise<Endpoint> {
    const cert = this.certificate!;
    let endpoint: Endpoint | null = null;
    const udp = new VoiceUdp({
      onDiscovery: (ssrc, remote) => {
        const s = endpoint?.gateway.sessions.filter((x) => x.ssrc === ssrc).at(-1);
        if (s) s.remote = remote;
        this.#notify();
      },
      onRtp: (ssrc, packet, receivedAtMs) => {
        const s = endpoint?.gateway.sessions.filter((x) => x.ssrc === ssrc && x.secretKey).at(-1);
        if (!s?.secretKey) return;
        try {
          const rtp = decryptRtpSize(packet, s.secretKey);
          const frame = this.dave.fromBot(s.guildId, s.channelId, s.userId, rtp.opus);
          const list = this.captured.get(s.guildId) ?? [];
          this.captured.set(s.guildId, list);
          list.push({ guildId: s.guildId, channelId: s.channelId, ssrc, sequence: rtp.sequence, timestamp: rtp.timestamp, receivedAtMs, opus: frame.opus, silence: frame.opus.equals(SILENCE_FRAME), e2ee: frame.e2ee });
        } catch (error) {
          this.decryptFailures++;
          this.#error(`bot RTP packet failed to decrypt: ${String(error)}`);
        }
        this.#notify();
      },
    });
    await udp.listen();
    const gateway = new VoiceGateway({
      certPem: cert.certPem, keyPem: cert.keyPem, heartbeatIntervalMs: this.#opts.heartbeatIntervalMs ?? 13_750,
      udpPort: () => udp.port, authorize: (d) => this.#authorize(d), newSsrc: () => this.#nextSsrc++,
      usersIn: (guildId, channelId) => this.#usersIn(guildId, channelId, false),
      onChange: this.#notify,
      ...this.dave.gatewayHooks(() => endpoint?.gateway),
    });
    await gateway.listen();
    endpoint = { gateway, udp, host: `127.0.0.1:${gateway.port}` };
    return endpoint;
  }
}
