import { encodeWav, parseWav } from '../../src/voice/wav.ts';
import { encodeDiscordOpus } from '../../test/harness/speech/discordOpus.ts';
import { synthesizeWithFestival } from '../../test/harness/speech/festival.ts';

/** What every scale-bench interview hears and says, made once before the bench. */
export interface CannedMedia {
  /** What the TTS stand-in answers to every request: a 24 kHz mono WAV (the question, acknowledgements, the notice). */
  botSpeechWav: Buffer;
  botSpeechMs: number;
  /** What every candidate says, as Discord Opus packets (20 ms each), encoded once and shared. */
  answerPackets: Buffer[];
  /** What the STT stand-in returns for every upload: the words of the answer. */
  answerTranscript: string;
}

export const QUESTION_TEXT = 'Tell me about a system you built, and what you would change today.';
export const ANSWER_TEXT = 'In my last project I built a distributed cache in Go, and we reduced latency by forty percent for every customer.';

/** Festival speech without its leading and trailing silence (two frames kept at each edge). */
export function trimmed(pcm: Buffer, rateHz: number): Buffer {
  const frame = (rateHz / 1000) * 20;
  const frames = Math.floor(pcm.length / 2 / frame);
  const voiced = (f: number): boolean => {
    let sum = 0;
    for (let i = 0; i < frame; i++) sum += pcm.readInt16LE((f * frame + i) * 2) ** 2;
    return Math.sqrt(sum / frame) > 300;
  };
  let first = 0;
  while (first < frames && !voiced(first)) first++;
  let last = frames - 1;
  while (last > first && !voiced(last)) last--;
  return pcm.subarray(Math.max(0, (first - 2) * frame * 2), Math.min(pcm.length, (last + 3) * frame * 2));
}

/** Synthesises the question (24 kHz, as OpenAI's TTS) and the answer (48 kHz, Opus-encoded as a Discord client does) once. */
export async function makeCannedMedia(): Promise<CannedMedia> {
  const question = trimmed(parseWav(await synthesizeWithFestival(QUESTION_TEXT, { sampleRateHz: 24_000 })).pcm, 24_000);
  const answer = trimmed(parseWav(await synthesizeWithFestival(ANSWER_TEXT, { sampleRateHz: 48_000 })).pcm, 48_000);
  return {
    botSpeechWav: encodeWav(question, 24_000),
    botSpeechMs: Math.round(question.length / 48),
    answerPackets: encodeDiscordOpus(answer),
    answerTranscript: ANSWER_TEXT,
  };
}
