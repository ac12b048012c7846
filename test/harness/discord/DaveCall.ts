import type { DaveExternalSender, SentProposal } from './DaveExternalSender.ts';
import { DaveProposals, type InFlightProposal } from './DaveProposals.ts';
import { DaveGroupTree } from './DaveGroupTree.ts';
import { DaveTransition } from './DaveTransition.ts';
import { DaveOp, snowflakeBytes, withTransitionId } from './daveWire.ts';
import type { DaveCallMember as Member, DaveCallOptions, DaveEvent, DaveParticipant } from './daveTypes.ts';
import type { Json } from './payloads.ts';

export type { DaveCallOptions, DaveEvent, DaveParticipant };

/**
 * The voice server's side of DAVE for one voice channel: MLS delivery service and external
 * sender (protocol.md, "Group Key Exchange"). It proposes adds for key packages and removes for
 * members who leave or report an invalid commit/welcome, broadcasts the first valid commit of an
 * epoch (op 29) with per-member welcomes (op 30), runs transitions (ops 21–24) and resets a sole
 * member. Events are handled one at a time, in arrival order.
 */
export class DaveCall {
  readonly groupId: Buffer;
  readonly events: DaveEvent[] = [];
  protocolVersion: 0 | 1;
  #sender: DaveExternalSender;
  readonly #opts: DaveCallOptions;
  readonly #members = new Map<string, Member>();
  readonly #tree = new DaveGroupTree();
  readonly #proposals = new DaveProposals();
  readonly #transition: DaveTransition;
  #nextTransitionId = 1;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(channelId: string, sender: DaveExternalSender, opts: DaveCallOptions) {
    this.groupId = snowflakeBytes(channelId);
    this.#sender = sender;
    this.#opts = opts;
    this.protocolVersion = opts.daveProtocolVersion;
    this.#transition = new DaveTransition(opts.transitionTimeoutMs, (id, version, ready) => this.#execute(id, version, ready), (fn) => this.#enqueue(() => Promise.resolve(fn())));
  }

  /** MLS epoch of the established group (0 while none is). */
  get epoch(): number {
    return Number(this.#tree.epoch);
  }

  /** User ids of the MLS group's members, by leaf. */
  groupMembers(): string[] {
    return this.#tree.members();
  }

  /** True when the user's media is end-to-end encrypted and decryptable by the group (or the call is transport-only). */
  isE2eeReady(userId: string): boolean {
    if (this.protocolVersion === 0) return true;
    // Alone in the call there is no group to join yet: media goes out unencrypted until someone comes.
    return this.inGroup(userId) || (this.#members.has(userId) && this.#members.size === 1);
  }

  /** The user is in the established group and the transition that put it there was executed. */
  inGroup(userId: string): boolean {
    return this.#members.get(userId)?.e2eeReady === true;
  }

  /** How long the user has been in the group (0 when not). */
  inGroupForMs = (userId: string): number => (this.#members.get(userId)?.e2eeReady ? Date.now() - this.#members.get(userId)!.readySinceMs : 0);

  /** A participant connected (after Select Protocol for the bot). Returns the protocol version it is told (op 4). */
  join(p: DaveParticipant): 0 | 1 {
    const version = this.protocolVersion === 1 && p.maxDaveVersion >= 1 && [...this.#members.values()].every((m) => m.p.maxDaveVersion >= 1) ? 1 : 0;
    this.#members.set(p.userId, { p, keyPackage: null, e2eeReady: false, readySinceMs: 0 });
    if (this.protocolVersion === 1 && version === 0) this.#enqueue(() => this.#downgrade(p.userId));
    // After op 4 (which the caller sends now): the external sender package.
    else if (version === 1) this.#enqueue(() => Promise.resolve(p.sendBinary(DaveOp.ExternalSender, this.#sender.packageBytes())));
    return version;
  }

  /** A participant disconnected from the voice gateway. */
  leave(userId: string): void {
    const m = this.#members.get(userId);
    if (m) this.#enqueue(() => this.#leave(userId, m));
  }

  /** A JSON DAVE op from a participant (23 ready for transition, 31 invalid commit/welcome). */
  onJson(userId: string, op: number, d: Json): void {
    if (op === DaveOp.TransitionReady) this.#enqueue(() => Promise.resolve(this.#transition.ready(userId, Number(d.transition_id))));
    else if (op === DaveOp.InvalidCommitWelcome) {
      // The client re-initialises at once: from now on its media is not expected to be end-to-end encrypted.
      if (this.#members.has(userId)) this.#members.get(userId)!.e2eeReady = false;
      this.#enqueue(() => this.#invalid(userId, Number(d.transition_id)));
    }
  }

  /** A binary DAVE op from a participant (26 key package, 28 commit/welcome). */
  onBinary(userId: string, op: number, payload: Buffer): void {
    if (op === DaveOp.KeyPackage) this.#enqueue(() => this.#keyPackage(userId, payload));
    else if (op === DaveOp.CommitWelcome) this.#enqueue(() => this.#commit(userId, payload));
    else this.#opts.error(`DAVE: unexpected binary op ${op} from ${userId}`);
  }

  /** Waits for queued events to be handled. */
  settled = (): Promise<void> => this.#chain;

  async close(): Promise<void> {
    this.#closed = true;
    this.#transition.close();
    await this.#chain;
  }

  #enqueue(task: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (!this.#closed) await task();
    }).catch((error: unknown) => this.#opts.error(`DAVE call: ${String(error)}`));
  }

  #event(kind: DaveEvent['kind'], extra: Omit<DaveEvent, 'kind' | 'atMs'> = {}): void {
    const e = { kind, ...extra, atMs: Date.now() };
    this.events.push(e);
    this.#opts.log(e);
  }

  async #keyPackage(userId: string, payload: Buffer): Promise<void> {
    const m = this.#members.get(userId);
    if (!m || this.protocolVersion === 0) return;
    m.keyPackage = await this.#sender.validateKeyPackage(payload, userId);
    this.#event('key-package', { userId });
    const revoke = this.#proposals.find('add', userId);
    if (revoke) this.#revoke(revoke, userId);
    const out: InFlightProposal[] = [];
    const leaf = this.#tree.leafOf(userId);
    if (leaf !== null && !this.#proposals.removing(userId)) {
      out.push(await this.#propose('remove', userId, () => this.#sender.proposeRemove(this.groupId, this.#tree.epoch, leaf)));
    }
    out.push(await this.#propose('add', userId, () => this.#sender.proposeAdd(this.groupId, this.#tree.epoch, m.keyPackage!)));
    if (this.#tree.established) {
      this.#sendProposals(this.#committers(), out);
    } else {
      // Initial group creation: every pending member with a local group gets the newcomer's
      // add; the newcomer gets the adds already in flight for the others.
      this.#sendProposals(this.#pendingWithKeyPackage().filter((u) => u !== userId), out);
      const others = this.#proposals.all.filter((x) => x.userId !== userId);
      if (others.length > 0) this.#sendProposals([userId], others);
    }
  }

  #propose = async (kind: 'add' | 'remove', userId: string, make: () => Promise<SentProposal>): Promise<InFlightProposal> => this.#proposals.add(kind, userId, await make());

  #sendProposals(recipients: string[], proposals: InFlightProposal[]): void {
    if (proposals.length === 0 || recipients.length === 0) return;
    const payload = this.#proposals.appendPayload(proposals, recipients);
    for (const u of recipients) this.#members.get(u)?.p.sendBinary(DaveOp.Proposals, payload);
    this.#event('proposals', { epoch: this.epoch });
  }

  #revoke(proposal: InFlightProposal, exceptUserId: string): void {
    const { payload, to } = this.#proposals.revoke(proposal);
    for (const u of to) if (u !== exceptUserId) this.#members.get(u)?.p.sendBinary(DaveOp.Proposals, payload);
  }

  /** Members of the established group who stay in it (those being removed do not commit). */
  #committers(): string[] {
    return this.#tree.members().filter((u) => !this.#proposals.removing(u));
  }

  #pendingWithKeyPackage(): string[] {
    return [...this.#members.values()].filter((m) => m.keyPackage && this.#tree.leafOf(m.p.userId) === null).map((m) => m.p.userId);
  }

  async #commit(userId: string, payload: Buffer): Promise<void> {
    const parsed = this.#sender.parseCommit(payload);
    const established = this.#tree.established;
    const expected = this.#proposals.all.filter((x) => established || x.userId !== userId).map((x) => x.ref);
    const committerOk = established ? this.#tree.leafOf(userId) !== null : this.#members.get(userId)?.keyPackage != null;
    const valid = committerOk && parsed.groupId.equals(this.groupId) && parsed.epoch === this.#tree.epoch && parsed.refs !== null
      && expected.length > 0 && parsed.refs.length === expected.length && expected.every((r) => parsed.refs!.includes(r));
    if (!valid) {
      this.#event('commit-rejected', { userId, epoch: Number(parsed.epoch) });
      return;
    }
    const used = parsed.refs!.map((r) => this.#proposals.byRef(r)!);
    const before = established ? this.#committers() : [userId];
    if (!established) this.#tree.create(userId);
    this.#tree.apply(used.filter((x) => x.kind === 'remove').map((x) => x.userId), used.filter((x) => x.kind === 'add').map((x) => x.userId));
    this.#proposals.clear();
    const transitionId = established ? this.#nextTransitionId++ : this.#opts.initialTransitionId;
    this.#event('commit', { userId, transitionId, epoch: this.epoch });
    const recipients = [...before];
    for (const u of before) this.#members.get(u)?.p.sendBinary(DaveOp.AnnounceCommit, withTransitionId(transitionId, parsed.commit));
    for (const add of used.filter((x) => x.kind === 'add')) {
      const m = this.#members.get(add.userId);
      if (!m?.keyPackage || !parsed.welcome) continue;
      const welcome = await this.#sender.welcomeFor(parsed.welcome, m.keyPackage);
      m.keyPackage = null;
      if (!welcome) continue;
      m.p.sendBinary(DaveOp.Welcome, withTransitionId(transitionId, welcome));
      recipients.push(add.userId);
      this.#event('welcome', { userId: add.userId, transitionId });
    }
    for (const x of used) if (x.kind === 'remove' && this.#members.has(x.userId)) this.#members.get(x.userId)!.e2eeReady = false;
    if (transitionId === 0) this.#execute(0, 1, recipients);
    else this.#transition.start(transitionId, 1, recipients);
    // Pending members the commit left out (they raced the first commit) are proposed again.
    for (const u of this.#pendingWithKeyPackage()) {
      const m = this.#members.get(u)!;
      this.#sendProposals(this.#committers(), [await this.#propose('add', u, () => this.#sender.proposeAdd(this.groupId, this.#tree.epoch, m.keyPackage!))]);
    }
  }

  /** Executes a transition: op 22 to everyone still connected (not for id 0, which clients execute at once). */
  #execute(id: number, version: 0 | 1, ready: string[]): void {
    if (id !== 0) for (const m of this.#members.values()) if (m.p.maxDaveVersion >= 1) m.p.sendJson(DaveOp.ExecuteTransition, { transition_id: id });
    for (const u of ready) {
      const m = this.#members.get(u);
      if (!m) continue;
      m.e2eeReady = version === 1 && this.#tree.leafOf(u) !== null;
      m.readySinceMs = Date.now();
    }
    this.#event('execute', { transitionId: id, epoch: this.epoch });
  }

  async #invalid(userId: string, transitionId: number): Promise<void> {
    this.#event('invalid-commit-welcome', { userId, transitionId });
    const m = this.#members.get(userId);
    if (!m) return;
    m.e2eeReady = false;
    const leaf = this.#tree.leafOf(userId);
    if (leaf === null || this.#proposals.removing(userId)) return;
    if (this.#tree.members().length <= 2) return this.#soleMemberReset(this.#tree.members().filter((u) => u !== userId), [userId]);
    const remove = await this.#propose('remove', userId, () => this.#sender.proposeRemove(this.groupId, this.#tree.epoch, leaf));
    this.#sendProposals(this.#committers(), [remove]);
  }

  async #leave(userId: string, m: Member): Promise<void> {
    // Replaced by a new connection of the same user: its key package will remove the old leaf.
    if (this.#members.get(userId) !== m) return;
    this.#members.delete(userId);
    this.#transition.ready(userId);
    const add = this.#proposals.find('add', userId);
    if (add) this.#revoke(add, userId);
    if (this.protocolVersion === 0 && this.#opts.daveProtocolVersion === 1 && [...this.#members.values()].every((x) => x.p.maxDaveVersion >= 1)) {
      return this.#upgrade();
    }
    const leaf = this.#tree.leafOf(userId);
    if (leaf === null) return;
    const remaining = this.#tree.members().filter((u) => u !== userId && this.#members.has(u));
    if (remaining.length <= 1) return this.#soleMemberReset(remaining, []);
    const remove = await this.#propose('remove', userId, () => this.#sender.proposeRemove(this.groupId, this.#tree.epoch, leaf));
    this.#sendProposals(this.#committers(), [remove]);
  }

  /** protocol.md "Sole member reset": op 24 epoch 1 then op 21 transition 0; the group starts over. */
  #soleMemberReset(remaining: string[], alsoPending: string[]): void {
    this.#recreate(remaining, alsoPending, true);
    this.#event('sole-member-reset', { epoch: 0 });
  }

  /**
   * Fault: the voice server throws the group away and starts a new one (as after a voice server
   * restart): a new external sender, op 24 epoch 1 and op 25 to every member, who re-key.
   */
  restartGroup(sender: DaveExternalSender): void {
    this.#enqueue(() => {
      if (this.protocolVersion === 0) return Promise.resolve();
      this.#sender = sender;
      this.#transition.close();
      this.#recreate([...this.#members.keys()], [], false);
      return Promise.resolve(this.#event('group-restart', { epoch: 0 }));
    });
  }

  /** A new unestablished group: op 24 epoch 1 (+ op 21 transition 0 for a sole member) and op 25 to `to`. */
  #recreate(to: string[], alsoPending: string[], transitionZero: boolean): void {
    this.#tree.reset();
    this.#proposals.clear();
    for (const m of this.#members.values()) m.e2eeReady = false;
    for (const u of [...to, ...alsoPending]) this.#members.get(u)!.keyPackage = null;
    for (const u of to) {
      const p = this.#members.get(u)!.p;
      p.sendJson(DaveOp.PrepareEpoch, { protocol_version: 1, epoch: 1 });
      if (transitionZero) p.sendJson(DaveOp.PrepareTransition, { protocol_version: 1, transition_id: 0 });
      p.sendBinary(DaveOp.ExternalSender, this.#sender.packageBytes());
    }
  }

  /** A member without DAVE joined: everyone moves to transport-only encryption (op 21 v0, op 23, op 22). */
  #downgrade(userId: string): Promise<void> {
    this.protocolVersion = 0;
    this.#tree.reset();
    this.#proposals.clear();
    const id = this.#nextTransitionId++;
    const dave = [...this.#members.values()].filter((m) => m.p.userId !== userId && m.p.maxDaveVersion >= 1);
    for (const m of dave) m.p.sendJson(DaveOp.PrepareTransition, { protocol_version: 0, transition_id: id });
    this.#transition.start(id, 0, dave.map((m) => m.p.userId));
    return Promise.resolve(this.#event('downgrade', { userId, transitionId: id }));
  }

  /** The last member without DAVE left: a new group is created (op 24 epoch 1; members send key packages). */
  #upgrade(): void {
    this.protocolVersion = 1;
    this.#recreate([...this.#members.keys()], [], false);
    this.#event('upgrade');
  }
}
