import { p256 } from '@noble/curves/nist.js';
import {
  decodeMlsMessage, encodeExternalSender, encodeMlsMessage, getCiphersuiteFromName, getCiphersuiteImpl, proposeExternal,
  type CiphersuiteImpl, type ExternalSender, type GroupContext, type KeyPackage, type Proposal,
} from 'ts-mls';
import { makeProposalRef } from 'ts-mls/authenticatedContent.js';
import { decodeKeyPackage, makeKeyPackageRef, verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { decodeWelcome, encodeWelcome } from 'ts-mls/welcome.js';
import { snowflakeBytes, snowflakeFromBytes } from './daveWire.ts';

/** DAVE protocol version 1: MLS 1.0 with ciphersuite 2. */
const CIPHERSUITE = 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256' as const;
const MAX_LIFETIME = 2n ** 64n - 1n;

/** A proposal the voice server broadcast: its MLSMessage bytes and its ProposalRef (hex). */
export interface SentProposal {
  bytes: Buffer;
  ref: string;
}

/** A member's commit (op 28) taken apart: what the server needs to validate and route it. */
export interface ParsedCommit {
  commit: Buffer;
  welcome: Buffer | null;
  epoch: bigint;
  groupId: Buffer;
  /** ProposalRefs (hex) in the commit's order; null when it carries an inline proposal (invalid for DAVE). */
  refs: string[] | null;
}

/**
 * The voice server's MLS external sender (RFC 9420 §12.1.8.1) built on ts-mls: a P-256 signing
 * key, the op 25 package, signed external add/remove proposals, and the parsing the delivery
 * service needs (key packages, commits, per-member welcomes).
 */
export class DaveExternalSender {
  readonly #cs: CiphersuiteImpl;
  readonly #signKey: Uint8Array;
  readonly #sender: ExternalSender;

  private constructor(cs: CiphersuiteImpl, signKey: Uint8Array) {
    this.#cs = cs;
    this.#signKey = signKey;
    this.#sender = {
      signaturePublicKey: p256.getPublicKey(signKey, false),
      credential: { credentialType: 'basic', identity: new Uint8Array(snowflakeBytes('1')) },
    };
  }

  static async create(): Promise<DaveExternalSender> {
    const cs = await getCiphersuiteImpl(getCiphersuiteFromName(CIPHERSUITE));
    return new DaveExternalSender(cs, p256.utils.randomSecretKey());
  }

  /** The op 25 payload: the serialized ExternalSender (signature key + basic credential). */
  packageBytes(): Buffer {
    return Buffer.from(encodeExternalSender(this.#sender));
  }

  /**
   * Decodes and validates a member's key package (op 26) the way Discord does: basic credential
   * whose identity is the sender's snowflake, maximal lifetime, valid signature.
   * @throws Error naming the first rule broken
   */
  async validateKeyPackage(bytes: Buffer, userId: string): Promise<KeyPackage> {
    const decoded = decodeKeyPackage(bytes, 0);
    if (!decoded || decoded[1] !== bytes.length) throw new Error('key package does not decode');
    const kp = decoded[0];
    if (kp.cipherSuite !== CIPHERSUITE) throw new Error(`key package ciphersuite ${kp.cipherSuite}`);
    const cred = kp.leafNode.credential;
    if (cred.credentialType !== 'basic' || cred.identity.length !== 8 || snowflakeFromBytes(cred.identity) !== userId) {
      throw new Error('key package credential is not the sender\'s snowflake');
    }
    const lifetime = kp.leafNode.lifetime;
    if (!lifetime || lifetime.notBefore !== 0n || lifetime.notAfter !== MAX_LIFETIME) throw new Error('key package lifetime is not maximal');
    if (!(await verifyKeyPackage(kp, this.#cs.signature))) throw new Error('key package signature is invalid');
    return kp;
  }

  /** A signed external Add proposal for the group at `epoch`. */
  proposeAdd(groupId: Buffer, epoch: bigint, keyPackage: KeyPackage): Promise<SentProposal> {
    return this.#propose(groupId, epoch, { proposalType: 'add', add: { keyPackage } });
  }

  /** A signed external Remove proposal for the leaf at `leafIndex`. */
  proposeRemove(groupId: Buffer, epoch: bigint, leafIndex: number): Promise<SentProposal> {
    return this.#propose(groupId, epoch, { proposalType: 'remove', remove: { removed: leafIndex } });
  }

  /** Splits op 28 into the commit MLSMessage and the optional Welcome, and reads what the server checks. */
  parseCommit(payload: Buffer): ParsedCommit {
    const decoded = decodeMlsMessage(payload, 0);
    if (!decoded) throw new Error('commit does not decode');
    const [msg, end] = decoded;
    if (msg.wireformat !== 'mls_public_message') throw new Error('commit is not an MLS PublicMessage');
    const content = msg.publicMessage.content;
    if (content.contentType !== 'commit') throw new Error('message is not a commit');
    const refs = content.commit.proposals.every((p) => p.proposalOrRefType === 'reference')
      ? content.commit.proposals.map((p) => (p.proposalOrRefType === 'reference' ? Buffer.from(p.reference).toString('hex') : ''))
      : null;
    return {
      commit: payload.subarray(0, end), welcome: end < payload.length ? payload.subarray(end) : null,
      epoch: content.epoch, groupId: Buffer.from(content.groupId), refs,
    };
  }

  /** The welcome cut down to the group secrets of one key package (what op 30 carries), or null if it has none. */
  async welcomeFor(welcome: Buffer, keyPackage: KeyPackage): Promise<Buffer | null> {
    const decoded = decodeWelcome(welcome, 0);
    if (!decoded) throw new Error('welcome does not decode');
    const ref = Buffer.from(await makeKeyPackageRef(keyPackage, this.#cs.hash));
    const secrets = decoded[0].secrets.filter((s) => ref.equals(Buffer.from(s.newMember)));
    if (secrets.length === 0) return null;
    return Buffer.from(encodeWelcome({ ...decoded[0], secrets }));
  }

  async #propose(groupId: Buffer, epoch: bigint, proposal: Proposal): Promise<SentProposal> {
    // An external sender's signature does not cover the group context (RFC 9420 §6.1), so the
    // delivery service needs only the group id, epoch and extensions, not the tree.
    const groupContext: GroupContext = {
      version: 'mls10', cipherSuite: CIPHERSUITE, groupId: new Uint8Array(groupId), epoch, treeHash: new Uint8Array(),
      confirmedTranscriptHash: new Uint8Array(), extensions: [{ extensionType: 'external_senders', extensionData: encodeExternalSender(this.#sender) }],
    };
    const groupInfo = { groupContext } as Parameters<typeof proposeExternal>[0];
    const msg = await proposeExternal(groupInfo, proposal, this.#sender.signaturePublicKey, this.#signKey, this.#cs);
    if (msg.wireformat !== 'mls_public_message') throw new Error('ts-mls returned a non-public proposal');
    const ref = await makeProposalRef({ wireformat: 'mls_public_message', content: msg.publicMessage.content, auth: msg.publicMessage.auth } as Parameters<typeof makeProposalRef>[0], this.#cs.hash);
    return { bytes: Buffer.from(encodeMlsMessage(msg)), ref: Buffer.from(ref).toString('hex') };
  }
}
