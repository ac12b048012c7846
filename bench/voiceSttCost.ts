import type { SpeechToText } from '../src/ai/SpeechToText.ts';
import { AnswerListener } from '../src/voice/AnswerListener.ts';
import { ManualClock } from '../test/harness/speech/ManualClock.ts';
import { naturalAnswer } from './voiceCorpus.ts';

const ANSWER_MS = 300_000;
/** The predecessor re-transcribed the whole answer so far at this interval. */
const NAIVE_INTERVAL_MS = 5_000;

/**
 * stt_audio_ratio: seconds of audio sent to the STT / seconds of answer, for a 5-minute answer
 * with natural pauses going through the real pipeline (each segment once, with preroll and
 * tail). naive_stt_audio_ratio: the same answer re-transcribed from the start every 5 s.
 */
export default async function voiceSttCost(): Promise<Record<string, unknown>> {
  const clock = new ManualClock(1_000_000);
  const { packets, endMs } = await naturalAnswer(ANSWER_MS, clock.now());
  let sentMs = 0;
  let calls = 0;
  const stt: SpeechToText = {
    transcribe: (wav) => {
      calls++;
      sentMs += ((wav.length - 44) / 32_000) * 1000;
      return Promise.resolve('words');
    },
  };
  const listener = new AnswerListener({ stt, clock, startedAtMs: clock.now(), maxAnswerMs: ANSWER_MS });
  for (const p of packets) {
    await clock.advanceTo(p.receivedAtMs);
    listener.push(p);
  }
  await clock.advanceTo(endMs);
  listener.finish();
  const answer = await listener.result;
  await listener.close();

  let naiveMs = 0;
  for (let t = NAIVE_INTERVAL_MS; t < answer.durationMs + NAIVE_INTERVAL_MS; t += NAIVE_INTERVAL_MS) naiveMs += Math.min(t, answer.durationMs);
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    stt_audio_ratio: r(sentMs / answer.durationMs),
    naive_stt_audio_ratio: r(naiveMs / answer.durationMs),
    stt_calls: calls,
    naive_stt_calls: Math.ceil(answer.durationMs / NAIVE_INTERVAL_MS),
    stt_answer_s: Math.round(answer.durationMs / 1000),
    stt_speaking_s: Math.round(answer.analytics.speakingMs / 1000),
  };
}
