import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Festival's speech of one text, with the end of every word. */
export interface TimedSpeech {
  /** 16 kHz mono s16le WAV (kal_diphone's own rate). */
  wav: Buffer;
  /** Each word as festival said it, with its end in ms from the start of the audio. */
  words: Array<{ word: string; endMs: number }>;
}

/**
 * Speaks `text` as one utterance with festival (Scheme mode, voice kal_diphone) and reads the
 * word timings festival itself used (`word_end`), the ground truth for caption lag. The text must
 * be lower-case words only (as the corpus is), so it needs no escaping in Scheme.
 * @throws when festival is missing or the text holds anything but letters, apostrophes and spaces
 */
export async function festivalWordTimes(text: string): Promise<TimedSpeech> {
  if (!/^[a-z' ]+$/.test(text)) throw new Error('festivalWordTimes takes lower-case words only');
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-festival-words-'));
  const out = join(dir, 'speech.wav');
  const script = [
    `(set! utt (utt.synth (Utterance Text "${text}")))`,
    `(utt.save.wave utt "${out}" 'riff)`,
    `(mapcar (lambda (w) (format t "%s %f\\n" (item.name w) (item.feat w "word_end"))) (utt.relation.items utt 'Word))`,
  ].join('\n');
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile('festival', ['--pipe'], { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 }, (error, so, stderr) => {
        if (error) reject(new Error(`festival failed: ${error.message} ${stderr}`));
        else resolve(so);
      });
      child.stdin?.end(script);
    });
    const words = stdout
      .split('\n')
      .map((line) => /^(\S+) ([\d.]+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ word: m[1] as string, endMs: Math.round(Number(m[2]) * 1000) }));
    const wav = await readFile(out);
    if (words.length === 0 || wav.length <= 44) throw new Error('festival produced no words or no audio');
    return { wav, words };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
