import Davey from '@snazzah/davey';
import type { DaveParticipant } from './DaveCall.ts';
import { DaveOp, isSilenceFrame } from './daveWire.ts';
import type { Json } from './payloads.ts';

/** Seconds a downgrade keeps old keys / passthrough (as @discordjs/voice and libdave do). */
const TRANSITION_EXPIRY_S = 10;
const PENDING_DOWNGRADE_EXPIRY_S = 24;
// davey's const enums cannot be imported under verbatimModuleSyntax: their values (index.d.ts).
const MEDIA_AUDIO = 0;
const STATUS_INACTIVE = 0;
const STATUS_ACTIVE = 3;

export interface DaveMemberOptions {
  userId: string;
  channelId: string;
  /** False: a client without DAVE (Identify says max_dave_protocol_version 0). */
  dave: boolean;
  /** Delivers what the member sends back to the voice server (op, JSON or binary). */
  toServer: { json(op: number, d: Json): void; binary(op: number, payload: Buffer): void };
  /** User ids the member's voice gateway announced (op 11), checked against add proposals. */
  recognizedUserIds: () => string[];
  error: (message: string) => void;
  /** Fault: frames it sends unencrypted around each transition (from the commit until this many frames after executing it); 0 = none. */
  plaintextAroundTransitions?: () => number;
  /** Fault: a slow client, its key packages held back until {@link DaveMember.releaseKeyPackage}. */
  holdKeyPackage?: () => boolean;
}

/**
 * A fake user's DAVE client: its own `DAVESession` from @snazzah/davey driven by the voice
 * server's ops exactly as a Discord client does (key package on protocol v1 and on epoch 1,
 * commits for proposals, ready for transition, op 31 and a fresh key package when a commit or
 * welcome cannot be processed). Encrypts its Opus frames and decrypts the bot's. Messages from
 * the server are handled on a later tick, like a socket would deliver them.
 */
export class DaveMember implements DaveParticipant {
  readonly userId: string;
  readonly maxDaveVersion: number;
  protocolVersion = 0;
  /** Counts, never content. */
  readonly stats = { commitsSent: 0, welcomes: 0, commitsProcessed: 0, invalid: 0, decryptFailures: 0, plaintextSent: 0 };
  readonly #opts: DaveMemberOptions;
  readonly #pending = new Map<number, number>();
  readonly #immediates = new Set<NodeJS.Immediate>();
  #session: Davey.DAVESession | null = null;
  #closed = false;
  /** Plaintext fault: a transition is pending (commit processed, not executed), then frames left after it. */
  #inTransition = false;
  #plaintextLeft = 0;
  #heldKeyPackage: Buffer | null = null;

  constructor(opts: DaveMemberOptions) {
    this.#opts = opts;
    this.userId = opts.userId;
    this.maxDaveVersion = opts.dave ? Davey.DAVE_PROTOCOL_VERSION : 0;
  }

  /** The session is in a group and encrypting. */
  get ready(): boolean {
    return this.protocolVersion > 0 && this.#session?.ready === true;
  }

  get epoch(): number | null {
    const e = this.#session?.epoch;
    return e === null || e === undefined ? null : Number(e);
  }

  /** Called with the protocol version the server announced for this member (op 4). */
  start(protocolVersion: number): void {
    this.protocolVersion = protocolVersion;
    if (protocolVersion > 0) this.#reinit();
  }

  sendJson(op: number, d: Json): void {
    this.#later(() => this.#onJson(op, d));
  }

  sendBinary(op: number, payload: Buffer): void {
    this.#later(() => this.#onBinary(op, payload));
  }

  /** End-to-end encrypts an Opus frame when the group is ready (silence frames never are). */
  encrypt(opus: Buffer): Buffer {
    if (!this.ready || isSilenceFrame(opus)) return opus;
    if (this.#inTransition || this.#plaintextLeft > 0) {
      if (!this.#inTransition) this.#plaintextLeft--;
      this.stats.plaintextSent++;
      return opus;
    }
    return this.#session!.encryptOpus(opus);
  }

  /** Sends the key package a held-back client kept (see `holdKeyPackage`). */
  releaseKeyPackage(): void {
    const held = this.#heldKeyPackage;
    this.#heldKeyPackage = null;
    if (held && !this.#closed) this.#opts.toServer.binary(DaveOp.KeyPackage, held);
  }

  /** Decrypts another member's frame; null when it cannot (counted). Plaintext passes only where davey allows it. */
  decrypt(senderUserId: string, frame: Buffer): Buffer | null {
    if (isSilenceFrame(frame) || !this.#session?.ready) return frame;
    try {
      return this.#session.decrypt(senderUserId, MEDIA_AUDIO, frame);
    } catch {
      this.stats.decryptFailures++;
      return null;
    }
  }

  /** Throws the MLS state away as a broken client would (fault injection); it sends nothing. */
  forgetGroup(): void {
    this.#session?.reset();
  }

  close(): void {
    this.#closed = true;
    for (const i of this.#immediates) clearImmediate(i);
    this.#immediates.clear();
    this.#session?.reset();
  }

  #later(fn: () => void): void {
    const handle = setImmediate(() => {
      this.#immediates.delete(handle);
      if (this.#closed) return;
      try {
        fn();
      } catch (error) {
        this.#opts.error(`DAVE member ${this.userId}: ${String(error)}`);
      }
    });
    this.#immediates.add(handle);
  }

  #reinit(): void {
    const { userId, channelId } = this.#opts;
    if (this.#session) this.#session.reinit(this.protocolVersion, userId, channelId);
    else this.#session = new Davey.DAVESession(this.protocolVersion, userId, channelId);
    const keyPackage = this.#session.getSerializedKeyPackage();
    if (this.#opts.holdKeyPackage?.()) this.#heldKeyPackage = keyPackage;
    else this.#opts.toServer.binary(DaveOp.KeyPackage, keyPackage);
  }

  #onJson(op: number, d: Json): void {
    const id = Number(d.transition_id);
    if (op === DaveOp.PrepareTransition) {
      this.#pending.set(id, Number(d.protocol_version));
      if (id === 0) this.#execute(0);
      else {
        if (Number(d.protocol_version) === 0) this.#session?.setPassthroughMode(true, PENDING_DOWNGRADE_EXPIRY_S);
        this.#opts.toServer.json(DaveOp.TransitionReady, { transition_id: id });
      }
    } else if (op === DaveOp.ExecuteTransition) {
      this.#execute(id);
    } else if (op === DaveOp.PrepareEpoch && Number(d.epoch) === 1) {
      this.protocolVersion = Number(d.protocol_version);
      this.#reinit();
    }
  }

  #execute(id: number): void {
    const version = this.#pending.get(id);
    if (version === undefined) return;
    this.#pending.delete(id);
    if (this.#inTransition) this.#plaintextLeft = this.#opts.plaintextAroundTransitions?.() ?? 0;
    this.#inTransition = false;
    const old = this.protocolVersion;
    this.protocolVersion = version;
    if (old > 0 && version === 0) {
      this.#session?.reset();
      this.#session?.setPassthroughMode(true, TRANSITION_EXPIRY_S);
    }
  }

  #onBinary(op: number, payload: Buffer): void {
    const s = this.#session;
    if (!s) return;
    if (op === DaveOp.ExternalSender) {
      if (s.status !== STATUS_ACTIVE) s.setExternalSender(payload);
    } else if (op === DaveOp.Proposals) {
      if (s.status === STATUS_INACTIVE) return;
      const { commit, welcome } = s.processProposals(payload[0]!, payload.subarray(1), this.#opts.recognizedUserIds());
      if (!commit) return;
      this.stats.commitsSent++;
      this.#opts.toServer.binary(DaveOp.CommitWelcome, welcome ? Buffer.concat([commit, welcome]) : commit);
    } else if (op === DaveOp.AnnounceCommit || op === DaveOp.Welcome) {
      const transitionId = payload.readUInt16BE(0);
      try {
        if (op === DaveOp.AnnounceCommit) s.processCommit(payload.subarray(2));
        else s.processWelcome(payload.subarray(2));
      } catch {
        this.stats.invalid++;
        this.#opts.toServer.json(DaveOp.InvalidCommitWelcome, { transition_id: transitionId });
        this.#reinit();
        return;
      }
      if (op === DaveOp.AnnounceCommit) this.stats.commitsProcessed++;
      else this.stats.welcomes++;
      if (transitionId === 0) return;
      this.#inTransition = (this.#opts.plaintextAroundTransitions?.() ?? 0) > 0;
      this.#pending.set(transitionId, this.protocolVersion);
      this.#opts.toServer.json(DaveOp.TransitionReady, { transition_id: transitionId });
    }
  }
}
