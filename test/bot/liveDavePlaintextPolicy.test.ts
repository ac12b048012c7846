import { describe, expect, it } from 'vitest';
import { DavePlaintextPolicy, type DaveReceiveState } from '../../src/bot/live/DavePlaintextPolicy.ts';

const ALICE = '111';
const MALLORY = '222';

/** The bot in an established group with alice, no transition pending, no passthrough. */
function state(over: Partial<DaveReceiveState> = {}): DaveReceiveState {
  return { protocolVersion: 1, ready: true, canPassthrough: () => false, groupUserIds: () => ['999', ALICE], pendingTransitions: 0, ...over };
}

describe('DavePlaintextPolicy: which unencrypted frames a DAVE call expects', () => {
  let nowMs = 100_000;
  const policy = (): DavePlaintextPolicy => new DavePlaintextPolicy({ nowMs: () => nowMs });

  it('drops plaintext from a group member outside a transition window (injection), hears it from a sender not in the group', () => {
    const p = policy();
    expect(p.reasonFor(state(), ALICE)).toBeNull();
    expect(p.reasonFor(state(), MALLORY)).toBe('not-in-group');
  });

  it('hears plaintext in a transport-only call, in davey passthrough, and while the bot has no group', () => {
    const p = policy();
    expect(p.reasonFor(state({ protocolVersion: 0 }), ALICE)).toBe('transport-only');
    expect(p.reasonFor(state({ canPassthrough: (u) => u === ALICE }), ALICE)).toBe('passthrough');
    expect(p.reasonFor(state({ ready: false }), ALICE)).toBe('no-group');
  });

  it('a transition window: while one is pending and for 2 s after it executed, then closed again', () => {
    const p = policy();
    expect(p.reasonFor(state({ pendingTransitions: 1 }), ALICE)).toBe('transition');
    nowMs += 300;
    p.transitioned();
    nowMs += 2_000;
    expect(p.reasonFor(state(), ALICE)).toBe('transition');
    nowMs += 1;
    expect(p.reasonFor(state(), ALICE)).toBeNull();
  });

  it('a pending transition that never executes (abandoned by the server) stops opening the window after 10 s', () => {
    const p = policy();
    expect(p.reasonFor(state({ pendingTransitions: 1 }), ALICE)).toBe('transition');
    nowMs += 10_000;
    expect(p.reasonFor(state({ pendingTransitions: 1 }), ALICE)).toBe('transition');
    nowMs += 1;
    expect(p.reasonFor(state({ pendingTransitions: 1 }), ALICE)).toBeNull();
  });
});
