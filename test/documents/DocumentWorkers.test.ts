import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DocumentWorkerInput } from '../../src/interview/documents/documentWorker.ts';
import { DocumentWorkers } from '../../src/interview/documents/DocumentWorkers.ts';
import { extractPdfText } from '../../src/interview/documents/extractPdfText.ts';
import { PdfWorkerPool } from '../../src/interview/documents/PdfWorkerPool.ts';
import { extractPdfTextInWorker } from '../../src/interview/documents/runDocumentWorker.ts';

const fixtures = new URL('../fixtures/documents/', import.meta.url);
const fixture = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(new URL(name, fixtures)));
const resume = await fixture('resume.pdf');
const resumeDocx = await fixture('resume.docx');
const pdf = (data: Uint8Array, maxPdfPages = 20): DocumentWorkerInput => ({ format: 'pdf', data, maxPdfPages });
const job = () => ({ signal: new AbortController().signal });

describe('DocumentWorkers: warm threads, reused', () => {
  it('serves sequential jobs on one thread, with the same results as a fresh worker and as pdf-parse in-thread', async () => {
    const workers = new DocumentWorkers({ maxWarm: 2 });
    const inThread = await extractPdfText(resume, 20);
    const fresh = await extractPdfTextInWorker(resume, { maxPdfPages: 20, signal: new AbortController().signal });
    const firstPage = await extractPdfText(resume, 1);
    try {
      for (let i = 0; i < 5; i++) expect(await workers.run(pdf(resume), job())).toEqual(inThread);
      expect(await workers.run(pdf(resume, 1), job())).toEqual(firstPage);
      expect(fresh).toEqual(inThread);
      expect(inThread.text).toContain('Northwind Payments');
      expect([workers.started, workers.live, workers.idle]).toEqual([1, 1, 1]);
    } finally {
      await workers.close();
    }
    expect(workers.live).toBe(0);
  });

  it('reads Word documents and PDFs on the same warm thread, as a fresh worker does', async () => {
    const workers = new DocumentWorkers();
    const freshDocx = await new DocumentWorkers({ maxWarm: 0 }).run({ format: 'docx', data: resumeDocx }, job());
    try {
      expect(await workers.run({ format: 'docx', data: resumeDocx }, job())).toEqual(freshDocx);
      expect((await workers.run(pdf(resume), job())).pages).toBe(2);
      expect(await workers.run({ format: 'docx', data: resumeDocx }, job())).toEqual(freshDocx);
      expect(freshDocx).toMatchObject({ pages: 0, pagesRead: 0 });
      expect(freshDocx.text).toContain('Northwind');
      expect(workers.started).toBe(1);
    } finally {
      await workers.close();
    }
  });

  it("leaves the caller's buffer usable", async () => {
    const workers = new DocumentWorkers();
    const bytes = resume.slice();
    try {
      await workers.run(pdf(bytes), job());
      expect(bytes.byteLength).toBe(resume.byteLength);
      expect(await workers.run(pdf(bytes), job())).toMatchObject({ pages: 2 });
    } finally {
      await workers.close();
    }
  });

  it('maxWarm 0 (runDocumentWorker without workers) starts a fresh thread per job and keeps none', async () => {
    const workers = new DocumentWorkers({ maxWarm: 0 });
    for (let i = 0; i < 3; i++) await workers.run(pdf(resume), job());
    expect([workers.started, workers.live, workers.idle]).toEqual([3, 0, 0]);
  });

  it('a pool of 2 reads a burst of 20 PDFs on 2 threads, never more alive', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 2, maxQueued: 20 });
    let peakLive = 0;
    const sampler = setInterval(() => (peakLive = Math.max(peakLive, pool.workers.live)), 1);
    try {
      const reads = await Promise.all(
        Array.from({ length: 20 }, () => pool.acquire().then((release) => pool.workers.run(pdf(resume), job()).finally(release))),
      );
      expect(reads.every((r) => r.pages === 2 && r.text.includes('Northwind Payments'))).toBe(true);
      expect([pool.workers.started, pool.workers.live, pool.workers.idle, pool.peakRunning]).toEqual([2, 2, 2, 2]);
    } finally {
      clearInterval(sampler);
      await pool.workers.close();
    }
    expect(peakLive).toBeLessThanOrEqual(2);
  });

  it('a job asking for another heap cap ends an idle thread first, so live threads stay within maxWarm', async () => {
    const workers = new DocumentWorkers({ maxWarm: 1 });
    try {
      await workers.run(pdf(resume), job());
      await workers.run(pdf(resume), { ...job(), maxHeapMb: 128 });
      expect([workers.started, workers.live]).toEqual([2, 1]);
      await workers.run(pdf(resume), { ...job(), maxHeapMb: 128 });
      expect(workers.started).toBe(2);
    } finally {
      await workers.close();
    }
  });
});

describe('DocumentWorkers: recycling and idle threads', () => {
  it('ends a thread after maxJobs jobs', async () => {
    const workers = new DocumentWorkers({ maxJobs: 3 });
    for (let i = 0; i < 7; i++) await workers.run(pdf(resume), job());
    expect(workers.started).toBe(3);
    await workers.close();
  });

  it('ends a thread whose heap after a job is above maxHeapShare of its cap', async () => {
    // 1 % of 256 MB is below any heap that has loaded pdf.js: every job ends its thread.
    const workers = new DocumentWorkers({ maxHeapShare: 0.01 });
    for (let i = 0; i < 3; i++) expect((await workers.run(pdf(resume), job())).pages).toBe(2);
    expect([workers.started, workers.live]).toEqual([3, 0]);
  });

  it('ends a thread idle for idleMs, and starts a new one on the next job', async () => {
    const workers = new DocumentWorkers({ idleMs: 100 });
    await workers.run(pdf(resume), job());
    expect(workers.idle).toBe(1);
    await expect.poll(() => workers.live, { timeout: 5_000 }).toBe(0);
    await workers.run(pdf(resume), job());
    expect(workers.started).toBe(2);
    await workers.close();
  });

  it('an idle warm thread does not keep the process alive', async () => {
    const module = new URL('../../src/interview/documents/DocumentWorkers.ts', import.meta.url).href;
    const script = [
      `import { DocumentWorkers } from ${JSON.stringify(module)};`,
      `const bytes = new Uint8Array(await (await import('node:fs/promises')).readFile(${JSON.stringify(new URL('resume.pdf', fixtures).pathname)}));`,
      `const workers = new DocumentWorkers({ idleMs: 600_000 });`,
      `const r = await workers.run({ format: 'pdf', data: bytes, maxPdfPages: 20 }, { signal: new AbortController().signal });`,
      `console.log(JSON.stringify({ pages: r.pages, idle: workers.idle }));`,
    ].join('\n');
    // With a 10-minute idle timer, only an unreferenced thread lets the process end before the kill.
    const dir = await mkdtemp(join(tmpdir(), 'hotseat-warm-'));
    try {
      await writeFile(join(dir, 'idle.mjs'), script);
      const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'idle.mjs')], { timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual({ pages: 2, idle: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
