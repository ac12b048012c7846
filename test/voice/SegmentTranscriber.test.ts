import { describe, expect, it } from 'vitest';
import { FakeSpeechToText } from '../../src/ai/testing/FakeSpeechToText.ts';
import { systemClock } from '../../src/interview/InterviewIO.ts';
import { SegmentTranscriber } from '../../src/voice/SegmentTranscriber.ts';
import type { SpeechSegment } from '../../src/voice/SpeechSegmenter.ts';

/** A 200 ms segment of (silent) 16 kHz PCM; the fake STT does not listen. */
function segment(index: number): SpeechSegment {
  const startMs = index * 1_000;
  return { index, pcm: Buffer.alloc(6_400), startMs, endMs: startMs + 200, speechStartMs: startMs, speechEndMs: startMs + 200, voicedMs: 200, cutBy: 'pause' };
}

describe('SegmentTranscriber', () => {
  it('keeps transcribing, and idle() still resolves, when the onText callback throws', async () => {
    const texts = ['first part', 'second part'];
    const stt = new FakeSpeechToText({ handler: () => texts.shift() ?? '' });
    const seen: string[] = [];
    const transcriber = new SegmentTranscriber({
      stt,
      clock: systemClock,
      signal: new AbortController().signal,
      onText: (text) => {
        seen.push(text);
        throw new Error('a listener bug');
      },
    });
    transcriber.add(segment(0));
    transcriber.add(segment(1));
    await expect(transcriber.idle()).resolves.toBeUndefined();
    expect(transcriber.text).toBe('first part second part');
    expect(seen).toEqual(['first part', 'first part second part']);
    expect(transcriber.pending).toBe(0);
  });
});
