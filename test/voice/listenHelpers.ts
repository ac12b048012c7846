import type { CapturedAnswer } from '../../src/interview/InterviewIO.ts';
import type { AnswerListener } from '../../src/voice/AnswerListener.ts';
import type { OpusPacket } from '../../src/voice/ReceiveDecoder.ts';
import type { ManualClock } from '../harness/speech/ManualClock.ts';

/** Pushes packets at their arrival times on the manual clock. */
export async function feed(listener: AnswerListener, clock: ManualClock, packets: OpusPacket[]): Promise<void> {
  for (const p of packets) {
    await clock.advanceTo(p.receivedAtMs);
    listener.push(p);
  }
}

/** Advances the clock in `stepMs` steps until the result settles (or `limitMs` passed). */
export async function runUntilEnded(listener: AnswerListener, clock: ManualClock, limitMs = 400_000, stepMs = 100): Promise<CapturedAnswer> {
  let settled = false;
  const result = listener.result.finally(() => {
    settled = true;
  });
  const stopAt = clock.now() + limitMs;
  while (!settled && clock.now() < stopAt) {
    await clock.advanceBy(stepMs);
    // Let real-timer STT fakes and child processes finish when the timeline is already over.
    await new Promise((r) => setTimeout(r, settled ? 0 : 1));
  }
  if (!settled) throw new Error(`answer did not end within ${limitMs} ms of clock time`);
  return result;
}
