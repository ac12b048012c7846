import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DocumentLimits } from '../../src/interview/documents/DocumentLimits.ts';
import type { DocumentWorkerInput } from '../../src/interview/documents/documentWorker.ts';
import { DocumentWorkers } from '../../src/interview/documents/DocumentWorkers.ts';
import { extractDocument } from '../../src/interview/documents/extractDocument.ts';
import { PdfWorkerPool } from '../../src/interview/documents/PdfWorkerPool.ts';
import { expectUserError } from './expectUserError.ts';

const fixtures = new URL('../fixtures/documents/', import.meta.url);
const fixture = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(new URL(name, fixtures)));
const resume = await fixture('resume.pdf');
const bomb = await fixture('bomb.pdf');
const limits: DocumentLimits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000 };
const pdf = (data: Uint8Array): DocumentWorkerInput => ({ format: 'pdf', data, maxPdfPages: 20 });
const job = () => ({ signal: new AbortController().signal });
const failure = (promise: Promise<unknown>): Promise<Error> => promise.then(() => new Error('no failure'), (e: unknown) => e as Error);

describe('DocumentWorkers: a failing job fails alone, and the next one gets a new thread', () => {
  it("the reader's named errors are the same as a fresh worker's, and end the thread", async () => {
    const fresh = new DocumentWorkers({ maxWarm: 0 });
    const workers = new DocumentWorkers();
    try {
      await workers.run(pdf(resume), job());
      for (const name of ['encrypted.pdf', 'corrupt.pdf', 'binary.txt']) {
        const bytes = await fixture(name);
        const expected = await failure(fresh.run(pdf(bytes), job()));
        const started = workers.started;
        const actual = await failure(workers.run(pdf(bytes), job()));
        expect([actual.name, actual.message]).toEqual([expected.name, expected.message]);
        expect(workers.started).toBe(started); // it ran on the warm thread...
        expect(workers.live).toBe(0); // ...which ended with the failure
        expect((await workers.run(pdf(resume), job())).pages).toBe(2);
        expect(workers.started).toBe(started + 1);
      }
      expect((await failure(workers.run(pdf(await fixture('encrypted.pdf')), job()))).name).toBe('PasswordException');
      expect((await failure(workers.run(pdf(await fixture('corrupt.pdf')), job()))).name).toBe('InvalidPDFException');
    } finally {
      await workers.close();
    }
  });

  it('aborting a running job terminates its thread before it settles; the other job and the next ones go on', async () => {
    const workers = new DocumentWorkers({ maxWarm: 2 });
    try {
      await Promise.all([workers.run(pdf(resume), job()), workers.run(pdf(resume), job())]);
      expect([workers.started, workers.idle]).toEqual([2, 2]);
      const controller = new AbortController();
      const reason = new Error('the candidate left');
      const hostile = workers.run(pdf(bomb), { signal: controller.signal });
      const good = await workers.run(pdf(resume), job());
      expect(good.text).toContain('Northwind Payments');
      controller.abort(reason);
      await expect(hostile).rejects.toBe(reason);
      expect([workers.started, workers.live, workers.idle]).toEqual([2, 1, 1]);
      await Promise.all([workers.run(pdf(resume), job()), workers.run(pdf(resume), job())]);
      expect([workers.started, workers.live]).toEqual([3, 2]);
    } finally {
      await workers.close();
    }
  });

  it('a signal aborted before the job starts rejects with its reason and starts no thread', async () => {
    const workers = new DocumentWorkers();
    const reason = new Error('gone');
    await expect(workers.run(pdf(resume), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(workers.started).toBe(0);
  });
});

describe('PdfWorkerPool with warm threads: timeouts and the heap cap', () => {
  it('a job past its timeout fails alone with pdf_too_complex; its thread ends and the pool recovers', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 2 });
    const options = { pdfPool: pool };
    try {
      await extractDocument({ bytes: resume, fileName: 'warm.pdf' }, limits, 'resume', options);
      const [slow, good] = await Promise.allSettled([
        extractDocument({ bytes: bomb, fileName: 'bomb.pdf' }, limits, 'resume', { ...options, pdfTimeoutMs: 1_500 }),
        extractDocument({ bytes: resume, fileName: 'cv.pdf' }, limits, 'resume', options),
      ]);
      const error = await expectUserError(slow.status === 'rejected' ? Promise.reject(slow.reason) : Promise.resolve());
      expect(error.code).toBe('pdf_too_complex');
      expect((error.cause as Error).name).toBe('JobTimeout');
      expect(good.status === 'fulfilled' && good.value.text).toContain('Northwind Payments');
      // The slot is freed once the terminated thread has exited.
      await expect.poll(() => pool.running).toBe(0);
      expect(pool.workers.live).toBe(pool.workers.idle);
      const started = pool.workers.started;
      await Promise.all([1, 2].map((i) => extractDocument({ bytes: resume, fileName: `cv${i}.pdf` }, limits, 'resume', options)));
      expect(pool.workers.started).toBe(started + 1);
      expect(pool.workers.live).toBe(2);
    } finally {
      await pool.workers.close();
    }
  });

  it('a thread that dies at its heap cap fails only its job, with PdfWorkerError; the pool recovers', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 2 });
    const options = { pdfPool: pool };
    try {
      const [hostile, good] = await Promise.allSettled([
        extractDocument({ bytes: bomb, fileName: 'bomb.pdf' }, limits, 'resume', { ...options, pdfTimeoutMs: 20_000, pdfMaxHeapMb: 16 }),
        extractDocument({ bytes: resume, fileName: 'cv.pdf' }, limits, 'resume', options),
      ]);
      const error = await expectUserError(hostile.status === 'rejected' ? Promise.reject(hostile.reason) : Promise.resolve());
      expect(error.code).toBe('pdf_too_complex');
      expect((error.cause as Error).name).toBe('PdfWorkerError');
      expect(good.status === 'fulfilled' && good.value.pages).toBe(2);
      expect([pool.running, pool.workers.live, pool.workers.idle]).toEqual([0, 1, 1]);
      const after = await Promise.all([1, 2, 3].map((i) => extractDocument({ bytes: resume, fileName: `cv${i}.pdf` }, limits, 'resume', options)));
      expect(after.map((d) => d.pages)).toEqual([2, 2, 2]);
      expect(pool.workers.live).toBeLessThanOrEqual(2);
    } finally {
      await pool.workers.close();
    }
  });
});
