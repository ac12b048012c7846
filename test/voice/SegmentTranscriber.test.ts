import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiSpeechToText } from '../../src/ai/OpenAiSpeechToText.ts';
import { FakeSpeechToText } from '../../src/ai/testing/FakeSpeechToText.ts';
import { INAUDIBLE, SegmentTranscriber } from '../../src/voice/SegmentTranscriber.ts';
import type { SpeechSegment } from '../../src/voice/SpeechSegmenter.ts';
import { FAST_RETRY, testLogger } from '../ai/testLogger.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';

/** A 200 ms segment of (silent) 16 kHz PCM; the fake STT does not listen. */
function segment(index: number): SpeechSegment {
  const startMs = index * 1_000;
  return { index, pcm: Buffer.alloc(6_400), startMs, endMs: startMs + 200, speechStartMs: startMs, speechEndMs: startMs + 200, voicedMs: 200, cutBy: 'pause', continuesPrevious: false };
}

const TRANSCRIPTIONS = '/v1/audio/transcriptions';

describe('SegmentTranscriber', () => {
  it('keeps transcribing, and idle() still resolves, when the onText callback throws', async () => {
    const texts = ['first part', 'second part'];
    const stt = new FakeSpeechToText({ handler: () => texts.shift() ?? '' });
    const seen: string[] = [];
    const transcriber = new SegmentTranscriber({
      stt,
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

  it('calls the STT once per segment and does not retry on top of it: a failure becomes [inaudible]', async () => {
    const stt = new FakeSpeechToText().script(FakeSpeechToText.failure(true), 'after the failure');
    const transcriber = new SegmentTranscriber({ stt, signal: new AbortController().signal });
    transcriber.add(segment(0));
    transcriber.add(segment(1));
    await transcriber.idle();
    expect(stt.calls).toHaveLength(2);
    expect(transcriber.text).toBe(`${INAUDIBLE} after the failure`);
    expect(transcriber).toMatchObject({ calls: 2, failedSegments: 1 });
  });
});

describe('SegmentTranscriber with the OpenAI provider (stand-in)', () => {
  let standIn: OpenAiStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  function provider(baseUrl: string, maxRetries: number): OpenAiSpeechToText {
    return new OpenAiSpeechToText({
      baseUrl, apiKey: 'sk-test', model: 'whisper-test', timeoutMs: 20_000, maxRetries, logger: testLogger().logger, retry: FAST_RETRY,
    });
  }

  for (const maxRetries of [0, 2]) {
    it(`a segment that keeps failing with 503 costs maxRetries + 1 = ${maxRetries + 1} HTTP calls, then becomes [inaudible]`, async () => {
      standIn = await startOpenAiStandIn();
      // More faults than any nesting of retries could use: every request that arrives fails.
      standIn.failNext(TRANSCRIPTIONS, { status: 503 }, 20);
      const transcriber = new SegmentTranscriber({ stt: provider(standIn.baseUrl, maxRetries), signal: new AbortController().signal });
      transcriber.add(segment(0));
      await transcriber.idle();
      const calls = standIn.callsTo(TRANSCRIPTIONS);
      expect(calls.map((c) => c.status)).toEqual(Array.from({ length: maxRetries + 1 }, () => 503));
      expect(transcriber.text).toBe(INAUDIBLE);
      expect(transcriber).toMatchObject({ calls: 1, failedSegments: 1 });
    });
  }

  it('a permanent failure (400) is sent once', async () => {
    standIn = await startOpenAiStandIn();
    standIn.failNext(TRANSCRIPTIONS, { status: 400 }, 20);
    const transcriber = new SegmentTranscriber({ stt: provider(standIn.baseUrl, 2), signal: new AbortController().signal });
    transcriber.add(segment(0));
    await transcriber.idle();
    expect(standIn.callsTo(TRANSCRIPTIONS)).toHaveLength(1);
    expect(transcriber.text).toBe(INAUDIBLE);
  });
});
