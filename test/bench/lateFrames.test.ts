import { describe, expect, it } from 'vitest';
import { addLateFrames, countLateFrames, type TimedPacket } from '../../bench/scale/lateFrames.ts';

/** Packets at the given arrival times with consecutive sequence numbers from `seq`; 's' marks a silence frame. */
function packets(times: Array<number | 's'>, seq = 100): TimedPacket[] {
  let t = 0;
  return times.map((x, i) => {
    if (x !== 's') t = x;
    return { sequence: (seq + i) % 65_536, receivedAtMs: t, silence: x === 's' };
  });
}

describe('countLateFrames', () => {
  it('finds no late frame on a steady 20 ms cadence, whatever the offset', () => {
    expect(countLateFrames(packets([1000, 1020, 1040, 1060, 1080]))).toEqual({ frames: 5, late: 0, worstMs: 0 });
  });

  it('counts every frame a stall delays by more than 40 ms, including those of the catch-up burst', () => {
    // Frames 0-2 on time; a 100 ms stall; frames 3-7 leave at once, then the cadence resumes.
    const r = countLateFrames(packets([0, 20, 40, 160, 160, 160, 160, 160, 180, 200]));
    // Due: 60, 80, 100, 120, 140 → 100, 80, 60, 40, 20 ms late; 180 and 200 are on time.
    expect(r).toEqual({ frames: 10, late: 3, worstMs: 100 });
  });

  it('anchors on the best-fitting frame, so a late first frame does not hide the others', () => {
    // The first frame arrives 60 ms late, the rest on time.
    expect(countLateFrames(packets([60, 20, 40, 60, 80]))).toEqual({ frames: 5, late: 1, worstMs: 60 });
  });

  it('starts a new cadence after silence frames (a new utterance) and skips the silence frames', () => {
    const r = countLateFrames(packets([0, 20, 40, 's', 's', 5000, 5020]));
    expect(r).toEqual({ frames: 5, late: 0, worstMs: 0 });
  });

  it('keeps the cadence across a lost packet and a sequence wrap', () => {
    const list = packets([0, 20, 40, 60], 65_534);
    list.splice(2, 1); // lost: 65_536 % 65_536 = 0
    expect(countLateFrames(list)).toEqual({ frames: 3, late: 0, worstMs: 0 });
    // Without the sequence number the gap would look like lateness: it does not.
    expect(countLateFrames([{ sequence: 1, receivedAtMs: 0, silence: false }, { sequence: 5, receivedAtMs: 80, silence: false }]).late).toBe(0);
  });

  it('adds counts across guilds', () => {
    expect(addLateFrames({ frames: 10, late: 1, worstMs: 50 }, { frames: 5, late: 2, worstMs: 90 })).toEqual({ frames: 15, late: 3, worstMs: 90 });
  });
});
