/**
 * Why an unencrypted (non-protocol) frame in a DAVE call is expected, so heard as audio:
 * - `transport-only`: the call runs protocol version 0;
 * - `passthrough`: davey's decryptor for that user allows it (the library's upgrade and
 *   downgrade windows, protocol.md "Passthrough Mode");
 * - `no-group`: the bot is in no established group (joining, or the group is being created or
 *   re-created after op 24 epoch 1): nobody's media can be end-to-end encrypted to it yet;
 * - `not-in-group`: the sender is not in the bot's MLS group (not yet welcomed): its client has
 *   no key to encrypt with, so it sends plaintext (as @discordjs/voice and davey do);
 * - `transition`: a transition is prepared or committed and not executed yet, or was executed
 *   less than the grace ago — senders switch at slightly different moments (Pycord PR #3202
 *   sees about 5 % of frames unencrypted around transitions).
 */
export type PlaintextReason = 'transport-only' | 'passthrough' | 'no-group' | 'not-in-group' | 'transition';

/** What the policy reads of the bot's DAVE session for one frame. */
export interface DaveReceiveState {
  protocolVersion: number;
  /** The bot is in an established group (davey `ready`). */
  ready: boolean;
  canPassthrough(userId: string): boolean;
  /** The users of the bot's MLS group (its authenticated roster). */
  groupUserIds(): string[];
  /** Transitions prepared or committed but not executed. */
  pendingTransitions: number;
}

export interface DavePlaintextPolicyOptions {
  /** How long after a transition executed unencrypted frames are still expected (default 2 000 ms). */
  transitionGraceMs?: number;
  /**
   * How long a pending transition keeps the window open (default 10 000 ms): the voice gateway
   * executes one within about a second, so one older than this is stale — @discordjs/voice keeps
   * pending transitions the server abandoned — and must not let plaintext in for good.
   */
  pendingLimitMs?: number;
  /** Monotonic clock in ms. */
  nowMs: () => number;
}

/** Default grace: protocol.md puts the transition window at "roughly two seconds" (gateway timeout plus latency). */
const DEFAULT_TRANSITION_GRACE_MS = 2_000;
/** protocol.md keeps previous keys "for a period of up to ten seconds" during transitions. */
const DEFAULT_PENDING_LIMIT_MS = 10_000;

/**
 * Decides whether an unencrypted frame is expected (see {@link PlaintextReason}) or must be
 * dropped: a user who is in the bot's MLS group must encrypt outside a transition window, so
 * plaintext claiming to come from them then is forged or broken — accepting it would let whoever
 * sits on the transport (the SFU, an attacker) inject audio into an end-to-end encrypted call.
 * The membership comes from MLS (authenticated), not from the voice server.
 */
export class DavePlaintextPolicy {
  readonly #graceMs: number;
  readonly #pendingLimitMs: number;
  readonly #nowMs: () => number;
  #lastTransitionAtMs = Number.NEGATIVE_INFINITY;
  /** Since when the session has had pending transitions without one executing (null: none pending). */
  #pendingSinceMs: number | null = null;

  constructor(opts: DavePlaintextPolicyOptions) {
    this.#graceMs = opts.transitionGraceMs ?? DEFAULT_TRANSITION_GRACE_MS;
    this.#pendingLimitMs = opts.pendingLimitMs ?? DEFAULT_PENDING_LIMIT_MS;
    this.#nowMs = opts.nowMs;
  }

  /** A transition was executed (op 22, or transition 0 on receipt). */
  transitioned(): void {
    this.#lastTransitionAtMs = this.#nowMs();
    this.#pendingSinceMs = null;
  }

  /** Why the unencrypted frame from `userId` is expected, or null when it must be dropped. */
  reasonFor(state: DaveReceiveState, userId: string): PlaintextReason | null {
    if (state.protocolVersion === 0) return 'transport-only';
    if (state.canPassthrough(userId)) return 'passthrough';
    if (!state.ready) return 'no-group';
    const nowMs = this.#nowMs();
    if (state.pendingTransitions === 0) this.#pendingSinceMs = null;
    else this.#pendingSinceMs ??= nowMs;
    const pending = this.#pendingSinceMs !== null && nowMs - this.#pendingSinceMs <= this.#pendingLimitMs;
    if (pending || nowMs - this.#lastTransitionAtMs <= this.#graceMs) return 'transition';
    if (!state.groupUserIds().includes(userId)) return 'not-in-group';
    return null;
  }
}
