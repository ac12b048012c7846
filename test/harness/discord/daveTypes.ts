import type { KeyPackage } from 'ts-mls';
import type { Json } from './payloads.ts';

/** One connection to the call as the voice server sees it: the bot's voice websocket or a fake member. */
export interface DaveParticipant {
  userId: string;
  /** Highest DAVE protocol version it announced in Identify (0 = no DAVE). */
  maxDaveVersion: number;
  sendJson(op: number, d: Json): void;
  sendBinary(op: number, payload: Buffer): void;
}

export interface DaveCallOptions {
  /** Transition id of a newly created group's commit/welcome (real Discord: 0, executed at once). */
  initialTransitionId: number;
  /** How long the server waits for op 23 from everyone before it executes a transition anyway. */
  transitionTimeoutMs: number;
  /** Protocol version when every participant supports DAVE (0 = always transport-only). */
  daveProtocolVersion: 0 | 1;
  log: (event: DaveEvent) => void;
  error: (message: string) => void;
}

/** What happened in a call, for tests to look at (counts and ids only). */
export interface DaveEvent {
  kind: 'proposals' | 'commit' | 'commit-rejected' | 'welcome' | 'execute' | 'invalid-commit-welcome' | 'key-package' | 'sole-member-reset' | 'group-restart' | 'downgrade' | 'upgrade';
  userId?: string;
  transitionId?: number;
  epoch?: number;
  atMs: number;
}

/** A participant as the voice server's call tracks it. */
export interface DaveCallMember {
  p: DaveParticipant;
  keyPackage: KeyPackage | null;
  /** Set once the transition that welcomed it was executed. */
  e2eeReady: boolean;
  /** When it became e2eeReady (epoch ms). */
  readySinceMs: number;
}
