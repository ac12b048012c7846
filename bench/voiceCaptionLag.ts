import type { Clock } from '../src/interview/InterviewIO.ts';
import type { SpeechToText, TranscribeOptions } from '../src/ai/SpeechToText.ts';
import { AnswerListener } from '../src/voice/AnswerListener.ts';
import { parseWav } from '../src/voice/wav.ts';
import { encodeDiscordOpus, timeline } from '../test/harness/speech/discordOpus.ts';
import { ManualClock } from '../test/harness/speech/ManualClock.ts';
import { recognizeWithPocketsphinx } from '../test/harness/speech/pocketsphinx.ts';
import { festivalWordTimes, type TimedSpeech } from './festivalWordTimes.ts';
import { SENTENCES } from './voiceCorpus.ts';
import { upsamplePcm } from './voiceUpsample.ts';
import { werWords } from './voiceWer.ts';
import { wordAlignment } from './wordAlignment.ts';
import { wordEdits } from './voiceWordEdits.ts';

/** The STT stand-in latency of the turn benches (issue 14: chat 500 / STT 300 / TTS 300 ms). */
const STT_LATENCY_MS = 300;
/** Continuous speech to caption: at least this much. */
const SPEECH_MS = 30_000;
/** Silence before the speech starts (listening began at 0). */
const LEAD_MS = 1_000;

/**
 * Pocketsphinx behind a latency measured on the bench's manual clock: a call made at clock time
 * t returns at t + latency however long pocketsphinx took in real time. The feeding loop calls
 * {@link settle} before moving the clock, so recognition is never "late" because the machine is slow.
 */
class ClockedPocketsphinx implements SpeechToText {
  readonly #clock: Clock;
  readonly #inflight = new Set<Promise<string>>();
  audioMs = 0;
  calls = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async transcribe(wav: Buffer, options: TranscribeOptions = {}): Promise<string> {
    const dueMs = this.#clock.now() + STT_LATENCY_MS;
    this.calls++;
    this.audioMs += ((wav.length - 44) / 32_000) * 1000;
    const work = recognizeWithPocketsphinx(wav);
    this.#inflight.add(work);
    let text: string;
    try {
      text = await work;
    } finally {
      this.#inflight.delete(work);
    }
    await this.#clock.sleep(Math.max(0, dueMs - this.#clock.now()), options.signal ?? new AbortController().signal);
    return text;
  }

  /** Waits until every recognition started so far has its result (and then sleeps on the clock). */
  async settle(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.#inflight.size > 0) {
      await Promise.allSettled([...this.#inflight]);
      await new Promise((r) => setImmediate(r));
    }
  }
}

/** About {@link SPEECH_MS} of corpus sentences said as one run-on utterance (no punctuation: no pauses). */
async function continuousSpeech(): Promise<TimedSpeech> {
  const wordsPerSecond = 2.9; // festival's kal_diphone on this corpus, measured
  const picked: string[] = [];
  let words = 0;
  for (const s of SENTENCES.slice(16)) {
    if (words >= (SPEECH_MS / 1000) * wordsPerSecond) break;
    picked.push(s);
    words += s.split(' ').length;
  }
  return festivalWordTimes(picked.join(' '));
}

interface CaptionRun {
  lagsMs: number[];
  firstPartialMs: number | null;
  transcript: string;
  sttAudioMs: number;
  sttCalls: number;
}

/** Feeds the speech (as Discord Opus) to an AnswerListener and times each word's first caption. */
async function captionRun(speech: TimedSpeech, packets: Buffer[], pieceMaxMs: number | undefined): Promise<CaptionRun> {
  const clock = new ManualClock(1_000_000);
  const startMs = clock.now();
  const stt = new ClockedPocketsphinx(clock);
  const listener = new AnswerListener({ stt, clock, startedAtMs: startMs, ...(pieceMaxMs === undefined ? {} : { pieceMaxMs }) });
  const partials: Array<{ atMs: number; words: string[] }> = [];
  listener.onPartial((text) => partials.push({ atMs: clock.now() - startMs, words: werWords(text) }));
  const { packets: timed, endMs } = timeline(startMs, [{ gapMs: LEAD_MS }, { packets }, { gapMs: 4_000 }]);
  for (const p of timed) {
    await stt.settle();
    await clock.advanceTo(p.receivedAtMs);
    listener.push(p);
  }
  let settled = false;
  const result = listener.result.finally(() => {
    settled = true;
  });
  // Until the answer ends at the pause and its last piece comes back (on the clock).
  while (!settled) {
    if (clock.now() > endMs + 10_000) listener.finish();
    await stt.settle();
    await clock.advanceBy(20);
  }
  const answer = await result;
  await listener.close();
  const final = werWords(answer.transcript);
  // Partials only grow (pieces are appended), so hypothesis word j first shows in the first partial longer than j.
  const firstSeenMs = final.map((_, j) => partials.find((p) => p.words.length > j)?.atMs ?? Number.NaN);
  const reference = speech.words.map((w) => w.word);
  const lagsMs = wordAlignment(reference, final).flatMap((j, i) =>
    j < 0 || Number.isNaN(firstSeenMs[j]) ? [] : [(firstSeenMs[j] as number) - (LEAD_MS + (speech.words[i]?.endMs ?? 0))],
  );
  return { lagsMs, firstPartialMs: partials[0] ? partials[0].atMs - LEAD_MS : null, transcript: answer.transcript, sttAudioMs: stt.audioMs, sttCalls: stt.calls };
}

function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number);
}

/**
 * caption_lag_ms_p50/p95: during ~30 s of continuous festival speech (corpus sentences said as
 * one utterance, through Discord Opus and the production receive path, pocketsphinx behind a
 * 300 ms STT latency), from the end of each word (festival's own timing) to the first partial
 * transcript that shows it; words pocketsphinx got wrong have no time and are left out
 * (caption_words_timed says how many were timed). The same speech as one segment (pieces off,
 * the behaviour before live captions) is shown beside it, with the WER of both.
 */
export default async function voiceCaptionLag(): Promise<Record<string, unknown>> {
  const speech = await continuousSpeech();
  const pcm = parseWav(speech.wav).pcm;
  const packets = encodeDiscordOpus(upsamplePcm(pcm, 3));
  const speechMs = (pcm.length / 32_000) * 1000;
  const pieces = await captionRun(speech, packets, undefined);
  const whole = await captionRun(speech, packets, 0);
  const reference = speech.words.map((w) => w.word);
  const wer = (text: string): number => Math.round((wordEdits(reference, werWords(text)) / reference.length) * 1000) / 1000;
  return {
    caption_lag_ms_p50: percentile(pieces.lagsMs, 50),
    caption_lag_ms_p95: percentile(pieces.lagsMs, 95),
    caption_first_partial_ms: pieces.firstPartialMs,
    caption_words_timed: [pieces.lagsMs.length, reference.length],
    caption_speech_s: Math.round(speechMs / 100) / 10,
    caption_stt_calls: pieces.sttCalls,
    caption_stt_audio_ratio: Math.round((pieces.sttAudioMs / speechMs) * 1000) / 1000,
    caption_wer: wer(pieces.transcript),
    caption_lag_ms_p50_one_segment: percentile(whole.lagsMs, 50),
    caption_stt_calls_one_segment: whole.sttCalls,
    caption_wer_one_segment: wer(whole.transcript),
  };
}
