import { execFile, type ExecFileOptions } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A failed tool run; carries only the tool, its exit and the start of its stderr, never the text it read. */
class OcrToolError extends Error {
  override name = 'OcrToolError';
}

/** execFile without a shell; a failure becomes an OcrToolError (execFile's own error holds stdout: page text). */
async function run(label: string, tool: string, args: string[], options: ExecFileOptions & { signal: AbortSignal }): Promise<string> {
  try {
    return (await execFileAsync(tool, args, { ...options, encoding: 'utf8' })).stdout;
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    const e = error as { code?: unknown; signal?: unknown; stderr?: unknown };
    const stderr = typeof e.stderr === 'string' ? e.stderr.trim().split('\n')[0]?.slice(0, 200) : '';
    throw new OcrToolError(`${label} failed (${e.signal ? `signal ${String(e.signal)}` : `exit ${String(e.code)}`})${stderr ? `: ${stderr}` : ''}`);
  }
}

/** Reads the text of the first `maxPages` pages of a scanned PDF; rejects when a tool fails or `signal` aborts. */
export type OcrReader = (bytes: Uint8Array, options: { maxPages: number; signal: AbortSignal }) => Promise<{ text: string; pagesRead: number }>;

/** Options of {@link createOcrReader}. */
export interface OcrPdfOptions {
  /** Longest side of a rendered page, in pixels, whatever the page size says; default 3000 (≈ 250 dpi on A4). */
  maxPagePixels?: number;
  /** tesseract's language(s), e.g. `eng` or `eng+por`; default `eng`. */
  language?: string;
  /** Bound on one tool run, in ms, inside the caller's overall bound; default 60 000. */
  stepTimeoutMs?: number;
}

/** Largest text tesseract may print for one page; a page holds a few KB. */
const maxOutputBytes = 4 * 1024 * 1024;

function pageNumber(fileName: string): number {
  return Number(/-(\d+)\.png$/.exec(fileName)?.[1] ?? NaN);
}

/**
 * OCR with Debian's command-line tools, each run by execFile (no shell) under the caller's signal:
 * `pdftoppm` (poppler-utils) renders the pages to greyscale PNGs in a private temporary
 * directory, scaled so that no page is larger than `maxPagePixels` (a PDF that declares a huge
 * page cannot make it allocate gigabytes), then `tesseract` reads each page on one thread
 * (OpenMP would otherwise take every core for one upload). The directory is removed whatever
 * happens, abort included.
 */
export function createOcrReader(options: OcrPdfOptions = {}): OcrReader {
  const maxPagePixels = options.maxPagePixels ?? 3000;
  const language = options.language ?? 'eng';
  const timeout = options.stepTimeoutMs ?? 60_000;
  return async (bytes, { maxPages, signal }) => {
    signal.throwIfAborted();
    const dir = await mkdtemp(join(tmpdir(), 'hotseat-ocr-'));
    try {
      const common = { cwd: dir, signal, timeout, killSignal: 'SIGKILL' as const, maxBuffer: maxOutputBytes };
      await writeFile(join(dir, 'in.pdf'), bytes, { signal });
      const lastPage = String(Math.max(1, maxPages));
      await run('pdftoppm', 'pdftoppm', ['-f', '1', '-l', lastPage, '-scale-to', String(maxPagePixels), '-gray', '-png', 'in.pdf', 'page'], common);
      const pages = (await readdir(dir)).filter((f) => /^page-\d+\.png$/.test(f)).sort((a, b) => pageNumber(a) - pageNumber(b));
      const texts: string[] = [];
      for (const page of pages) {
        // env(1) adds the thread cap to the environment tesseract inherits; it then execs tesseract.
        texts.push(await run('tesseract', 'env', ['OMP_THREAD_LIMIT=1', 'tesseract', page, 'stdout', '-l', language], common));
      }
      return { text: texts.join('\n\n'), pagesRead: pages.length };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
