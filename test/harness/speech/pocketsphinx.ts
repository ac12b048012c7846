import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, parseWav } from '../../../src/voice/wav.ts';
import { sphinxVocabulary } from './sphinxVocabulary.ts';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/**
 * Recognises English speech with pocketsphinx (`pocketsphinx_continuous`, model from
 * pocketsphinx-en-us). The input is re-wrapped in a canonical header so any PCM WAV works.
 * @param wav a 16 kHz mono s16le WAV file
 * @param opts.corpus recognise with a model of these sentences only (see {@link sphinxVocabulary}: much faster)
 * @returns lower-case words separated by single spaces ('' when nothing was recognised)
 * @throws when pocketsphinx is not installed (Debian packages `pocketsphinx pocketsphinx-en-us`)
 */
export async function recognizeWithPocketsphinx(wav: Buffer, opts: { corpus?: readonly string[] } = {}): Promise<string> {
  const audio = parseWav(wav);
  if (audio.sampleRateHz !== 16_000 || audio.channels !== 1 || audio.bitsPerSample !== 16) {
    throw new Error(`pocketsphinx needs 16 kHz mono s16le, got ${audio.sampleRateHz} Hz x${audio.channels} ${audio.bitsPerSample}-bit`);
  }
  const fullDict = join(MODEL_DIR, 'cmudict-en-us.dict');
  const limited = opts.corpus ? await sphinxVocabulary(opts.corpus, fullDict) : null;
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-sphinx-'));
  const input = join(dir, 'in.wav');
  try {
    await writeFile(input, encodeWav(audio.pcm, 16_000, 1));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        'pocketsphinx_continuous',
        [
          '-infile', input,
          '-hmm', join(MODEL_DIR, 'en-us'),
          '-lm', limited?.lmPath ?? join(MODEL_DIR, 'en-us.lm.bin'),
          '-dict', limited?.dictPath ?? fullDict,
          '-logfn', '/dev/null',
        ],
        { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 },
        (error, out, stderr) => {
          if (error) {
            const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
            reject(
              new Error(
                missing
                  ? 'pocketsphinx_continuous not found: install the Debian packages pocketsphinx and pocketsphinx-en-us (scripts/setup-test-deps.sh)'
                  : `pocketsphinx failed: ${error.message} ${stderr}`,
              ),
            );
            return;
          }
          resolve(out);
        },
      );
    });
    return stdout
      .toLowerCase()
      .replace(/\(\d+\)/g, '')
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .join(' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
