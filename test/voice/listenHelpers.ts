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

/**
 * Advances the clock in `stepMs` steps until the answer ends (or `limitMs` of clock time
 * passed), then waits in real time (up to `realLimitMs`) for the transcription to finish.
 */
export async function runUntilEnded(listener: AnswerListener, clock: ManualClock, limitMs = 400_000, stepMs = 100, realLimitMs = 60_000): Promise<CapturedAnswer> {
  let settled = false;
  const result = listener.result.finally(() => {
    settled = true;
  });
  const stopAt = clock.now() + limitMs;
  while (!listener.ended && clock.now() < stopAt) {
    await clock.advanceBy(stepMs);
    // Give real-timer STT fakes a moment, as real time would.
    await new Promise((r) => setTimeout(r, 1));
  }
  if (!listener.ended) throw new Error(`answer did not end within ${limitMs} ms of clock time`);
  const realStop = Date.now() + realLimitMs;
  while (!settled && Date.now() < realStop) {
    await clock.advanceBy(stepMs); // STT retry delays sleep on the clock
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!settled) throw new Error('answer ended but its transcription did not finish');
  return result;
}
