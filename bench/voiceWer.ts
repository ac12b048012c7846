import type { SpeechToText } from '../src/ai/SpeechToText.ts';
import { AnswerListener } from '../src/voice/AnswerListener.ts';
import { OpusEncoder } from '../src/voice/opus.ts';
import { encodeWav } from '../src/voice/wav.ts';
import { timeline } from '../test/harness/speech/discordOpus.ts';
import { synthesizeWithFestival } from '../test/harness/speech/festival.ts';
import { ManualClock } from '../test/harness/speech/ManualClock.ts';
import { recognizeWithPocketsphinx } from '../test/harness/speech/pocketsphinx.ts';
import { SENTENCES, sentencePackets } from './voiceCorpus.ts';

/** Word-level edit distance between reference and hypothesis. */
export function wordEdits(reference: string[], hypothesis: string[]): number {
  let prev = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const sub = (prev[j - 1] as number) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[hypothesis.length] as number;
}

const words = (text: string): string[] => text.toLowerCase().split(/[^a-z']+/).filter((w) => w.length > 0);

/** Festival's 16 kHz WAV straight into pocketsphinx. */
async function direct(sentence: string): Promise<string> {
  return recognizeWithPocketsphinx(await synthesizeWithFestival(sentence, { sampleRateHz: 16_000 }));
}

/** Festival at 48 kHz → Discord Opus (48 kHz stereo, 20 ms) → our receive path, VAD and segmentation → pocketsphinx. */
async function throughOpus(packets: Buffer[]): Promise<string> {
  const stt: SpeechToText = { transcribe: (wav) => recognizeWithPocketsphinx(wav) };
  const clock = new ManualClock(1_000_000);
  const listener = new AnswerListener({ stt, clock, startedAtMs: clock.now() });
  const { packets: timed, endMs } = timeline(clock.now(), [{ gapMs: 1000 }, { packets }, { gapMs: 500 }]);
  for (const p of timed) {
    await clock.advanceTo(p.receivedAtMs);
    listener.push(p);
  }
  await clock.advanceTo(endMs);
  listener.finish();
  const answer = await listener.result;
  await listener.close();
  return answer.transcript;
}

/** The same packets decoded by plain libopus at 16 kHz, every frame, no VAD or segmentation. */
async function codecOnly(packets: Buffer[]): Promise<string> {
  const decoder = new OpusEncoder(16_000, 1);
  return recognizeWithPocketsphinx(encodeWav(Buffer.concat(packets.map((p) => decoder.decode(p))), 16_000));
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/**
 * wer_direct / wer_through_opus: pocketsphinx word error rate on festival speech of the corpus
 * sentences (edits summed over all sentences / reference words), fed directly at 16 kHz, and
 * after Opus encoding at 48 kHz stereo in 20 ms frames (64 kbps, Discord's default) plus our
 * whole receive path. wer_opus_codec_only decodes the same packets with plain libopus (no gap
 * filling, VAD or segmentation): the difference between it and wer_through_opus is ours; the
 * difference between it and wer_direct is the codec's (and festival's 48 kHz output).
 */
export default async function voiceWer(): Promise<Record<string, unknown>> {
  const packets = await sentencePackets();
  const directTexts = await mapLimited(SENTENCES, 2, direct);
  const opusTexts = await mapLimited(packets, 2, throughOpus);
  const codecTexts = await mapLimited(packets, 2, codecOnly);
  let refWords = 0;
  let directEdits = 0;
  let opusEdits = 0;
  let codecEdits = 0;
  SENTENCES.forEach((s, i) => {
    const ref = words(s);
    refWords += ref.length;
    directEdits += wordEdits(ref, words(directTexts[i] ?? ''));
    opusEdits += wordEdits(ref, words(opusTexts[i] ?? ''));
    codecEdits += wordEdits(ref, words(codecTexts[i] ?? ''));
  });
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    wer_direct: r(directEdits / refWords),
    wer_through_opus: r(opusEdits / refWords),
    wer_opus_codec_only: r(codecEdits / refWords),
    wer_sentences: SENTENCES.length,
    wer_reference_words: refWords,
  };
}
