import type { SentProposal } from './DaveExternalSender.ts';
import { mlsVector } from './daveWire.ts';

/** An in-flight proposal: what it does, for whom, and which members hold it. */
export interface InFlightProposal extends SentProposal {
  kind: 'add' | 'remove';
  userId: string;
  sentTo: Set<string>;
}

/**
 * The external sender's proposals of the current epoch, in broadcast order, with the members
 * each was sent to (a revoke goes only to them: @discordjs/voice throws on a revoke of a
 * proposal it never received).
 */
export class DaveProposals {
  #list: InFlightProposal[] = [];

  get all(): readonly InFlightProposal[] {
    return this.#list;
  }

  add(kind: 'add' | 'remove', userId: string, sent: SentProposal): InFlightProposal {
    const p = { ...sent, kind, userId, sentTo: new Set<string>() };
    this.#list.push(p);
    return p;
  }

  find(kind: 'add' | 'remove', userId: string): InFlightProposal | undefined {
    return this.#list.find((x) => x.kind === kind && x.userId === userId);
  }

  byRef(ref: string): InFlightProposal | undefined {
    return this.#list.find((x) => x.ref === ref);
  }

  /** User ids being removed from the group by an in-flight proposal. */
  removing(userId: string): boolean {
    return this.find('remove', userId) !== undefined;
  }

  clear(): void {
    this.#list = [];
  }

  /** The op 27 append payload for these proposals, recorded as sent to `recipients`. */
  appendPayload(proposals: InFlightProposal[], recipients: string[]): Buffer {
    for (const p of proposals) for (const u of recipients) p.sentTo.add(u);
    return Buffer.concat([Buffer.from([0]), mlsVector(Buffer.concat(proposals.map((x) => x.bytes)))]);
  }

  /** Drops a proposal; returns the op 27 revoke payload and who must get it. */
  revoke(p: InFlightProposal): { payload: Buffer; to: string[] } {
    this.#list = this.#list.filter((x) => x !== p);
    return { payload: Buffer.concat([Buffer.from([1]), mlsVector(mlsVector(Buffer.from(p.ref, 'hex')))]), to: [...p.sentTo] };
  }
}
