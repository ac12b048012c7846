import { beforeAll, describe, expect, it } from 'vitest';
import { FakeSpeechToText } from '../../src/ai/testing/FakeSpeechToText.ts';
import { AnswerListener, type AnswerListenerOptions } from '../../src/voice/AnswerListener.ts';
import type { Config } from '../../src/config.ts';
import { listenerOptionsFromConfig } from '../../src/voice/listenerOptionsFromConfig.ts';
import { INAUDIBLE } from '../../src/voice/SegmentTranscriber.ts';
import { festivalOpusPackets, timeline } from '../harness/speech/discordOpus.ts';
import { ManualClock } from '../harness/speech/ManualClock.ts';
import { feed, runUntilEnded } from './listenHelpers.ts';

let first: Buffer[];
let second: Buffer[];

beforeAll(async () => {
  [first, second] = await Promise.all([
    festivalOpusPackets('I worked on the payments team for three years.'),
    festivalOpusPackets('We moved the billing system to Kubernetes.'),
  ]);
}, 60_000);

function setup(stt: FakeSpeechToText, opts: Partial<AnswerListenerOptions> = {}) {
  const clock = new ManualClock();
  const startMs = clock.now();
  const listener = new AnswerListener({ stt, clock, startedAtMs: startMs, ...opts });
  const partials: string[] = [];
  const tentative: string[] = [];
  const speechStarts: number[] = [];
  listener.onPartial((t) => partials.push(t));
  listener.onTentativeEnd((t) => tentative.push(t));
  listener.onSpeechStart((ms) => speechStarts.push(ms));
  return { clock, startMs, listener, partials, tentative, speechStarts };
}

describe('AnswerListener on real Opus packets', () => {
  it('cuts two segments at the pause, transcribes each once in order, ends after the long pause', async () => {
    const stt = new FakeSpeechToText().script('I worked on the payments team.', 'We moved billing to Kubernetes.');
    const { clock, startMs, listener, partials, tentative, speechStarts } = setup(stt);
    const { packets, endMs } = timeline(startMs, [
      { gapMs: 1000 },
      { packets: first },
      { gapMs: 1500 },
      { corrupt: true },
      { packets: second, lose: (i) => i % 10 === 5 },
      { silentPacketsMs: 1000 },
    ]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);

    expect(stt.calls).toHaveLength(2);
    expect(stt.calls[0]?.prompt).toBeUndefined();
    expect(stt.calls[1]?.prompt).toBe('I worked on the payments team.');
    // Each segment holds its sentence plus preroll and tail, not the silences around it.
    expect(stt.calls[0]?.audioMs).toBeGreaterThan(first.length * 20 - 800);
    expect(stt.calls[0]?.audioMs).toBeLessThan(first.length * 20 + 700);
    expect(partials).toEqual(['I worked on the payments team.', 'I worked on the payments team. We moved billing to Kubernetes.']);
    expect(tentative[0]).toBe('I worked on the payments team.');
    expect(tentative.at(-1)).toBe(answer.transcript);
    expect(answer.transcript).toBe('I worked on the payments team. We moved billing to Kubernetes.');
    expect(answer.endReason).toBe('silence');
    // Ends 3 s after the last speech: festival's trailing quiet is < 700 ms.
    const endOfSpeechMs = endMs - 1000 - startMs;
    expect(answer.durationMs).toBeGreaterThan(endOfSpeechMs - 700 + 3000 - 100);
    expect(answer.durationMs).toBeLessThan(endOfSpeechMs + 3000 + 200);
    expect(speechStarts[0]).toBeGreaterThanOrEqual(1000);
    expect(answer.analytics.timeToFirstWordMs).toBeGreaterThanOrEqual(1000);
    expect(answer.analytics.timeToFirstWordMs).toBeLessThan(1300);
    expect(answer.analytics.longestPauseMs).toBeGreaterThanOrEqual(1500);
    expect(answer.analytics.longestPauseMs).toBeLessThan(2600);
    expect(answer.analytics.wordCount).toBe(11);
    const speechMs = (first.length + second.length) * 20;
    expect(answer.analytics.speakingMs).toBeGreaterThan(speechMs * 0.6);
    expect(answer.analytics.speakingMs).toBeLessThanOrEqual(speechMs + 100);
    expect(answer.analytics.wordsPerMinute).toBeGreaterThan(60);
    expect(listener.stats.decodeErrors).toBe(1);
    expect(listener.stats.heldPcmBytes).toBeLessThan(640 * 100);
    await listener.close();
  });

  it('never calls the STT for silence: no packets, or silent packets, end with no_speech after the timeout', async () => {
    const stt = new FakeSpeechToText();
    const { clock, startMs, listener } = setup(stt, { noSpeechTimeoutMs: 20_000 });
    await feed(listener, clock, timeline(startMs, [{ gapMs: 3000 }, { silentPacketsMs: 5000 }, { corrupt: true }]).packets);
    const answer = await runUntilEnded(listener, clock);
    expect(answer).toMatchObject({ endReason: 'no_speech', transcript: '' });
    expect(answer.durationMs).toBeGreaterThanOrEqual(20_000);
    expect(answer.durationMs).toBeLessThan(20_300);
    expect(answer.analytics).toMatchObject({ timeToFirstWordMs: null, wordCount: 0, wordsPerMinute: null, speakingMs: 0 });
    expect(stt.calls).toHaveLength(0);
  });

  it('uses the 2-minute no-speech default', async () => {
    const stt = new FakeSpeechToText();
    const { clock, listener } = setup(stt);
    const answer = await runUntilEnded(listener, clock, 200_000, 1000);
    expect(answer.endReason).toBe('no_speech');
    expect(answer.durationMs).toBeGreaterThanOrEqual(120_000);
    expect(answer.durationMs).toBeLessThan(121_500);
  });

  it('drops silence hallucinations and marks failed segments [inaudible] without losing the answer', async () => {
    const stt = new FakeSpeechToText().script(
      'Thank you for watching!',
      FakeSpeechToText.failure(true),
      'And that was the result.',
    );
    const { clock, startMs, listener, partials } = setup(stt);
    const { packets } = timeline(startMs, [{ packets: first }, { gapMs: 1000 }, { packets: second }, { gapMs: 1000 }, { packets: first }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    // One call per segment: the provider retries retryable failures itself, the listener does not.
    expect(stt.calls).toHaveLength(3);
    expect(answer.transcript).toBe(`${INAUDIBLE} And that was the result.`);
    expect(partials[0]).toBe(INAUDIBLE);
    expect(listener.stats).toMatchObject({ droppedHallucinations: 1, inaudibleSegments: 1, segments: 3 });
    expect(answer.analytics.wordCount).toBe(5);
  });

  it('does not retry a permanent STT failure', async () => {
    const stt = new FakeSpeechToText().script(FakeSpeechToText.failure(false), 'ok');
    const { clock, startMs, listener } = setup(stt);
    await feed(listener, clock, timeline(startMs, [{ packets: first }]).packets);
    const answer = await runUntilEnded(listener, clock);
    expect(stt.calls).toHaveLength(1);
    expect(answer.transcript).toBe(INAUDIBLE);
  });

  it('finish() ends at once with endReason done and transcribes the segment in progress', async () => {
    const stt = new FakeSpeechToText({ handler: () => 'partial sentence' });
    const { clock, startMs, listener } = setup(stt);
    await feed(listener, clock, timeline(startMs, [{ gapMs: 500 }, { packets: first.slice(0, 60) }]).packets);
    expect(stt.calls).toHaveLength(0);
    listener.finish();
    const answer = await listener.result;
    expect(answer.endReason).toBe('done');
    expect(answer.transcript).toBe('partial sentence');
    expect(stt.calls).toHaveLength(1);
    expect(answer.durationMs).toBeGreaterThanOrEqual(500 + 60 * 20 - 20);
    expect(answer.durationMs).toBeLessThan(500 + 60 * 20 + 100);
  });

  it('cuts long speech at maxSegmentMs and stops at maxAnswerMs', async () => {
    const stt = new FakeSpeechToText({ handler: () => 'words' });
    const { clock, startMs, listener } = setup(stt, { maxSegmentMs: 1500, maxAnswerMs: 4000 });
    // Speech without pauses longer than a segment: the two sentences back to back, twice.
    const talk = [...first, ...second, ...first, ...second];
    await feed(listener, clock, timeline(startMs, [{ packets: talk }]).packets);
    const answer = await runUntilEnded(listener, clock);
    expect(answer.endReason).toBe('max_duration');
    expect(answer.durationMs).toBe(4000);
    expect(stt.calls.length).toBeGreaterThanOrEqual(3);
    for (const c of stt.calls) expect(c.audioMs).toBeLessThanOrEqual(1500);
  });

  it('cancel() rejects the result and aborts the STT call in flight', async () => {
    const stt = new FakeSpeechToText({ delayMs: 5000 });
    const { clock, startMs, listener } = setup(stt);
    await feed(listener, clock, timeline(startMs, [{ packets: first }]).packets);
    await clock.advanceBy(1000);
    expect(stt.calls).toHaveLength(1);
    listener.cancel();
    await expect(listener.result).rejects.toThrow(/cancel/);
    await listener.close();
    expect(stt.calls[0]?.outcome).toBe('aborted');
  });

  it('consume() reads an async stream of packets until it ends', async () => {
    const stt = new FakeSpeechToText({ handler: () => 'streamed' });
    const { clock, startMs, listener } = setup(stt);
    const { packets } = timeline(startMs, [{ packets: first }]);
    async function* stream() {
      yield* packets;
    }
    await listener.consume(stream());
    expect(listener.stats.packets).toBe(first.length);
    await clock.advanceTo(packets.at(-1)?.receivedAtMs ?? startMs);
    listener.finish();
    expect((await listener.result).transcript).toBe('streamed');
  });

  it('takes its timings from the configuration', () => {
    expect(
      listenerOptionsFromConfig({
        interview: { endOfAnswerSilenceMs: 4000, maxAnswerMs: 60_000, noSpeechTimeoutMs: 30_000 } as Config['interview'],
        voice: { segmentSilenceMs: 700, maxSegmentMs: 20_000, prerollMs: 300, threads: 1 },
      }),
    ).toEqual({ endOfAnswerSilenceMs: 4000, maxAnswerMs: 60_000, noSpeechTimeoutMs: 30_000, segmentSilenceMs: 700, maxSegmentMs: 20_000, prerollMs: 300 });
  });

  it('cancels when the signal aborts', async () => {
    const controller = new AbortController();
    const { listener } = setup(new FakeSpeechToText(), { signal: controller.signal });
    controller.abort();
    await expect(listener.result).rejects.toThrow();
    await listener.close();
  });
});
