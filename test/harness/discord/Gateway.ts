import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { payloads, type Json } from './payloads.ts';
import type { World } from './World.ts';

const GUILD_VOICE_STATES_INTENT = 1 << 7;

/** A gateway session (survives its socket, so it can be resumed). */
export interface GatewaySession {
  id: string;
  ws: WebSocket | null;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  /** Dispatches sent, for replay on resume. */
  sent: { s: number; text: string }[];
  identifiedAtMs: number;
}

/** The bot asked to join (channelId) or leave (null) a voice channel (gateway op 4). */
export interface VoiceStateRequest {
  session: GatewaySession;
  guildId: string;
  channelId: string | null;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface GatewayOptions {
  world: World;
  heartbeatIntervalMs: number;
  /** ws://127.0.0.1:PORT/gateway, sent as resume_gateway_url. */
  url: () => string;
  onVoiceStateRequest: (req: VoiceStateRequest) => void;
  /** A new session identified; called before its GUILD_CREATEs are built. */
  onIdentify: (session: GatewaySession, guildIds: string[]) => void;
  onChange: () => void;
}

/** Discord's main gateway (v10, JSON, no compression): identify, resume, heartbeats, dispatches. */
export class Gateway {
  readonly sessions = new Map<string, GatewaySession>();
  /** Every op the bot sent, for assertions (heartbeats excluded). */
  readonly received: { op: number; d: unknown; atMs: number }[] = [];
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #opts: GatewayOptions;

  constructor(opts: GatewayOptions) {
    this.#opts = opts;
    this.#wss.on('connection', (ws) => this.#onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  /** Sessions with an open socket, in identify order. */
  live(): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => s.ws !== null);
  }

  ownsGuild(session: GatewaySession, guildId: string): boolean {
    return Number((BigInt(guildId) >> 22n) % BigInt(session.shardCount)) === session.shardId;
  }

  /** Sends a dispatch to the session owning the guild (all sessions when guildId is null). */
  dispatch(t: string, d: Json, guildId: string | null): void {
    for (const session of this.sessions.values()) {
      if (guildId !== null && !this.ownsGuild(session, guildId)) continue;
      if (t === 'VOICE_STATE_UPDATE' && (session.intents & GUILD_VOICE_STATES_INTENT) === 0) continue;
      this.#send(session, t, d);
    }
  }

  /** Closes the bot's gateway socket(s) with a close code (fault injection). */
  closeSockets(code: number): void {
    for (const s of this.live()) s.ws?.close(code, 'local Discord: injected close');
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #send(session: GatewaySession, t: string, d: Json): void {
    session.seq++;
    const text = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.sent.push({ s: session.seq, text });
    if (session.sent.length > 500) session.sent.shift();
    session.ws?.send(text);
  }

  #onConnection(ws: WebSocket): void {
    let session: GatewaySession | null = null;
    ws.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: this.#opts.heartbeatIntervalMs } }));
    ws.on('message', (raw: RawData) => {
      let msg: { op: number; d: Json | number | null };
      try {
        msg = JSON.parse(raw.toString()) as typeof msg;
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      if (msg.op === 1) {
        ws.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
        return;
      }
      this.received.push({ op: msg.op, d: msg.d, atMs: Date.now() });
      const d = (msg.d ?? {}) as Json;
      if (msg.op === 2) session = this.#identify(ws, d);
      else if (msg.op === 6) session = this.#resume(ws, d);
      else if (!session) ws.close(4003, 'Not authenticated');
      else if (msg.op === 8) this.#requestMembers(session, d);
      else if (msg.op === 4) {
        this.#opts.onVoiceStateRequest({
          session, guildId: String(d.guild_id), channelId: d.channel_id ? String(d.channel_id) : null,
          selfMute: Boolean(d.self_mute), selfDeaf: Boolean(d.self_deaf),
        });
      }
      this.#opts.onChange();
    });
    ws.on('close', () => {
      if (session && session.ws === ws) session.ws = null;
      this.#opts.onChange();
    });
  }

  /** Op 8 Request Guild Members (guild.members.fetch() without ids uses it): one chunk. */
  #requestMembers(session: GatewaySession, d: Json): void {
    const { world } = this.#opts;
    const ids = Array.isArray(d.user_ids) ? (d.user_ids as string[]) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    for (const guildId of Array.isArray(d.guild_id) ? (d.guild_id as string[]) : [String(d.guild_id)]) {
      const guild = world.guilds.get(guildId);
      if (!guild) continue;
      const members = guild.members.filter((m) => {
        if (ids) return ids.includes(m.userId);
        return (world.users.get(m.userId)?.username ?? '').toLowerCase().startsWith(query);
      }).slice(0, Number(d.limit) > 0 ? Number(d.limit) : undefined);
      this.#send(session, 'GUILD_MEMBERS_CHUNK', {
        guild_id: guildId, members: members.map((m) => payloads.member(world, m)), chunk_index: 0, chunk_count: 1,
        not_found: ids ? ids.filter((id) => !guild.members.some((m) => m.userId === id)) : [], ...(d.nonce ? { nonce: d.nonce } : {}),
      });
    }
  }

  #identify(ws: WebSocket, d: Json): GatewaySession | null {
    const { world } = this.#opts;
    if (d.token !== world.botToken) {
      ws.close(4004, 'Authentication failed');
      return null;
    }
    const [shardId, shardCount] = Array.isArray(d.shard) ? (d.shard as number[]) : [0, 1];
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'), ws, shardId: shardId ?? 0, shardCount: shardCount ?? 1,
      intents: Number(d.intents ?? 0), seq: 0, sent: [], identifiedAtMs: Date.now(),
    };
    this.sessions.set(session.id, session);
    const guilds = [...world.guilds.values()].filter((g) => this.ownsGuild(session, g.id));
    this.#opts.onIdentify(session, guilds.map((g) => g.id));
    this.#send(session, 'READY', {
      v: 10, user: { ...payloads.user(world.bot), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.#opts.url(), shard: [session.shardId, session.shardCount],
      application: { id: world.applicationId, flags: 0 }, private_channels: [], relationships: [], presences: [],
      guild_join_requests: [], geo_ordered_rtc_regions: ['local'], user_settings: {}, session_type: 'normal',
    });
    for (const g of guilds) this.#send(session, 'GUILD_CREATE', payloads.guildCreate(world, g));
    return session;
  }

  #resume(ws: WebSocket, d: Json): GatewaySession | null {
    const session = this.sessions.get(String(d.session_id));
    if (!session || d.token !== this.#opts.world.botToken) {
      ws.send(JSON.stringify({ op: 9, s: null, t: null, d: false }));
      return null;
    }
    session.ws?.terminate();
    session.ws = ws;
    const after = Number(d.seq ?? 0);
    for (const e of session.sent) if (e.s > after) ws.send(e.text);
    this.#send(session, 'RESUMED', {});
    return session;
  }
}
