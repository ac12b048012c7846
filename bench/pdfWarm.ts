import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DocumentWorkers } from '../src/interview/documents/DocumentWorkers.ts';
import type { DocumentLimits } from '../src/interview/documents/DocumentLimits.ts';
import { extractDocument } from '../src/interview/documents/extractDocument.ts';
import { PdfWorkerPool } from '../src/interview/documents/PdfWorkerPool.ts';
import { extractPdfTextInWorker, type PdfTextExtractor } from '../src/interview/documents/runDocumentWorker.ts';

const READS = 20;
const WORKERS = 2;
const PACED_READS = 60;
const PACED_PER_S = 3;
const limits: DocumentLimits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000 };
const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU of the whole process, all threads (workers included), from /proc/self/stat, in ms. */
async function processCpuMs(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond; // utime, stime
}

interface Run {
  wall_ms: number;
  /** All threads, from /proc/self/stat (10 ms resolution). */
  cpu_ms: number;
  /** process.cpuUsage(), for comparison: getrusage(RUSAGE_SELF) counts every thread on Linux. */
  cpu_usage_ms: number;
  /** The main thread's event loop busy time. */
  main_busy_ms: number;
  threads_started?: number;
}

async function measure(run: () => Promise<unknown>): Promise<Run> {
  const cpu = await processCpuMs();
  const usage = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  await run();
  const wall = performance.now() - started;
  const busy = performance.eventLoopUtilization(elu).active;
  const usageNow = process.cpuUsage(usage);
  return {
    wall_ms: Math.round(wall),
    cpu_ms: Math.round((await processCpuMs()) - cpu),
    cpu_usage_ms: Math.round((usageNow.user + usageNow.system) / 1000),
    main_busy_ms: Math.round(busy),
  };
}

function check(result: { pages: number | null }): void {
  if (result.pages !== 2) throw new Error('bench: the resume was not read');
}

/**
 * Reading test/fixtures/documents/resume.pdf 20 times: sequentially with a fresh worker thread
 * per read (the old behaviour, runDocumentWorker without warm workers) and with warm workers
 * (the first read starts the thread); then 20 at once through a pool of 2 (PDF_WORKERS=2, queue
 * room for all 20), fresh and warm; then 60 reads arriving at 3 a second (1.5 interviews/s, a
 * resume and a JD each) through the shipped pool (2 workers, 8 queued), counting "busy" refusals.
 * One in-process read first so the main thread's own module
 * loading is not counted.
 */
export default async function pdfWarm(): Promise<Record<string, unknown>> {
  const bytes = new Uint8Array(await readFile(new URL('../test/fixtures/documents/resume.pdf', import.meta.url)));
  const signal = new AbortController().signal;
  await extractDocument({ bytes, fileName: 'warmup.pdf' }, limits, 'resume');

  const sequentialFresh = await measure(async () => {
    for (let i = 0; i < READS; i++) check(await extractPdfTextInWorker(bytes, { maxPdfPages: 20, signal }));
  });
  const warm = new DocumentWorkers({ maxWarm: WORKERS });
  const sequentialWarm = await measure(async () => {
    for (let i = 0; i < READS; i++) check(await extractPdfTextInWorker(bytes, { maxPdfPages: 20, signal, workers: warm }));
  });
  sequentialWarm.threads_started = warm.started;
  await warm.close();

  const burst = async (pool: PdfWorkerPool, fresh: boolean): Promise<Run> => {
    // readPdf passes the pool's warm threads on; the fresh run drops them.
    const extractPdf: PdfTextExtractor | undefined = fresh ? (data, options) => extractPdfTextInWorker(data, { ...options, workers: undefined }) : undefined;
    const run = await measure(async () => {
      const docs = await Promise.all(
        Array.from({ length: READS }, (_, i) => extractDocument({ bytes, fileName: `cv${i}.pdf` }, limits, 'resume', { pdfPool: pool, extractPdf })),
      );
      docs.forEach(check);
    });
    run.threads_started = fresh ? READS : pool.workers.started;
    await pool.workers.close();
    return run;
  };
  const concurrentFresh = await burst(new PdfWorkerPool({ maxWorkers: WORKERS, maxQueued: READS }), true);
  const concurrentWarm = await burst(new PdfWorkerPool({ maxWorkers: WORKERS, maxQueued: READS }), false);

  // Paced arrivals, as in bench/scale.ts: 1.5 interviews/s, each with a resume and a JD PDF.
  const paced = async (fresh: boolean): Promise<Run & { refused_busy: number }> => {
    const pool = new PdfWorkerPool({ maxWorkers: WORKERS }); // the shipped queue: 4 per worker
    const extractPdf: PdfTextExtractor | undefined = fresh ? (data, options) => extractPdfTextInWorker(data, { ...options, workers: undefined }) : undefined;
    let refused = 0;
    const run = await measure(async () => {
      const reads: Array<Promise<unknown>> = [];
      for (let i = 0; i < PACED_READS; i++) {
        reads.push(
          extractDocument({ bytes, fileName: `cv${i}.pdf` }, limits, 'resume', { pdfPool: pool, extractPdf }).then(check, (error: unknown) => {
            if ((error as { code?: unknown }).code !== 'pdf_busy') throw error;
            refused++;
          }),
        );
        await sleep(1000 / PACED_PER_S);
      }
      await Promise.all(reads);
    });
    await pool.workers.close();
    return { ...run, refused_busy: refused };
  };
  const pacedFresh = await paced(true);
  const pacedWarm = await paced(false);

  return {
    pdf_warm_paced60_3per_s_fresh: pacedFresh,
    pdf_warm_paced60_3per_s_warm: pacedWarm,
    pdf_warm_sequential20_fresh: sequentialFresh,
    pdf_warm_sequential20_warm: sequentialWarm,
    pdf_warm_concurrent20_fresh: concurrentFresh,
    pdf_warm_concurrent20_warm: concurrentWarm,
  };
}

if (import.meta.main) process.stdout.write(`${JSON.stringify(await pdfWarm(), null, 2)}\n`);
