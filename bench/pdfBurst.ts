import { readFile } from 'node:fs/promises';
import { parseConfig } from '../src/config.ts';
import { documentLimitsFromConfig, extractDocument, PdfWorkerPool } from '../src/interview/documents/index.ts';

const BURST = 10;
const SAMPLE_EVERY_MS = 5;
/** Only what parseConfig requires, so the bench uses the shipped document defaults (PDF_WORKERS=2). */
const config = parseConfig({ DISCORD_TOKEN: 'bench-token-not-used-000000', OPENAI_API_KEY: 'sk-bench' });

/** Reads `BURST` copies of the resume fixture at once through one pool; returns the peak RSS growth and the wall time. */
async function burst(pool: PdfWorkerPool | undefined, bytes: Uint8Array): Promise<{ rssMb: number; ms: number }> {
  const limits = documentLimitsFromConfig(config);
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), SAMPLE_EVERY_MS);
  const started = performance.now();
  try {
    const docs = await Promise.all(
      Array.from({ length: BURST }, (_, i) => extractDocument({ bytes, fileName: `cv${i}.pdf` }, limits, 'resume', { pdfPool: pool })),
    );
    if (docs.some((d) => d.pages !== 2)) throw new Error('bench: a resume was not read');
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { rssMb: Math.round((peak - baseline) / 1024 / 1024), ms: Math.round(performance.now() - started) };
}

/**
 * Peak RSS growth (MB) of the process while a burst of 10 resume PDFs is read at once through
 * the bot's worker pool (PDF_WORKERS, default 2; every worker is a thread of this process, so
 * RSS counts them), sampled every 5 ms; one read first so that code loading is not counted.
 */
export default async function pdfBurst(): Promise<Record<string, unknown>> {
  const bytes = new Uint8Array(await readFile(new URL('../test/fixtures/documents/resume.pdf', import.meta.url)));
  const pool = new PdfWorkerPool({ maxWorkers: config.documents.pdfWorkers });
  await burst(pool, bytes.slice()); // warm-up
  const measured = await burst(pool, bytes);
  return { pdf_burst10_rss_mb: measured.rssMb, pdf_burst10_ms: measured.ms };
}
