import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentLimits } from '../../src/interview/documents/DocumentLimits.ts';
import { detectOcr } from '../../src/interview/documents/detectOcr.ts';
import { extractDocument } from '../../src/interview/documents/extractDocument.ts';
import { createOcrReader, type OcrReader } from '../../src/interview/documents/ocrPdf.ts';
import { PdfWorkerPool } from '../../src/interview/documents/PdfWorkerPool.ts';
import { expectUserError } from './expectUserError.ts';
import { makeBlankScan, makeScannedPdf } from './makeTestDocuments.ts';

const limits: DocumentLimits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000 };
const resumePdf = new Uint8Array(await readFile(new URL('../fixtures/documents/resume.pdf', import.meta.url)));
let scan: Uint8Array;
let ocr: OcrReader;

/** Temporary OCR directories left behind (there must be none). */
const ocrDirs = async (): Promise<string[]> => (await readdir(tmpdir())).filter((f) => f.startsWith('hotseat-ocr-'));

beforeAll(async () => {
  // Fails loudly when the tools are missing: scripts/setup-test-deps.sh installs them.
  const found = await detectOcr();
  expect(found, 'OCR needs tesseract (Debian tesseract-ocr + tesseract-ocr-eng) and pdftoppm (poppler-utils)').not.toBeNull();
  ocr = found!;
  scan = await makeScannedPdf(resumePdf, { pages: 2 });
}, 60_000);

describe('extractDocument: a scanned PDF (two pages of resume.pdf rasterised at 150 dpi, no text layer)', () => {
  it('has no text layer: without OCR it gets the clear pdf_no_text error', async () => {
    const error = await expectUserError(extractDocument({ bytes: scan, fileName: 'scan.pdf' }, limits, 'resume', { ocr: null }));
    expect(error.code).toBe('pdf_no_text');
    expect(error.message).toMatch(/^Your resume "scan\.pdf" has no text layer \(it looks like a scan or an image\)/);
  });

  it('is read by OCR when tesseract is installed (the default), with a notice', async () => {
    const before = await ocrDirs();
    const doc = await extractDocument({ bytes: scan, fileName: 'scan.pdf', contentType: 'application/pdf' }, limits, 'resume');
    expect(doc).toMatchObject({ kind: 'pdf', ocr: true, pages: 2, truncated: false });
    expect(doc.notices).toEqual(['Your resume has no text layer (it looks like a scan), so its text was read by OCR and may contain misread words.']);
    // page 1
    expect(doc.text).toContain('Jordan Rivera');
    expect(doc.text).toContain('Kubernetes');
    expect(doc.text).toContain('Northwind Payments');
    // page 2
    expect(doc.text).toContain('groupcache-lite');
    expect(await ocrDirs()).toEqual(before);
  }, 60_000);

  it('reads only the first maxOcrPages pages by OCR and says so', async () => {
    const doc = await extractDocument({ bytes: scan, fileName: 'jd.pdf' }, limits, 'job description', { ocr, maxOcrPages: 1 });
    expect(doc.text).toContain('Northwind Payments');
    expect(doc.text).not.toContain('groupcache-lite');
    expect(doc.truncated).toBe(true);
    expect(doc.notices).toEqual([
      'The job description has no text layer (it looks like a scan), so its text was read by OCR and may contain misread words.',
      'The job description has 2 pages; only the first page was read.',
    ]);
  }, 60_000);

  it('reads the scanned resume fixture (made with img2pdf) as well', async () => {
    const fixture = new Uint8Array(await readFile(new URL('../fixtures/documents/scanned.pdf', import.meta.url)));
    const doc = await extractDocument({ bytes: fixture, fileName: 'scanned.pdf' }, limits, 'resume', { ocr });
    expect(doc.ocr).toBe(true);
    expect(doc.text).toContain('distributed cache');
  }, 60_000);
});

describe('extractDocument: scans OCR cannot read', () => {
  it('a blank scan: OCR finds no text → pdf_no_text', async () => {
    const error = await expectUserError(extractDocument({ bytes: makeBlankScan(), fileName: 'blank.pdf' }, limits, 'resume', { ocr }));
    expect(error.code).toBe('pdf_no_text');
  }, 60_000);

  it('tesseract failing (a language it does not have) → pdf_ocr_failed, temp files removed', async () => {
    const before = await ocrDirs();
    const broken = createOcrReader({ language: 'xx-not-installed' });
    const error = await expectUserError(extractDocument({ bytes: scan, fileName: 'scan.pdf' }, limits, 'job description', { ocr: broken }));
    expect(error.code).toBe('pdf_ocr_failed');
    expect(error.message).toMatch(/^The job description "scan\.pdf" has no text layer \(it looks like a scan\) and reading it by OCR failed; .*jd_text/);
    expect(await ocrDirs()).toEqual(before);
  }, 60_000);

  it('OCR past its time budget → pdf_too_complex; the tools are killed and temp files removed', async () => {
    const before = await ocrDirs();
    const started = Date.now();
    const error = await expectUserError(extractDocument({ bytes: scan, fileName: 'scan.pdf' }, limits, 'resume', { ocr, ocrTimeoutMs: 300 }));
    expect(error.code).toBe('pdf_too_complex');
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(ocrDirs).toEqual(before);
  }, 60_000);

  it('aborting rejects with the caller’s reason, frees the pool slot and removes temp files', async () => {
    const before = await ocrDirs();
    const pool = new PdfWorkerPool({ maxWorkers: 1 });
    const controller = new AbortController();
    const reason = new Error('the candidate left');
    let ocrStarted!: () => void;
    const started = new Promise<void>((resolve) => (ocrStarted = resolve));
    const watched: OcrReader = (bytes, options) => {
      ocrStarted();
      return ocr(bytes, options);
    };
    const reading = extractDocument({ bytes: scan, fileName: 'scan.pdf' }, limits, 'resume', { ocr: watched, pdfPool: pool, signal: controller.signal });
    await started;
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    await expect.poll(() => pool.running).toBe(0);
    await expect.poll(ocrDirs).toEqual(before);
  }, 60_000);
});
