/** The parts of a captured bot packet the late-frame count needs (see CapturedPacket in the local Discord). */
export interface TimedPacket {
  sequence: number;
  receivedAtMs: number;
  silence: boolean;
}

/** Late frames of one guild's (or many guilds') outgoing speech. */
export interface LateFrames {
  /** Voice frames (not silence) counted. */
  frames: number;
  /** Frames that arrived more than `lateMs` after their ideal time. */
  late: number;
  /** The largest lateness seen (ms). */
  worstMs: number;
}

/** Frames are 20 ms apart within an utterance. */
const FRAME_MS = 20;

/**
 * Counts frames of the bot's speech that arrived more than `lateMs` late relative to an ideal
 * 20 ms cadence. Packets (in arrival order, one sender) are cut into utterances at silence
 * frames (the player sends five when it stops). Within an utterance frame k (by RTP sequence,
 * so a lost packet keeps the cadence) is due at t0 + 20·k, where t0 is the earliest that
 * fits the whole utterance (min over k of arrival − 20·k): a late first frame does not excuse
 * the rest, and a stall followed by a catch-up burst counts every frame it delayed.
 */
export function countLateFrames(packets: readonly TimedPacket[], lateMs = 40): LateFrames {
  const out: LateFrames = { frames: 0, late: 0, worstMs: 0 };
  let start = 0;
  for (let i = 0; i <= packets.length; i++) {
    const p = packets[i];
    if (p && !p.silence) continue;
    if (i > start) addUtterance(packets, start, i, lateMs, out);
    start = i + 1;
  }
  return out;
}

function addUtterance(packets: readonly TimedPacket[], from: number, to: number, lateMs: number, out: LateFrames): void {
  const first = packets[from]!.sequence;
  const index = (p: TimedPacket): number => (p.sequence - first + 65_536) % 65_536;
  let t0 = Infinity;
  for (let i = from; i < to; i++) t0 = Math.min(t0, packets[i]!.receivedAtMs - FRAME_MS * index(packets[i]!));
  for (let i = from; i < to; i++) {
    const lateness = packets[i]!.receivedAtMs - FRAME_MS * index(packets[i]!) - t0;
    out.frames++;
    if (lateness > lateMs) out.late++;
    if (lateness > out.worstMs) out.worstMs = lateness;
  }
}

/** Sums per-guild counts. */
export function addLateFrames(a: LateFrames, b: LateFrames): LateFrames {
  return { frames: a.frames + b.frames, late: a.late + b.late, worstMs: Math.max(a.worstMs, b.worstMs) };
}
