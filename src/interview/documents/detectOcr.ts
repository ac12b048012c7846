import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createOcrReader, type OcrReader } from './ocrPdf.ts';

const run = promisify(execFile);

let detected: Promise<OcrReader | null> | undefined;

/** True when `tesseract` knows `language` and `pdftoppm` runs. */
async function toolsWork(language: string): Promise<boolean> {
  try {
    const [langs] = await Promise.all([
      run('tesseract', ['--list-langs'], { timeout: 5_000 }),
      run('pdftoppm', ['-v'], { timeout: 5_000 }),
    ]);
    return `${langs.stdout}\n${langs.stderr}`.split(/\s+/).includes(language);
  } catch {
    return false;
  }
}

/**
 * The OCR reader when this machine has `tesseract` (Debian `tesseract-ocr` + `tesseract-ocr-eng`)
 * and `pdftoppm` (`poppler-utils`), otherwise null. The tools are looked for once per process
 * (two short runs); every later call returns the same answer.
 */
export function detectOcr(): Promise<OcrReader | null> {
  detected ??= toolsWork('eng').then((ok) => (ok ? createOcrReader() : null));
  return detected;
}
