import { PassThrough } from 'node:stream';
import type { Playable } from '../../src/voice/Playable.ts';
import { describe, expect, it } from 'vitest';
import type { SpeechAudio, TextToSpeech } from '../../src/ai/TextToSpeech.ts';
import type { CapturedAnswer, SessionView } from '../../src/interview/InterviewIO.ts';
import { guardStalls } from '../../src/ai/guardStalls.ts';
import { createLogger } from '../../src/logger.ts';
import { QuestionCards, type QuestionEnd } from '../../src/bot/live/QuestionCards.ts';
import { VoiceInterviewIO, type PacketAnswerCapture } from '../../src/bot/live/VoiceInterviewIO.ts';
import type { OpusPacket } from '../../src/voice/ReceiveDecoder.ts';

const logger = createLogger({ level: 'silent' });

/**
 * A TTS that records each request; each synthesis takes `delayMs`. Like the OpenAI provider, a
 * stream still flowing is destroyed with the signal's reason when the caller aborts.
 */
function fakeTts(delayMs = 0) {
  const requests: string[] = [];
  const tts: TextToSpeech = {
    synthesize: async (text, options = {}) => {
      requests.push(text);
      await new Promise((r) => setTimeout(r, delayMs));
      const stream = new PassThrough();
      stream.write(Buffer.from(text));
      const signal = options.signal;
      signal?.addEventListener('abort', () => stream.destroy(signal.reason as Error), { once: true });
      return { format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1, stream } satisfies SpeechAudio;
    },
  };
  return { tts, requests };
}

/** A capture that records packets and ends when told. */
function fakeCapture() {
  const packets: OpusPacket[] = [];
  let resolve!: (a: CapturedAnswer) => void;
  let cancelled = false;
  const capture: PacketAnswerCapture = {
    push: (p) => packets.push(p),
    finish: () => {},
    cancel: () => {
      cancelled = true;
    },
    onPartial: () => {},
    onTentativeEnd: () => {},
    result: new Promise((r) => (resolve = r)),
  };
  return { capture, packets, end: (a: CapturedAnswer) => resolve(a), cancelled: () => cancelled };
}

const analytics = { timeToFirstWordMs: 100, speakingMs: 1_000, wordsPerMinute: 120, longestPauseMs: 300, fillerWordCount: 0, wordCount: 2 };

function make(opts: { before?: Promise<void>; ttsDelayMs?: number } = {}) {
  const { tts, requests } = fakeTts(opts.ttsDelayMs);
  const played: string[] = [];
  const playedAudio: SpeechAudio[] = [];
  const captures: Array<ReturnType<typeof fakeCapture>> = [];
  const ends: Array<[number, QuestionEnd]> = [];
  const cards = new QuestionCards({ channel: { send: async () => ({ edit: async () => {} }) }, logger, captionIntervalMs: 1_000, maxAnswerMs: 60_000 });
  const origSetEnd = cards.setQuestionEnd.bind(cards);
  cards.setQuestionEnd = (n, e) => {
    ends.push([n, e]);
    origSetEnd(n, e);
  };
  const io = new VoiceInterviewIO({
    tts,
    toResource: (audio) => ({ audio }) as unknown as Playable,
    play: async (resource) => {
      const { audio } = resource as unknown as { audio: SpeechAudio };
      playedAudio.push(audio);
      await new Promise((r) => setImmediate(r)); // a player reads asynchronously
      played.push(String(audio.stream.read()));
    },
    createCapture: () => {
      const c = fakeCapture();
      captures.push(c);
      return c.capture;
    },
    cards,
    logger,
    nowMs: () => Date.now(),
    before: opts.before,
  });
  return { io, requests, played, playedAudio, captures, ends };
}

/** Options for a VoiceInterviewIO whose player and capture do nothing. */
function baseOptions() {
  return {
    tts: fakeTts().tts,
    toResource: (audio: SpeechAudio) => ({ audio }) as unknown as Playable,
    play: async () => {},
    createCapture: () => fakeCapture().capture,
    cards: new QuestionCards({ channel: { send: async () => ({ edit: async () => {} }) }, logger, captionIntervalMs: 1_000, maxAnswerMs: 60_000 }),
    logger,
    nowMs: () => Date.now(),
  };
}

describe('VoiceInterviewIO', () => {
  it('speaks a prepared question from the pre-synthesised audio without a second TTS call', async () => {
    const t = make({ ttsDelayMs: 50 });
    t.io.prepareSpeech('Question two?');
    await new Promise((r) => setTimeout(r, 80));
    const started = performance.now();
    await t.io.speak('Question two?', new AbortController().signal);
    expect(performance.now() - started).toBeLessThan(40);
    expect(t.requests).toEqual(['Question two?']);
    expect(t.played).toEqual(['Question two?']);
    await t.io.speak('Question three?', new AbortController().signal);
    expect(t.requests).toEqual(['Question two?', 'Question three?']);
  });

  it('waits for the recording notice before the first question', async () => {
    let release!: () => void;
    const before = new Promise<void>((r) => (release = r));
    const t = make({ before });
    const speaking = t.io.speak('Question one?', new AbortController().signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(t.played).toEqual([]);
    release();
    await speaking;
    expect(t.played).toEqual(['Question one?']);
  });

  it('does not play when aborted, and drops stale preparations', async () => {
    const t = make();
    const c = new AbortController();
    c.abort();
    await t.io.speak('Never', c.signal);
    expect(t.played).toEqual([]);
    t.io.prepareSpeech('a');
    t.io.prepareSpeech('b');
    t.io.prepareSpeech('c');
    await t.io.speak('a', new AbortController().signal); // 'a' was dropped (only two kept): synthesised again
    expect(t.requests.filter((r) => r === 'a')).toHaveLength(2);
  });

  it('closes each synthesised stream once playback is over, even when the player never read it to the end (voice closed, stopped)', async () => {
    const t = make();
    await t.io.speak('Question one?', new AbortController().signal); // the fake player reads one chunk of a stream that never ends
    t.io.prepareSpeech('Question two?');
    await new Promise((r) => setTimeout(r, 5));
    await t.io.speak('Question two?', new AbortController().signal);
    expect(t.playedAudio).toHaveLength(2);
    expect(t.playedAudio.map((a) => a.stream.destroyed)).toEqual([true, true]);
  });

  it('owns a prepared stream whose body dies before anyone plays it (a provider stream that only watches its source once read)', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const sources: PassThrough[] = [];
      const tts: TextToSpeech = {
        synthesize: async () => {
          const source = new PassThrough(); // the HTTP body
          sources.push(source);
          source.write(Buffer.alloc(960));
          // As OpenAiTextToSpeech: the body wrapped by guardStalls, which reads its source lazily.
          return { format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1, stream: guardStalls(source, 60_000, 'tts') };
        },
      };
      const io = new VoiceInterviewIO({ ...baseOptions(), tts });
      io.prepareSpeech('Question two?');
      await new Promise((r) => setTimeout(r, 5));
      sources[0]!.destroy(new TypeError('terminated')); // the connection died mid-body
      await new Promise((r) => setTimeout(r, 20));
      expect(uncaught).toEqual([]);
      io.close();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('owns the streams of dropped preparations: aborting them raises no unhandled error', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const t = make();
      for (const text of ['q1', 'q2', 'q3', 'q4']) {
        t.io.prepareSpeech(text);
        await new Promise((r) => setTimeout(r, 5)); // let the synthesis resolve: its stream is flowing
      }
      t.io.close(); // drops the two still prepared
      await new Promise((r) => setTimeout(r, 20));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('routes packets only to the answer being captured', async () => {
    const t = make();
    t.io.pushPacket({ opus: Buffer.from([1]), receivedAtMs: 1 }); // nobody listening: dropped
    const first = t.io.listen({ number: 1, signal: new AbortController().signal });
    t.io.pushPacket({ opus: Buffer.from([2]), receivedAtMs: 2 });
    t.captures[0]!.end({ transcript: ' my answer ', analytics, durationMs: 1_000, endReason: 'silence' });
    expect((await first.result).transcript).toBe(' my answer ');
    t.io.pushPacket({ opus: Buffer.from([3]), receivedAtMs: 3 }); // answer over: dropped
    expect(t.captures[0]!.packets.map((p) => p.opus[0])).toEqual([2]);
    // The capture does not tell the card how the question ended: the session's view does.
    expect(t.ends).toEqual([]);

    const controller = new AbortController();
    const second = t.io.listen({ number: 2, signal: controller.signal });
    second.cancel();
    t.io.pushPacket({ opus: Buffer.from([4]), receivedAtMs: 4 });
    expect(t.captures[1]!.cancelled()).toBe(true);
    expect(t.captures[1]!.packets).toEqual([]);
  });

  it("tells the card how the last recorded question ended, from the session's view", () => {
    const t = make();
    const view = (lastAnswer: SessionView['lastAnswer']): SessionView => ({
      interviewId: 'iv', phase: 'preparing', number: 2, total: 3, question: null, isFallback: false, partialTranscript: '',
      askedAtMs: null, repeatUntilMs: null, allowed: { repeat: false, done: false, skip: false, end: true }, lastAnswer,
    });
    t.io.show(view(null));
    expect(t.ends).toEqual([]);
    t.io.show(view({ number: 1, status: 'answered', transcript: 'my answer' }));
    t.io.show(view({ number: 2, status: 'unanswered', transcript: null }));
    t.io.show(view({ number: 3, status: 'skipped', transcript: null }));
    expect(t.ends).toEqual([[1, { kind: 'answered', transcript: 'my answer' }], [2, { kind: 'unanswered' }], [3, { kind: 'skipped' }]]);
  });

  it('a candidate who talks over the acknowledgement stops it, is not talked over by the question, and their words start the answer', async () => {
    const played: string[] = [];
    const stopped: string[] = [];
    const captures: Array<ReturnType<typeof fakeCapture>> = [];
    let now = 10_000;
    const io = new VoiceInterviewIO({
      ...baseOptions(),
      bargeInAfterMs: 200,
      nowMs: () => now,
      phrase: async (text) => ({ text }) as unknown as Playable,
      toResource: (audio) => ({ text: String(audio.stream.read()) }) as unknown as Playable,
      // A player that plays until it is stopped.
      play: async (resource, signal) => {
        const { text } = resource as unknown as { text: string };
        played.push(text);
        await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
        stopped.push(text);
      },
      createCapture: () => {
        const c = fakeCapture();
        captures.push(c);
        return c.capture;
      },
    });
    io.acknowledge('Thanks.');
    const asking = new AbortController();
    const question = io.speak('Question 2?', asking.signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(played).toEqual(['Thanks.']);
    // 100 ms of voice, 300 ms into the acknowledgement (past its first 200 ms).
    now += 300;
    const voice = Array.from({ length: 6 }, (_, k) => ({ opus: Buffer.alloc(40, 1), receivedAtMs: now + k * 20 }));
    for (const p of voice) io.pushPacket(p);
    await question;
    expect(stopped).toEqual(['Thanks.']);
    expect(played).toEqual(['Thanks.']); // the question was not spoken over them
    io.listen({ number: 2, signal: new AbortController().signal });
    expect(captures[0]!.packets).toEqual(voice);
  });
});

