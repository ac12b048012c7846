import type { DaveStats } from './DaveGuard.ts';

/** One running interview's voice encryption state in /health (counts only). */
export interface InterviewVoiceHealth {
  interviewId: string;
  /** DAVE protocol version of the voice session (0 = transport-only), null before one. */
  daveProtocolVersion: number | null;
  daveEpoch: number | null;
  daveTransitions: number;
  /** Frames from anyone in the channel that did not decrypt. */
  decryptFailures: number;
  plaintextDropped: number;
  /** Unencrypted frames heard because the protocol expected them (not yet in the group, transition window). */
  plaintextAccepted: number;
  /** Times the voice server re-created the group. */
  groupResets: number;
  keyPackageResends: number;
  rejoins: number;
}

/** The /health view of a VoiceLink's DAVE counters. */
export function daveHealth(interviewId: string, stats: DaveStats): InterviewVoiceHealth {
  return {
    interviewId, daveProtocolVersion: stats.protocolVersion, daveEpoch: stats.epoch, daveTransitions: stats.transitions,
    decryptFailures: Object.values(stats.decryptFailures).reduce((a, b) => a + b, 0) + stats.notReadyDropped,
    plaintextDropped: stats.plaintextDropped, plaintextAccepted: stats.plaintextAccepted, groupResets: stats.groupResets, keyPackageResends: stats.keyPackageResends, rejoins: stats.rejoins,
  };
}
