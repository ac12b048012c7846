import type { CapturedPacket } from './VoiceHub.ts';

/**
 * Utterances: runs of the bot's packets separated by silence frames or by more than `gapMs`
 * without packets. The last one counts only once it ended (silence frames or the gap elapsed).
 */
export function botUtterances(packets: CapturedPacket[], gapMs: number, nowMs = Date.now()): CapturedPacket[][] {
  const out: CapturedPacket[][] = [];
  let current: CapturedPacket[] = [];
  let last: CapturedPacket | null = null;
  for (const p of packets) {
    if (current.length > 0 && (p.silence || (last && p.receivedAtMs - last.receivedAtMs > gapMs))) {
      out.push(current);
      current = [];
    }
    if (!p.silence) current.push(p);
    last = p;
  }
  if (current.length > 0 && last && nowMs - last.receivedAtMs > gapMs) out.push(current);
  return out;
}
