import type { VoiceConnection } from '@discordjs/voice';
import type { Logger } from '../../logger.ts';
import { DavePlaintextPolicy, type PlaintextReason } from './DavePlaintextPolicy.ts';

/**
 * The part of @discordjs/voice 0.19.2's DAVE wrapper (`DAVESession` in dist/index.mjs, not
 * exported as a type) the guard drives. Checked against that file; pinned with the library.
 */
interface LibraryDave {
  protocolVersion: number;
  lastTransitionId?: number;
  reinitializing: boolean;
  pendingTransitions: Map<number, number>;
  session?: { ready: boolean; epoch: bigint | null; canPassthrough(userId: string): boolean; getUserIds(): string[] };
  decrypt(packet: Buffer, userId: string): Buffer | null;
  prepareEpoch(data: { epoch: number; protocol_version: number }): void;
  recoverFromInvalidTransition(transitionId: number): void;
  on(event: 'debug', listener: (message: string) => void): unknown;
}

/** Decrypt-failure counts of one interview (never content). */
export interface DaveStats {
  /** DAVE protocol version of the current voice session (0 = transport-only), null before one. */
  protocolVersion: number | null;
  epoch: number | null;
  transitions: number;
  /** Protocol frames that did not decrypt, per user. */
  decryptFailures: Record<string, number>;
  /** Unencrypted frames dropped in an E2EE call: from a member of the bot's group outside a transition window (see DavePlaintextPolicy). */
  plaintextDropped: number;
  /** Unencrypted frames heard as audio because they were expected (not yet in the group, transition window, passthrough). */
  plaintextAccepted: number;
  /** Times the voice server re-created the group (op 24 epoch 1). */
  groupResets: number;
  /** Encrypted frames that arrived before the bot had its group (the library would pass them on as Opus). */
  notReadyDropped: number;
  keyPackageResends: number;
  rejoins: number;
}

export interface DaveGuardOptions {
  logger: Logger;
  /** Consecutive undecryptable frames from one user, outside transitions, before the bot re-sends its key package (op 31). */
  resendKeyPackageAfterFailures: number;
  /** After a key package re-send, this long without a decrypted frame from that user before the bot rejoins (a timer: also when the user went silent). */
  rejoinAfterMs: number;
  /** Asks the owner to rejoin the voice channel (a new voice session, so a new MLS membership). */
  rejoin: () => void;
  /** 'recovering' while the bot re-keys or rejoins because of DAVE, 'recovered' once the user is heard again. */
  onRecovery: (state: 'recovering' | 'recovered') => void;
  /** Monotonic clock in ms (default `performance.now()`); not the interview's pausable clock. */
  nowMs?: () => number;
}

const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const MAGIC_MARKER = 0xfafa;

/** True when the frame ends with DAVE's magic marker (protocol.md "Protocol Frame Check"). */
export function isDaveProtocolFrame(frame: Buffer): boolean {
  return frame.length > 10 && frame.readUInt16BE(frame.length - 2) === MAGIC_MARKER;
}

/**
 * Works around @discordjs/voice 0.19.2's DAVE receive path for one connection:
 * - unencrypted frames in an E2EE call are never counted as MLS failures — the library counts
 *   them on one shared counter and throws its MLS state away — and are heard when the protocol
 *   expects them (DavePlaintextPolicy: not yet in the group, transition window, passthrough),
 *   else dropped — the library fails every one of them once it is in a group;
 * - encrypted frames that arrive before the bot has its group are dropped — the library hands
 *   them to the application as if they were Opus;
 * - failures are counted per user; past a threshold the bot sends op 31 and a new key package
 *   itself — the library does so only `if (lastTransitionId)`, never for transition 0 (#11445) —
 *   and rejoins if that user still cannot be decrypted after `rejoinAfterMs`.
 * Join with a high `decryptionFailureTolerance` so the library's own recovery never runs.
 */
export class DaveGuard {
  readonly stats: DaveStats = { protocolVersion: null, epoch: null, transitions: 0, decryptFailures: {}, plaintextDropped: 0, plaintextAccepted: 0, groupResets: 0, notReadyDropped: 0, keyPackageResends: 0, rejoins: 0 };
  readonly #opts: DaveGuardOptions;
  readonly #nowMs: () => number;
  readonly #consecutive = new Map<string, number>();
  readonly #wrapped = new WeakSet<object>();
  /** User whose frames triggered a key package re-send, and since when. */
  #recovering: { userId: string; sinceMs: number; rejoined: boolean } | null = null;
  /** Rejoins if the re-keyed user is still not decrypted (or silent) `rejoinAfterMs` after the re-send. */
  #rejoinTimer: NodeJS.Timeout | null = null;
  readonly #plaintext: DavePlaintextPolicy;
  /** Since when the voice server is re-creating the group (op 24 epoch 1), until a frame decrypts again. */
  #regroupSinceMs: number | null = null;
  /** The last reason an unencrypted frame was accepted (logged when it changes). */
  #plaintextReason: PlaintextReason | 'dropped' | null = null;

  constructor(opts: DaveGuardOptions) {
    this.#opts = opts;
    this.#nowMs = opts.nowMs ?? (() => performance.now());
    this.#plaintext = new DavePlaintextPolicy({ nowMs: this.#nowMs });
  }

  /** Follows the connection's networking and DAVE sessions as they are replaced. */
  attach(connection: VoiceConnection): void {
    const check = (): void => this.#wrapCurrent(connection);
    connection.on('stateChange', (_old, state) => {
      const networking = (state as { networking?: { on(e: 'stateChange', l: () => void): unknown } }).networking;
      if (networking && !this.#wrapped.has(networking)) {
        this.#wrapped.add(networking);
        networking.on('stateChange', check);
      }
      check();
    });
    connection.on('transitioned', (transitionId: number) => {
      const dave = this.#daveOf(connection);
      this.#plaintext.transitioned();
      this.stats.transitions++;
      this.stats.epoch = dave?.session?.epoch != null ? Number(dave.session.epoch) : null;
      this.stats.protocolVersion = dave?.protocolVersion ?? this.stats.protocolVersion;
      this.#opts.logger.info({ transitionId, epoch: this.stats.epoch, protocolVersion: this.stats.protocolVersion }, 'DAVE transition executed');
    });
    check();
  }

  /** Stops the rejoin timer and logs the session's counts (never content). */
  close(): void {
    if (this.#rejoinTimer) clearTimeout(this.#rejoinTimer);
    this.#rejoinTimer = null;
    const { decryptFailures, ...rest } = this.stats;
    this.#opts.logger.info({ ...rest, decryptFailures: Object.values(decryptFailures).reduce((a, b) => a + b, 0) }, 'DAVE summary');
  }

  #daveOf(connection: VoiceConnection): LibraryDave | undefined {
    return (connection.state as { networking?: { state: { dave?: LibraryDave } } }).networking?.state.dave;
  }

  #wrapCurrent(connection: VoiceConnection): void {
    const dave = this.#daveOf(connection);
    if (!dave || this.#wrapped.has(dave)) return;
    this.#wrapped.add(dave);
    this.stats.protocolVersion = dave.protocolVersion;
    this.#opts.logger.info({ protocolVersion: dave.protocolVersion }, 'DAVE session started');
    const original = dave.decrypt.bind(dave);
    dave.decrypt = (packet: Buffer, userId: string): Buffer | null => this.#decrypt(dave, original, packet, userId);
    const prepareEpoch = dave.prepareEpoch.bind(dave);
    dave.prepareEpoch = (data): void => {
      if (data.epoch === 1 && dave.session?.ready) {
        this.stats.groupResets++;
        this.#regroupSinceMs = this.#nowMs();
        this.#opts.logger.warn({ protocolVersion: data.protocol_version, abandonedTransitions: dave.pendingTransitions.size }, 'DAVE: the voice server re-creates the group (prepare epoch 1)');
      }
      prepareEpoch(data);
      // The old group's transitions can never execute now; the library keeps them, which would
      // stop its failure counting (and ours) for good.
      if (data.epoch === 1) dave.pendingTransitions.clear();
    };
  }

  /** Hears an unencrypted frame when the protocol expects one, drops it otherwise (logged when that changes). */
  #unencrypted(dave: LibraryDave, packet: Buffer, userId: string): Buffer | null {
    const session = dave.session;
    const reason = this.#plaintext.reasonFor({
      protocolVersion: dave.protocolVersion, ready: session?.ready === true, pendingTransitions: dave.pendingTransitions.size,
      canPassthrough: (u) => session?.canPassthrough(u) === true, groupUserIds: () => session?.getUserIds() ?? [],
    }, userId);
    if (reason !== 'transport-only' && (reason ?? 'dropped') !== this.#plaintextReason) {
      this.#plaintextReason = reason ?? 'dropped';
      this.#opts.logger.info({ reason: this.#plaintextReason }, reason ? 'DAVE: unencrypted frames expected; heard' : 'DAVE: unencrypted frames from a group member outside a transition; dropped');
    }
    if (reason === 'transport-only') return packet;
    if (reason) this.stats.plaintextAccepted++;
    else this.stats.plaintextDropped++;
    return reason ? packet : null;
  }

  #decrypt(dave: LibraryDave, original: (p: Buffer, u: string) => Buffer | null, packet: Buffer, userId: string): Buffer | null {
    if (packet.equals(SILENCE)) return packet;
    const protocol = isDaveProtocolFrame(packet);
    if (!protocol) return this.#unencrypted(dave, packet, userId);
    if (!dave.session?.ready) {
      this.stats.notReadyDropped++;
      this.#failed(dave, userId, false);
      return null;
    }
    let out: Buffer | null;
    try {
      out = original(packet, userId);
    } catch {
      out = null; // the library throws past its tolerance when lastTransitionId is 0
    }
    if (out) this.#succeeded(userId);
    else this.#failed(dave, userId, dave.pendingTransitions.size === 0 && !dave.reinitializing);
    return out;
  }

  #succeeded(userId: string): void {
    this.#consecutive.delete(userId);
    this.#plaintextReason = null;
    if (this.#regroupSinceMs !== null) {
      this.#opts.logger.info({ tookMs: Math.round(this.#nowMs() - this.#regroupSinceMs) }, 'DAVE: decrypting again in the re-created group');
      this.#regroupSinceMs = null;
    }
    if (this.#recovering?.userId !== userId) return;
    const tookMs = Math.round(this.#nowMs() - this.#recovering.sinceMs);
    this.#opts.logger.info({ tookMs, rejoined: this.#recovering.rejoined }, 'DAVE: user decrypts again');
    this.#recovering = null;
    if (this.#rejoinTimer) clearTimeout(this.#rejoinTimer);
    this.#rejoinTimer = null;
    this.#opts.onRecovery('recovered');
  }

  #failed(dave: LibraryDave, userId: string, counts: boolean): void {
    this.stats.decryptFailures[userId] = (this.stats.decryptFailures[userId] ?? 0) + 1;
    const r = this.#recovering;
    if (!counts) return;
    const n = (this.#consecutive.get(userId) ?? 0) + 1;
    this.#consecutive.set(userId, n);
    if (n < this.#opts.resendKeyPackageAfterFailures || r) return;
    this.#consecutive.delete(userId);
    this.stats.keyPackageResends++;
    const recovering = { userId, sinceMs: this.#nowMs(), rejoined: false };
    this.#recovering = recovering;
    this.#rejoinTimer = setTimeout(() => {
      this.#rejoinTimer = null;
      if (this.#recovering !== recovering) return;
      recovering.rejoined = true;
      this.stats.rejoins++;
      this.#opts.logger.warn({ afterMs: Math.round(this.#nowMs() - recovering.sinceMs) }, 'DAVE: still undecryptable after a new key package; rejoining voice');
      this.#opts.rejoin();
    }, this.#opts.rejoinAfterMs);
    this.#opts.logger.warn({ failures: n, lastTransitionId: dave.lastTransitionId ?? 0 }, 'DAVE: frames undecryptable; sending op 31 and a new key package');
    this.#opts.onRecovery('recovering');
    // The library's own recovery, which it skips for transition 0: op 31 + reinit (new key package).
    dave.recoverFromInvalidTransition(dave.lastTransitionId ?? 0);
  }
}
