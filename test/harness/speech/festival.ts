import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Speaks `text` with festival (`text2wave`, voice kal_diphone from festvox-kallpc16k).
 * @returns a WAV file: RIFF, s16le, mono, at `sampleRateHz` (default 16000)
 * @throws when festival is not installed (install the Debian packages `festival festvox-kallpc16k`)
 */
export async function synthesizeWithFestival(text: string, opts: { sampleRateHz?: number } = {}): Promise<Buffer> {
  const sampleRateHz = opts.sampleRateHz ?? 16_000;
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-festival-'));
  const out = join(dir, 'speech.wav');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = execFile('text2wave', ['-F', String(sampleRateHz), '-o', out], { timeout: 60_000 }, (error, _stdout, stderr) => {
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
          reject(
            new Error(
              missing
                ? 'text2wave not found: install the Debian packages festival and festvox-kallpc16k (scripts/setup-test-deps.sh)'
                : `text2wave failed: ${error.message} ${stderr}`,
            ),
          );
          return;
        }
        resolve();
      });
      child.stdin?.end(text);
    });
    const wav = await readFile(out);
    if (wav.length <= 44) throw new Error('text2wave produced no audio (is festvox-kallpc16k installed?)');
    return wav;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
