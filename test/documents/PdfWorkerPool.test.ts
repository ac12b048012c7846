import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DocumentLimits } from '../../src/interview/documents/DocumentLimits.ts';
import { extractDocument } from '../../src/interview/documents/extractDocument.ts';
import type { RawPdfText } from '../../src/interview/documents/extractPdfText.ts';
import { extractPdfTextInWorker, type PdfTextExtractor } from '../../src/interview/documents/runDocumentWorker.ts';
import { PdfWorkerPool } from '../../src/interview/documents/PdfWorkerPool.ts';
import { expectUserError } from './expectUserError.ts';

const fixtures = new URL('../fixtures/documents/', import.meta.url);
const limits: DocumentLimits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000 };

async function fixture(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(new URL(name, fixtures)));
}

/**
 * The real worker extractor, counting jobs alive: a job holds its thread (warm or fresh) until it
 * settles, and a thread that is not kept has exited by then, so `alive` bounds the busy threads.
 */
function countingWorkers(): { extract: PdfTextExtractor; alive: () => number; peak: () => number; started: () => number } {
  let alive = 0;
  let peak = 0;
  let started = 0;
  const extract: PdfTextExtractor = async (data, options) => {
    alive++;
    started++;
    peak = Math.max(peak, alive);
    try {
      return await extractPdfTextInWorker(data, options);
    } finally {
      alive--;
    }
  };
  return { extract, alive: () => alive, peak: () => peak, started: () => started };
}

/** A fake extractor whose jobs finish only when the test says so. */
function gatedExtractor(): { extract: PdfTextExtractor; calls: () => number; finishNext: () => void } {
  const pending: Array<(r: RawPdfText) => void> = [];
  let calls = 0;
  const extract: PdfTextExtractor = () => {
    calls++;
    return new Promise((resolve) => pending.push(resolve));
  };
  const text = 'Jordan Rivera, backend engineer: distributed systems in Go and Kubernetes.';
  return { extract, calls: () => calls, finishNext: () => pending.shift()?.({ text, pages: 1, pagesRead: 1 }) };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PdfWorkerPool with real worker threads', () => {
  it('a burst of 10 extractions never has more than 2 workers alive, and all 10 succeed', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 2, maxQueued: 8 });
    const workers = countingWorkers();
    const bytes = await fixture('resume.pdf');
    const docs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        extractDocument({ bytes, fileName: `cv${i}.pdf` }, limits, 'resume', { pdfPool: pool, extractPdf: workers.extract }),
      ),
    );
    expect(docs.map((d) => d.pages)).toEqual(Array.from({ length: 10 }, () => 2));
    for (const doc of docs) expect(doc.text).toContain('Northwind Payments');
    expect(workers.started()).toBe(10);
    expect(workers.peak()).toBe(2);
    expect(pool.peakRunning).toBe(2);
    expect([workers.alive(), pool.running, pool.queued]).toEqual([0, 0, 0]);
  });

  it('stops a PDF bomb by time and by memory with the clear error, and keeps working after it', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 2 });
    const workers = countingWorkers();
    const bomb = await fixture('bomb.pdf');
    const resume = await fixture('resume.pdf');
    const options = { pdfPool: pool, extractPdf: workers.extract };
    const [byTime, byMemory, good] = await Promise.allSettled([
      extractDocument({ bytes: bomb, fileName: 'bomb.pdf' }, limits, 'resume', { ...options, pdfTimeoutMs: 1_500 }),
      extractDocument({ bytes: bomb, fileName: 'bomb2.pdf' }, limits, 'resume', { ...options, pdfTimeoutMs: 20_000, pdfMaxHeapMb: 16 }),
      // Queued behind both bombs: it gets a fresh worker when one of theirs is terminated.
      extractDocument({ bytes: resume, fileName: 'cv.pdf' }, limits, 'resume', options),
    ]);
    const timeError = await expectUserError(byTime.status === 'rejected' ? Promise.reject(byTime.reason) : Promise.resolve());
    expect(timeError.code).toBe('pdf_too_complex');
    expect(timeError.message).toMatch(/^Your resume "bomb\.pdf" took too long or too much memory to read.*upload the text as a \.txt file/);
    const memoryError = await expectUserError(byMemory.status === 'rejected' ? Promise.reject(byMemory.reason) : Promise.resolve());
    expect(memoryError.code).toBe('pdf_too_complex');
    expect((memoryError.cause as Error).name).toBe('PdfWorkerError');
    expect(good.status === 'fulfilled' && good.value.text).toContain('Northwind Payments');
    expect(workers.peak()).toBe(2);
    // The error comes at the timeout; the slot is freed once the terminated thread has exited.
    await expect.poll(() => [workers.alive(), pool.running, pool.queued]).toEqual([0, 0, 0]);
    const after = await extractDocument({ bytes: resume, fileName: 'cv.pdf' }, limits, 'resume', options);
    expect(after.pages).toBe(2);
  });
});

describe('PdfWorkerPool queueing', () => {
  it('runs queued jobs first come, first served as slots free up', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 1, maxQueued: 5 });
    const order: number[] = [];
    const releases = await Promise.all([pool.acquire()]);
    const waiting = [1, 2, 3].map((n) => pool.acquire().then((release) => (order.push(n), release)));
    expect([pool.running, pool.queued]).toEqual([1, 3]);
    releases[0]!();
    releases[0]!(); // a second release of the same slot frees nothing
    for (const next of waiting) (await next)();
    expect(order).toEqual([1, 2, 3]);
    expect([pool.running, pool.queued, pool.peakRunning]).toEqual([0, 0, 1]);
  });

  it('refuses a job with a clear "busy, try again in a minute" error when the queue is full', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 1, maxQueued: 1 });
    const gate = gatedExtractor();
    const bytes = await fixture('resume.pdf');
    const read = (name: string) => extractDocument({ bytes, fileName: name }, limits, 'job description', { pdfPool: pool, extractPdf: gate.extract });
    const running = read('a.pdf');
    const queued = read('b.pdf');
    const error = await expectUserError(read('c.pdf'));
    expect(error.code).toBe('pdf_busy');
    expect(error.message).toBe(`Hotseat is busy reading other people's PDFs and couldn't start on the job description "c.pdf"; try again in a minute.`);
    gate.finishNext();
    await expect(running).resolves.toMatchObject({ kind: 'pdf' });
    await settle();
    gate.finishNext();
    await expect(queued).resolves.toMatchObject({ kind: 'pdf' });
    expect(gate.calls()).toBe(2);
  });

  it('a job aborted while queued leaves the queue, never starts, and rejects with the abort reason', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 1 });
    const gate = gatedExtractor();
    const bytes = await fixture('resume.pdf');
    const read = (name: string, signal?: AbortSignal) =>
      extractDocument({ bytes, fileName: name }, limits, 'resume', { pdfPool: pool, extractPdf: gate.extract, signal });
    const running = read('a.pdf');
    const controller = new AbortController();
    const aborted = read('b.pdf', controller.signal);
    const last = read('c.pdf');
    await settle();
    expect([gate.calls(), pool.queued]).toEqual([1, 2]);
    const reason = new Error('the candidate left');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(pool.queued).toBe(1);
    gate.finishNext();
    await running;
    await settle();
    // c.pdf got the slot; b.pdf never reached the extractor.
    expect([gate.calls(), pool.queued, pool.running]).toEqual([2, 0, 1]);
    gate.finishNext();
    await expect(last).resolves.toMatchObject({ kind: 'pdf' });
    expect(pool.running).toBe(0);
  });

  it('aborting a running job terminates its worker and frees the slot', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 1 });
    const workers = countingWorkers();
    const controller = new AbortController();
    const reason = new Error('stopped');
    const reading = extractDocument({ bytes: await fixture('bomb.pdf'), fileName: 'bomb.pdf' }, limits, 'resume', {
      pdfPool: pool, extractPdf: workers.extract, signal: controller.signal, pdfTimeoutMs: 60_000,
    });
    await settle();
    expect(workers.alive()).toBe(1);
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    await expect.poll(() => pool.running).toBe(0);
    expect(workers.alive()).toBe(0);
  });
});
