import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseClientBinary, serverBinaryFrame } from './daveWire.ts';
import type { Json } from './payloads.ts';

export const VOICE_MODE = 'aead_aes256_gcm_rtpsize';

/** The bot's session on a voice server (survives its socket so it can be resumed). */
export interface VoiceSession {
  guildId: string;
  channelId: string;
  userId: string;
  sessionId: string;
  token: string;
  ssrc: number;
  ws: WebSocket | null;
  /** Set by Select Protocol; null until then. */
  secretKey: Buffer | null;
  /** The bot's UDP address (from IP discovery), loopback only. */
  remote: { address: string; port: number } | null;
  /** Session Description sent: audio may flow. */
  ready: boolean;
  /** Last `seq` the server put on a message. */
  seq: number;
  /** Heartbeats left unanswered on purpose (fault injection). */
  acksToMiss: number;
  /** Users whose SSRC was announced (op 5) on this session. */
  announced: Set<string>;
  /** What the bot sent (Identify, Select Protocol, Speaking, Resume...), heartbeats excluded. */
  received: { op: number; d: unknown; atMs: number }[];
  identifies: number;
  resumes: number;
  /** max_dave_protocol_version from Identify. */
  maxDaveVersion: number;
}

export interface VoiceGatewayOptions {
  certPem: string;
  keyPem: string;
  heartbeatIntervalMs: number;
  udpPort: () => number;
  /** Validates an Identify; returns the channel the bot joined, or null to refuse (4004). */
  authorize: (d: Json) => string | null;
  newSsrc: () => number;
  /** Users in the channel other than the bot (for op 11 Clients Connect). */
  usersIn: (guildId: string, channelId: string) => string[];
  onChange: () => void;
  /** Whether calls require DAVE (an Identify without it is closed with 4017, as Discord does). */
  daveRequired: () => boolean;
  /** Select Protocol accepted: the session joins its call; returns dave_protocol_version for op 4. */
  onSessionDescription: (session: VoiceSession) => 0 | 1;
  /** DAVE ops from the bot: JSON 23/31 and binary 26/28. */
  onDave: (session: VoiceSession, op: number, d: Json | null, payload: Buffer | null) => void;
}

/** A voice gateway (wss, version 8) on loopback: one per voice endpoint. */
export class VoiceGateway {
  readonly sessions: VoiceSession[] = [];
  readonly #https: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #opts: VoiceGatewayOptions;
  port = 0;

  constructor(opts: VoiceGatewayOptions) {
    this.#opts = opts;
    this.#https = createServer({ cert: opts.certPem, key: opts.keyPem }, (_req, res) => {
      res.writeHead(426);
      res.end();
    });
    this.#https.on('upgrade', (req, socket, head) => this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws)));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#https.listen(0, '127.0.0.1', resolve));
    this.port = (this.#https.address() as AddressInfo).port;
  }

  /** Sends a JSON message with the next seq. */
  send(session: VoiceSession, op: number, d: unknown): void {
    session.seq++;
    session.ws?.send(JSON.stringify({ op, d, seq: session.seq }));
  }

  /** Sends a binary DAVE message (uint16 seq, opcode, payload) with the next seq; dropped while the socket is gone. */
  sendBinary(session: VoiceSession, op: number, payload: Buffer): void {
    if (!session.ws) return;
    session.seq++;
    session.ws.send(serverBinaryFrame(session.seq, op, payload));
  }

  /** Closes a session's socket with a code; 1006 drops the TCP connection without a close frame. */
  closeSession(session: VoiceSession, code: number): void {
    if (!session.ws) return;
    if (code === 1006) session.ws.terminate();
    else session.ws.close(code, 'local Discord: injected close');
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => this.#https.close(() => resolve()));
    this.#https.closeAllConnections();
    await closed;
  }

  #onConnection(ws: WebSocket): void {
    let session: VoiceSession | null = null;
    ws.send(JSON.stringify({ op: 8, d: { v: 8, heartbeat_interval: this.#opts.heartbeatIntervalMs } }));
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      if (isBinary) {
        if (!session) {
          ws.close(4003, 'Not authenticated');
          return;
        }
        const { op, payload } = parseClientBinary(raw as Buffer);
        session.received.push({ op, d: null, atMs: Date.now() });
        this.#opts.onDave(session, op, null, payload);
        return;
      }
      let msg: { op: number; d: Json };
      try {
        msg = JSON.parse(raw.toString()) as typeof msg;
      } catch {
        ws.close(4002, 'Failed to decode payload');
        return;
      }
      if (msg.op === 3) {
        if (session && session.acksToMiss > 0) session.acksToMiss--;
        else if (session) this.send(session, 6, { t: msg.d.t });
        else ws.send(JSON.stringify({ op: 6, d: { t: msg.d.t } }));
        return;
      }
      session?.received.push({ op: msg.op, d: msg.d, atMs: Date.now() });
      if (msg.op === 0) session = this.#identify(ws, msg.d);
      else if (msg.op === 7) session = this.#resume(ws, msg.d);
      else if (!session) ws.close(4003, 'Not authenticated');
      else if (msg.op === 1) this.#selectProtocol(session, msg.d);
      else if (msg.op === 23 || msg.op === 31) this.#opts.onDave(session, msg.op, msg.d, null);
      this.#opts.onChange();
    });
    ws.on('close', () => {
      if (session?.ws === ws) session.ws = null;
      this.#opts.onChange();
    });
  }

  #identify(ws: WebSocket, d: Json): VoiceSession | null {
    const channelId = this.#opts.authorize(d);
    if (!channelId) {
      ws.close(4004, 'Authentication failed');
      return null;
    }
    const maxDaveVersion = Number(d.max_dave_protocol_version ?? 0);
    if (this.#opts.daveRequired() && !(maxDaveVersion >= 1)) {
      ws.close(4017, 'E2EE/DAVE protocol required');
      return null;
    }
    const session: VoiceSession = {
      guildId: String(d.server_id), channelId, userId: String(d.user_id), sessionId: String(d.session_id), token: String(d.token),
      ssrc: this.#opts.newSsrc(), ws, secretKey: null, remote: null, ready: false, seq: 0, acksToMiss: 0, announced: new Set(),
      received: [{ op: 0, d: { ...d, token: '[redacted]' }, atMs: Date.now() }], identifies: 1, resumes: 0, maxDaveVersion,
    };
    this.sessions.push(session);
    this.send(session, 2, { ssrc: session.ssrc, ip: '127.0.0.1', port: this.#opts.udpPort(), modes: [VOICE_MODE], heartbeat_interval: this.#opts.heartbeatIntervalMs, experiments: [] });
    const others = this.#opts.usersIn(session.guildId, channelId);
    if (others.length > 0) this.send(session, 11, { user_ids: others });
    return session;
  }

  #resume(ws: WebSocket, d: Json): VoiceSession | null {
    const session = this.sessions.find((s) => s.guildId === String(d.server_id) && s.sessionId === String(d.session_id) && s.token === String(d.token) && s.ready);
    if (!session) {
      ws.close(4006, 'Session no longer valid');
      return null;
    }
    if (session.ws && session.ws !== ws) session.ws.terminate();
    session.ws = ws;
    session.resumes++;
    session.received.push({ op: 7, d: { ...d, token: '[redacted]' }, atMs: Date.now() });
    session.announced.clear();
    this.send(session, 9, null);
    return session;
  }

  #selectProtocol(session: VoiceSession, d: Json): void {
    const data = (d.data ?? {}) as Json;
    if (data.mode !== VOICE_MODE) {
      session.ws?.close(4016, 'Unknown encryption mode');
      return;
    }
    session.secretKey = randomBytes(32);
    this.send(session, 4, {
      mode: VOICE_MODE, secret_key: [...session.secretKey], dave_protocol_version: this.#opts.onSessionDescription(session), audio_codec: 'opus',
      video_codec: 'H264', media_session_id: randomBytes(16).toString('hex'),
    });
    session.ready = true;
  }
}
