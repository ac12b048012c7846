import { DaveCall, type DaveEvent, type DaveParticipant } from './DaveCall.ts';
import { DaveExternalSender } from './DaveExternalSender.ts';
import { DaveMember } from './DaveMember.ts';
import { isDaveFrame, isSilenceFrame } from './daveWire.ts';
import type { VoiceGateway, VoiceGatewayOptions } from './VoiceGateway.ts';

export interface DaveOptions {
  /** Protocol version the voice server runs calls at when every member supports it: 1 (default, as Discord) or 0 (transport-only). */
  protocolVersion?: 0 | 1;
  /** Transition id of a newly created group (Discord: 0, which clients execute at once). */
  initialTransitionId?: number;
  /** How long the server waits for every op 23 before executing a transition (default 1000 ms). */
  transitionTimeoutMs?: number;
}

/** How long after the server put the bot in the group its frames may still be unencrypted. */
const PLAINTEXT_GRACE_MS = 250;

/** A fault on the way to the bot: swallow or corrupt its next binary DAVE messages. */
interface BotFault {
  drop: number;
  corrupt: number;
  /** Execute transitions (op 22) still to swallow. */
  dropExecute?: number;
}

/** How the bot's frame looked to the group: decrypted by a member, or why not. */
export interface BotFrame {
  opus: Buffer;
  /** The frame was DAVE-encrypted and a member decrypted it. */
  e2ee: boolean;
}

/**
 * DAVE for the whole local Discord: one external sender, one {@link DaveCall} per voice channel,
 * one {@link DaveMember} per fake user in voice, and the bot's voice sessions as participants.
 */
export class DaveHub {
  readonly options: Required<DaveOptions>;
  /** Everything calls did, in order (counts and ids only). */
  readonly events: (DaveEvent & { channelId: string })[] = [];
  /** Bot frames that should have been DAVE-encrypted but were not, or that no member could decrypt. */
  readonly botFrameProblems = { plaintext: 0, undecryptable: 0 };
  readonly #calls = new Map<string, DaveCall>();
  readonly #members = new Map<string, DaveMember>();
  readonly #withoutDave = new Set<string>();
  readonly #plaintextAround = new Map<string, number>();
  readonly #heldKeyPackages = new Set<string>();
  readonly #botFaults = new Map<string, BotFault>();
  readonly #error: (e: string) => void;
  readonly #usersIn: (guildId: string, channelId: string) => string[];
  readonly #notify: () => void;
  #sender: DaveExternalSender | null = null;

  constructor(options: DaveOptions, usersIn: (guildId: string, channelId: string) => string[], notify: () => void, error: (e: string) => void) {
    this.#notify = notify;
    this.options = { protocolVersion: options.protocolVersion ?? 1, initialTransitionId: options.initialTransitionId ?? 0, transitionTimeoutMs: options.transitionTimeoutMs ?? 1000 };
    this.#usersIn = usersIn;
    this.#error = error;
  }

  async start(): Promise<void> {
    this.#sender = await DaveExternalSender.create();
  }

  /** The call of a voice channel (created on first use). */
  call(guildId: string, channelId: string): DaveCall {
    const key = `${guildId}:${channelId}`;
    let call = this.#calls.get(key);
    if (!call) {
      if (!this.#sender) throw new Error('local Discord: DAVE not started');
      call = new DaveCall(channelId, this.#sender, {
        initialTransitionId: this.options.initialTransitionId, transitionTimeoutMs: this.options.transitionTimeoutMs,
        daveProtocolVersion: this.options.protocolVersion, error: this.#error,
        log: (e) => {
          this.events.push({ ...e, channelId });
          this.#notify();
        },
      });
      this.#calls.set(key, call);
    }
    return call;
  }

  /** The fake user's DAVE client while it is in voice. */
  member(userId: string): DaveMember | undefined {
    return this.#members.get(userId);
  }

  /** The user's client does not speak DAVE (its joins downgrade the call). Call before it joins voice. */
  setWithoutDave(userId: string, without = true): void {
    if (without) this.#withoutDave.add(userId);
    else this.#withoutDave.delete(userId);
  }

  /** Fault: the user's client sends unencrypted frames around every transition, until `afterFrames` frames after it executed (0 = off). */
  plaintextAroundTransitions(userId: string, afterFrames: number): void {
    this.#plaintextAround.set(userId, afterFrames);
  }

  /** Fault: a slow client — the user's key packages are held back (it stays out of the group, sending plaintext) until `hold` is false. */
  holdKeyPackage(userId: string, hold = true): void {
    if (hold) this.#heldKeyPackages.add(userId);
    else {
      this.#heldKeyPackages.delete(userId);
      this.#members.get(userId)?.releaseKeyPackage();
    }
  }

  /** Fault: the voice server throws the channel's group away and starts a new one with a new external sender (op 24 epoch 1, op 25). */
  async restartGroup(guildId: string, channelId: string): Promise<void> {
    this.call(guildId, channelId).restartGroup(await DaveExternalSender.create());
  }

  /** A fake user connected to / disconnected from a channel's voice gateway. */
  userMoved(guildId: string, userId: string, from: string | null, to: string | null): void {
    if (from) {
      this.#members.get(userId)?.close();
      this.#members.delete(userId);
      this.call(guildId, from).leave(userId);
    }
    if (!to) return;
    const call = this.call(guildId, to);
    const member = new DaveMember({
      userId, channelId: to, dave: !this.#withoutDave.has(userId), error: this.#error,
      recognizedUserIds: () => this.#usersIn(guildId, to).filter((u) => u !== userId),
      plaintextAroundTransitions: () => this.#plaintextAround.get(userId) ?? 0, holdKeyPackage: () => this.#heldKeyPackages.has(userId),
      toServer: { json: (op, d) => call.onJson(userId, op, d), binary: (op, payload) => call.onBinary(userId, op, payload) },
    });
    this.#members.set(userId, member);
    member.start(call.join(member));
  }

  /** The bot's voice session selected its protocol: it joins the call; returns dave_protocol_version for op 4. */
  botJoined(guildId: string, channelId: string, bot: DaveParticipant): 0 | 1 {
    const call = this.call(guildId, channelId);
    const fault = (): BotFault => this.#botFaults.get(guildId) ?? { drop: 0, corrupt: 0 };
    return call.join({
      ...bot,
      sendJson: (op, d) => {
        const f = fault();
        if (op === 22 && (f.dropExecute ?? 0) > 0) f.dropExecute!--;
        else bot.sendJson(op, d);
      },
      sendBinary: (op, payload) => {
        const f = fault();
        if (f.drop > 0) {
          f.drop--;
          return;
        }
        if (f.corrupt > 0 && (op === 29 || op === 30)) {
          f.corrupt--;
          const bad = Buffer.from(payload);
          bad[bad.length - 1]! ^= 0xff;
          bot.sendBinary(op, bad);
          return;
        }
        bot.sendBinary(op, payload);
      },
    });
  }

  /** The DAVE part of a voice gateway's options: 4017 without DAVE, op 4's version, the bot's DAVE ops. */
  gatewayHooks(gateway: () => VoiceGateway | undefined): Pick<VoiceGatewayOptions, 'daveRequired' | 'onSessionDescription' | 'onDave'> {
    return {
      daveRequired: () => this.options.protocolVersion === 1,
      onSessionDescription: (session) => this.botJoined(session.guildId, session.channelId, {
        userId: session.userId, maxDaveVersion: session.maxDaveVersion,
        sendJson: (op, d) => gateway()?.send(session, op, d), sendBinary: (op, payload) => gateway()?.sendBinary(session, op, payload),
      }),
      onDave: (session, op, d, payload) => {
        const call = this.call(session.guildId, session.channelId);
        if (payload) call.onBinary(session.userId, op, payload);
        else if (d) call.onJson(session.userId, op, d);
      },
    };
  }

  botLeft(guildId: string, channelId: string, botUserId: string): void {
    this.call(guildId, channelId).leave(botUserId);
  }

  /** Fault: the bot never receives its next `count` binary DAVE messages (as when they arrive while it resumes). */
  dropBinaryToBot(guildId: string, count: number): void {
    this.#botFaults.set(guildId, { ...(this.#botFaults.get(guildId) ?? { drop: 0, corrupt: 0 }), drop: count });
  }

  /** Fault: the bot never receives its next `count` execute transitions (op 22): the transition stays pending in its session. */
  dropExecuteToBot(guildId: string, count: number): void {
    this.#botFaults.set(guildId, { ...(this.#botFaults.get(guildId) ?? { drop: 0, corrupt: 0 }), dropExecute: count });
  }

  /** Fault: the bot's next commit or welcome (op 29/30) arrives corrupted, so it must report op 31. */
  corruptNextCommitToBot(guildId: string): void {
    this.#botFaults.set(guildId, { ...(this.#botFaults.get(guildId) ?? { drop: 0, corrupt: 0 }), corrupt: 1 });
  }

  /** A fake user's Opus frame as its client sends it: DAVE-encrypted once its group is ready, unless `plaintext`. */
  outgoing(userId: string, opus: Buffer, plaintext = false): Buffer {
    const m = this.#members.get(userId);
    return !m || plaintext ? opus : m.encrypt(opus);
  }

  /**
   * Checks and opens a frame the bot sent: once the bot is in a DAVE group it must be
   * DAVE-encrypted, and a member of the group decrypts it. Problems are counted and reported.
   */
  fromBot(guildId: string, channelId: string, botUserId: string, opus: Buffer): BotFrame {
    const call = this.#calls.get(`${guildId}:${channelId}`);
    if (!call || call.protocolVersion === 0 || isSilenceFrame(opus)) return { opus, e2ee: false };
    // A welcome with transition 0 is executed on receipt, unacknowledged: the bot may still send a
    // few plaintext frames while it is in flight. Past that grace every frame must be encrypted.
    const expectE2ee = call.inGroupForMs(botUserId) > PLAINTEXT_GRACE_MS;
    if (!isDaveFrame(opus)) {
      if (expectE2ee) {
        this.botFrameProblems.plaintext++;
        this.#error(`the bot sent an unencrypted frame in a DAVE call (at ${Date.now()}, ${call.inGroupForMs(botUserId)} ms after the server put it in the group)`);
      }
      return { opus, e2ee: false };
    }
    const listener = call.groupMembers().map((u) => this.#members.get(u)).find((m) => m?.ready && call.inGroup(m.userId));
    const opened = listener?.decrypt(botUserId, opus) ?? null;
    if (!opened) {
      this.botFrameProblems.undecryptable++;
      if (expectE2ee) this.#error('no DAVE member could decrypt the bot\'s frame');
      return { opus, e2ee: false };
    }
    return { opus: opened, e2ee: true };
  }

  /** Waits until every call handled what it was sent. */
  async settled(): Promise<void> {
    await Promise.all([...this.#calls.values()].map((c) => c.settled()));
  }

  async close(): Promise<void> {
    for (const m of this.#members.values()) m.close();
    this.#members.clear();
    await Promise.all([...this.#calls.values()].map((c) => c.close()));
  }
}
