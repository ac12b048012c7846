import type { SpeechToText } from '../src/ai/SpeechToText.ts';
import { AnswerListener } from '../src/voice/AnswerListener.ts';
import { OpusEncoder } from '../src/voice/opus.ts';
import { encodeWav, parseWav } from '../src/voice/wav.ts';
import { encodeDiscordOpus, timeline, type TimelinePart } from '../test/harness/speech/discordOpus.ts';
import { synthesizeWithFestival } from '../test/harness/speech/festival.ts';
import { ManualClock } from '../test/harness/speech/ManualClock.ts';
import { recognizeWithPocketsphinx } from '../test/harness/speech/pocketsphinx.ts';
import { mapLimited, SENTENCES, seededRandom } from './voiceCorpus.ts';
import { upsamplePcm } from './voiceUpsample.ts';
import { wordEdits } from './voiceWordEdits.ts';

/** Recognitions run at once (the machine has 2 cores). */
const PARALLEL = 2;
/** Bootstrap resamples for the confidence intervals of the WER differences. */
const BOOTSTRAP_RESAMPLES = 2_000;
/** The target: wer_through_opus - wer_direct <= this. */
const TARGET_DELTA = 0.02;

/** Lower-case words; the same normalisation for reference and hypothesis. */
export const werWords = (text: string): string[] => text.toLowerCase().split(/[^a-z']+/).filter((w) => w.length > 0);

/**
 * One source signal per sentence: festival's 16 kHz speech (its voice, kal_diphone, is a
 * 16 kHz voice), the direct path's input; the Opus paths get the same sound upsampled to
 * 48 kHz, encoded as a Discord client does (48 kHz stereo, 20 ms frames, 64 kbps, VOIP), so the
 * paths differ only by the codec and our receive path.
 */
async function sentenceSources(): Promise<Array<{ wav16k: Buffer; packets: Buffer[] }>> {
  return mapLimited(SENTENCES, PARALLEL, async (sentence) => {
    const wav16k = await synthesizeWithFestival(sentence, { sampleRateHz: 16_000 });
    return { wav16k, packets: encodeDiscordOpus(upsamplePcm(parseWav(wav16k).pcm, 3)) };
  });
}

/** Sentences per spoken answer on the production path. */
const SENTENCES_PER_ANSWER = 3;

/**
 * The production receive path for one answer of a few sentences: the packets arrive as a
 * Discord client sends them (1 s of nothing before; between sentences a pause of 0.3–1.2 s,
 * either nothing or open-mic silent packets; 0.5 s after) and go through AnswerListener with
 * its default (= configured default) options: libopus decode at 16 kHz mono, gap filling,
 * VAD, segmentation at pauses; each segment is transcribed separately and the transcript is
 * the segments joined, as in production.
 */
async function throughOpus(sentences: Buffer[][], seed: number): Promise<{ text: string; segments: number }> {
  const stt: SpeechToText = { transcribe: (wav) => recognizeWithPocketsphinx(wav) };
  const clock = new ManualClock(1_000_000);
  const listener = new AnswerListener({ stt, clock, startedAtMs: clock.now() });
  const random = seededRandom(seed);
  const parts: TimelinePart[] = [{ gapMs: 1000 }];
  sentences.forEach((packets, i) => {
    if (i > 0) {
      const pauseMs = Math.round((300 + random() * 900) / 20) * 20;
      parts.push(random() < 0.3 ? { silentPacketsMs: pauseMs } : { gapMs: pauseMs });
    }
    parts.push({ packets });
  });
  parts.push({ gapMs: 500 });
  const { packets: timed, endMs } = timeline(clock.now(), parts);
  for (const p of timed) {
    await clock.advanceTo(p.receivedAtMs);
    listener.push(p);
  }
  await clock.advanceTo(endMs);
  listener.finish();
  const answer = await listener.result;
  const segments = listener.stats.segments;
  await listener.close();
  return { text: answer.transcript, segments };
}

/** The same packets decoded by plain libopus at 16 kHz mono, every frame, as one utterance. */
async function codecOnly(packets: Buffer[]): Promise<string> {
  const decoder = new OpusEncoder(16_000, 1);
  return recognizeWithPocketsphinx(encodeWav(Buffer.concat(packets.map((p) => decoder.decode(p))), 16_000));
}

/**
 * Paired bootstrap over sentences of (sum of edits b - sum of edits a) / reference words.
 * @returns the 95% interval, rounded
 */
function pairedBootstrap(a: number[], b: number[], refWords: number[]): [number, number] {
  const random = seededRandom(7);
  const deltas: number[] = [];
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    let edits = 0;
    let words = 0;
    for (let k = 0; k < a.length; k++) {
      const i = Math.floor(random() * a.length);
      edits += (b[i] as number) - (a[i] as number);
      words += refWords[i] as number;
    }
    deltas.push(edits / words);
  }
  deltas.sort((x, y) => x - y);
  return [round(deltas[Math.floor(BOOTSTRAP_RESAMPLES * 0.025)] as number), round(deltas[Math.floor(BOOTSTRAP_RESAMPLES * 0.975)] as number)];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

/** One answer of consecutive corpus sentences, recognised along the three paths. */
export interface WerAnswer {
  reference: string;
  /** Per-sentence hypotheses joined (direct, and whole-utterance codec). */
  direct: string;
  codec: string;
  /** The production path's transcript of the whole answer. */
  production: string;
  segments: number;
}

/** Results of the three paths per answer of {@link SENTENCES_PER_ANSWER} sentences (exported for investigation scripts). */
export async function werDetails(): Promise<WerAnswer[]> {
  const sources = await sentenceSources();
  const packets = sources.map((s) => s.packets);
  const directTexts = await mapLimited(sources, PARALLEL, (s) => recognizeWithPocketsphinx(s.wav16k));
  const codecTexts = await mapLimited(packets, PARALLEL, codecOnly);
  const groups = Array.from({ length: Math.ceil(SENTENCES.length / SENTENCES_PER_ANSWER) }, (_, g) =>
    Array.from({ length: Math.min(SENTENCES_PER_ANSWER, SENTENCES.length - g * SENTENCES_PER_ANSWER) }, (_, k) => g * SENTENCES_PER_ANSWER + k),
  );
  const production = await mapLimited(groups, PARALLEL, (g, gi) => throughOpus(g.map((i) => packets[i] as Buffer[]), 1000 + gi));
  const join = (texts: string[], g: number[]): string => g.map((i) => texts[i] ?? '').join(' ');
  return groups.map((g, gi) => ({
    reference: join(SENTENCES, g),
    direct: join(directTexts, g),
    codec: join(codecTexts, g),
    production: production[gi]?.text ?? '',
    segments: production[gi]?.segments ?? 0,
  }));
}

/**
 * Word error rate of pocketsphinx on festival speech of the corpus (edits summed over all
 * answers / reference words; an answer is 3 consecutive sentences), along three paths:
 * - wer_direct: festival at 16 kHz straight into pocketsphinx;
 * - wer_opus_codec_only: the same speech upsampled to 48 kHz -> Discord Opus (48 kHz stereo, 20 ms, 64 kbps,
 *   VOIP) -> plain libopus decode at 16 kHz mono, whole utterance: the codec's cost;
 * - wer_through_opus: the same packets, sent as answers of 3 sentences with pauses, through the
 *   production receive path (gap filling, VAD, segmentation, segments transcribed separately):
 *   the codec's cost plus ours.
 * The deltas come with paired-bootstrap 95% intervals over answers, and the answers where the
 * production path did worse / better than direct.
 */
export default async function voiceWer(): Promise<Record<string, unknown>> {
  return summarizeWer(await werDetails());
}

/** The bench figures from {@link werDetails}' answers. */
export function summarizeWer(details: WerAnswer[]): Record<string, unknown> {
  const refWords = details.map((d) => werWords(d.reference).length);
  const edits = (pick: (d: (typeof details)[number]) => string): number[] =>
    details.map((d) => wordEdits(werWords(d.reference), werWords(pick(d))));
  const directEdits = edits((d) => d.direct);
  const codecEdits = edits((d) => d.codec);
  const opusEdits = edits((d) => d.production);
  const words = sum(refWords);
  const wer = (e: number[]): number => round(sum(e) / words);
  const codecDelta = round((sum(codecEdits) - sum(directEdits)) / words);
  const opusDelta = round((sum(opusEdits) - sum(directEdits)) / words);
  const pathDelta = round((sum(opusEdits) - sum(codecEdits)) / words);
  const codecCi = pairedBootstrap(directEdits, codecEdits, refWords);
  const opusCi = pairedBootstrap(directEdits, opusEdits, refWords);
  const pathCi = pairedBootstrap(codecEdits, opusEdits, refWords);
  const worse = opusEdits.filter((e, i) => e > (directEdits[i] as number)).length;
  const better = opusEdits.filter((e, i) => e < (directEdits[i] as number)).length;
  const note: string[] = [];
  if (opusDelta > TARGET_DELTA) {
    note.push(
      codecDelta > TARGET_DELTA
        ? `the Opus codec alone (no VAD or segmentation) costs ${codecDelta} with pocketsphinx, above the ${TARGET_DELTA} target; our receive path adds ${pathDelta}`
        : `our receive path adds ${pathDelta} to the codec's ${codecDelta}`,
    );
  }
  if (opusCi[0] <= TARGET_DELTA && opusCi[1] > TARGET_DELTA) {
    note.push(
      `the 95% interval of wer_through_opus - wer_direct, [${opusCi[0]}, ${opusCi[1]}], contains both the ${TARGET_DELTA} target` +
        `${opusCi[0] <= 0 ? ' and 0' : ''}: ${words} words of pocketsphinx on festival speech cannot tell whether the codec costs more or less than the target`,
    );
  }
  const samePath = opusEdits.every((e, i) => e === codecEdits[i]);
  note.push(
    samePath
      ? `our receive path (gap filling, VAD, ${sum(details.map((d) => d.segments))} segments transcribed separately) made exactly the errors of the whole-utterance codec decode in all ${details.length} answers: the difference from direct is the codec's`
      : `our receive path vs whole-utterance codec decode: ${pathDelta} (95% interval [${pathCi[0]}, ${pathCi[1]}])`,
  );
  return {
    wer_direct: wer(directEdits),
    wer_through_opus: wer(opusEdits),
    wer_opus_codec_only: wer(codecEdits),
    wer_delta_through_opus: opusDelta,
    wer_delta_through_opus_ci95: opusCi,
    wer_delta_codec_only: codecDelta,
    wer_delta_codec_only_ci95: codecCi,
    wer_delta_our_path: pathDelta,
    wer_delta_our_path_ci95: pathCi,
    wer_through_opus_answers_worse_better: [worse, better],
    wer_answers: details.length,
    wer_through_opus_segments: sum(details.map((d) => d.segments)),
    wer_sentences: SENTENCES.length,
    wer_reference_words: words,
    wer_note: note.join('; '),
  };
}
