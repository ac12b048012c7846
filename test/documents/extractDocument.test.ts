import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DocumentLimits } from '../../src/interview/documents/DocumentLimits.ts';
import { extractDocument } from '../../src/interview/documents/extractDocument.ts';
import type { PdfTextExtractor } from '../../src/interview/documents/runDocumentWorker.ts';
import { expectUserError } from './expectUserError.ts';

const fixtures = new URL('../fixtures/documents/', import.meta.url);
const limits: DocumentLimits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000 };

async function fixture(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(new URL(name, fixtures)));
}


describe('extractDocument: a real two-page resume PDF (LibreOffice)', () => {
  it('extracts the text of both pages with its key words and page count', async () => {
    const bytes = await fixture('resume.pdf');
    const doc = await extractDocument({ bytes, fileName: 'resume.pdf', contentType: 'application/pdf' }, limits, 'resume');
    expect(doc.kind).toBe('pdf');
    expect(doc.pages).toBe(2);
    expect(doc.truncated).toBe(false);
    expect(doc.notices).toEqual([]);
    // page 1
    expect(doc.text).toContain('Jordan Rivera');
    expect(doc.text).toMatch(/distributed cache in Go/);
    expect(doc.text).toContain('Kubernetes');
    expect(doc.text).toContain('Northwind Payments');
    // page 2
    expect(doc.text).toContain('groupcache-lite');
    expect(doc.text).toContain('Instituto Superior Técnico');
    // normalised: no tabs, no runs of spaces, no more than one blank line, no page markers
    expect(doc.text).not.toMatch(/\t| {2}|\n{3}|-- 1 of 2 --/);
    // the caller's buffer is not detached by pdf.js
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('reads only the first maxPdfPages pages and says so', async () => {
    const doc = await extractDocument({ bytes: await fixture('resume.pdf'), fileName: 'cv.pdf' }, { ...limits, maxPdfPages: 1 }, 'resume');
    expect(doc.pages).toBe(2);
    expect(doc.truncated).toBe(true);
    expect(doc.text).toContain('Northwind Payments');
    expect(doc.text).not.toContain('groupcache-lite');
    expect(doc.notices).toEqual(['Your resume has 2 pages; only the first page was read.']);
  });

  it('cuts long text at a word boundary to maxChars and says so', async () => {
    const full = await extractDocument({ bytes: await fixture('resume.pdf'), fileName: 'cv.pdf' }, limits, 'resume');
    const maxChars = 1_000;
    const doc = await extractDocument({ bytes: await fixture('resume.pdf'), fileName: 'cv.pdf' }, { ...limits, maxChars }, 'resume');
    expect(doc.truncated).toBe(true);
    expect(doc.text.length).toBeLessThanOrEqual(maxChars);
    expect(doc.text.length).toBeGreaterThan(maxChars * 0.8);
    expect(full.text.startsWith(doc.text)).toBe(true);
    expect(full.text.charAt(doc.text.length)).toMatch(/\s/); // cut before a space, not mid-word
    expect(doc.notices).toEqual(['Your resume is long; only the first 1,000 characters were used.']);
  });

  it('reads a PDF by its bytes even when it is named .txt', async () => {
    const doc = await extractDocument({ bytes: await fixture('resume.pdf'), fileName: 'resume.txt' }, limits, 'resume');
    expect(doc.kind).toBe('pdf');
    expect(doc.text).toContain('Kubernetes');
  });
});

describe('extractDocument: text files', () => {
  it('reads a UTF-8 job description', async () => {
    const doc = await extractDocument({ bytes: await fixture('job-description.txt'), fileName: 'jd.txt', contentType: 'text/plain; charset=utf-8' }, limits, 'job description');
    expect(doc).toMatchObject({ kind: 'text', pages: null, truncated: false, notices: [] });
    expect(doc.text.startsWith('Senior Backend Engineer (Go) — Platform Team\n\nAbout the role')).toBe(true);
    expect(doc.text).toContain('distributed cache in front of our ledger');
  });

  it('reads UTF-16 with a BOM, and strips a UTF-8 BOM, to the same text', async () => {
    const utf8 = await extractDocument({ bytes: await fixture('job-description.txt'), fileName: 'jd.txt' }, limits, 'job description');
    const utf16 = await extractDocument({ bytes: await fixture('job-description-utf16.txt'), fileName: 'jd.txt' }, limits, 'job description');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...(await fixture('job-description.txt'))]);
    const bom = await extractDocument({ bytes: withBom, fileName: 'jd.md' }, limits, 'job description');
    expect(utf16.text).toBe(utf8.text);
    expect(bom.text).toBe(utf8.text);
  });

  it('decodes Windows-1252 text that is not valid UTF-8', async () => {
    const bytes = new Uint8Array([...Buffer.from('Caf', 'latin1'), 0xe9, 0x20, 0x93, ...Buffer.from('quoted', 'latin1'), 0x94, 0x0d, 0x0a]);
    const doc = await extractDocument({ bytes, fileName: 'notes.txt' }, limits, 'job description');
    expect(doc.text).toBe('Café “quoted”');
  });

  it('normalises whitespace and drops control characters', async () => {
    const raw = 'Senior\u00a0 Go\tengineer\u0007\r\n\r\n\r\n\r\nKubernetes\u200b  and\u0000 caching\r\n';
    const doc = await extractDocument({ bytes: new TextEncoder().encode(raw.replace('\u0000', '')), fileName: 'jd.txt' }, limits, 'job description');
    expect(doc.text).toBe('Senior Go engineer\n\nKubernetes and caching');
  });

  it('cuts an oversized text at the character budget with a notice naming the role', async () => {
    const words = Array.from({ length: 6_000 }, (_, i) => `word${i}`).join(' ');
    const doc = await extractDocument({ bytes: new TextEncoder().encode(words), fileName: 'jd.txt' }, limits, 'job description');
    expect(doc.text.length).toBeLessThanOrEqual(20_000);
    expect(doc.text.length).toBeGreaterThan(19_000);
    expect(words.startsWith(doc.text + ' ')).toBe(true);
    expect(doc.notices).toEqual(['The job description is long; only the first 20,000 characters were used.']);
  });
});

describe('extractDocument: each bad document gets its own error (scans without OCR: see scannedPdf.test.ts for OCR)', () => {
  const cases: { file: string; name: string; contentType?: string; code: string; message: RegExp }[] = [
    { file: 'resume.pdf', name: 'resume.odt', contentType: 'application/vnd.oasis.opendocument.text', code: 'document_wrong_type', message: /"resume\.odt" is a \.odt file.*upload a PDF, a Word \(\.docx\) or a \.txt file/ },
    { file: 'scanned.pdf', name: 'photo.png', contentType: 'image/png', code: 'document_wrong_type', message: /"photo\.png" is a \.png file/ },
    { file: 'empty.txt', name: 'empty.txt', code: 'document_empty', message: /"empty\.txt" is empty; check that you attached the right file/ },
    { file: 'binary.txt', name: 'binary.txt', code: 'document_binary', message: /"binary\.txt" is named like a text file but contains binary data/ },
    { file: 'encrypted.pdf', name: 'encrypted.pdf', code: 'pdf_encrypted', message: /"encrypted\.pdf" is password-protected; remove the password/ },
    { file: 'corrupt.pdf', name: 'corrupt.pdf', code: 'pdf_corrupt', message: /"corrupt\.pdf" is damaged or not a valid PDF; export it again/ },
    { file: 'binary.txt', name: 'renamed.pdf', code: 'pdf_corrupt', message: /"renamed\.pdf" is damaged or not a valid PDF/ },
    { file: 'scanned.pdf', name: 'scanned.pdf', code: 'pdf_no_text', message: /"scanned\.pdf" has no text layer.*run OCR/ },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.file}) → ${c.code}`, async () => {
      const bytes = await fixture(c.file);
      const error = await expectUserError(extractDocument({ bytes, fileName: c.name, contentType: c.contentType ?? null }, limits, 'resume', { ocr: null }));
      expect(error.code).toBe(c.code);
      expect(error.message).toMatch(/^Your resume "/);
      expect(error.message).toMatch(c.message);
    });
  }

  it('refuses a file over maxBytes, naming the limit in MB', async () => {
    const bytes = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61);
    const error = await expectUserError(extractDocument({ bytes, fileName: 'huge.txt' }, limits, 'job description'));
    expect(error.code).toBe('document_too_large');
    expect(error.message).toMatch(/^The job description "huge\.txt" is larger than the 5 MB limit/);
  });

  it('refuses a text file that is only whitespace and control characters as empty', async () => {
    const error = await expectUserError(extractDocument({ bytes: new TextEncoder().encode(' \r\n\t\u0007 \n'), fileName: 'blank.txt' }, limits, 'job description'));
    expect(error.code).toBe('document_empty');
    expect(error.message).toMatch(/^The job description "blank\.txt" is empty/);
  });

  it('offers the jd_text option when a job description PDF cannot be read', async () => {
    const error = await expectUserError(extractDocument({ bytes: await fixture('scanned.pdf'), fileName: 'jd.pdf' }, limits, 'job description', { ocr: null }));
    expect(error.code).toBe('pdf_no_text');
    expect(error.message).toMatch(/paste the text in the jd_text option/);
  });
});

describe('extractDocument: hostile or misbehaving PDFs', () => {
  it('stops a PDF bomb at the timeout without blocking the event loop', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 50);
    const started = Date.now();
    try {
      const error = await expectUserError(extractDocument({ bytes: await fixture('bomb.pdf'), fileName: 'bomb.pdf' }, limits, 'resume', { pdfTimeoutMs: 1_500 }));
      expect(error.code).toBe('pdf_too_complex');
      expect(error.message).toMatch(/^Your resume "bomb\.pdf" took too long or too much memory to read.*upload the text as a \.txt file/);
    } finally {
      clearInterval(ticker);
    }
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(8_000); // pdf.js alone needs ~12 s for this file
    expect(ticks).toBeGreaterThan(elapsedMs / 50 / 4); // timers kept firing while it was parsed
  });

  it('stops a PDF that exceeds the worker heap cap', async () => {
    const error = await expectUserError(
      extractDocument({ bytes: await fixture('bomb.pdf'), fileName: 'bomb.pdf' }, limits, 'resume', { pdfTimeoutMs: 20_000, pdfMaxHeapMb: 16 }),
    );
    expect(error.code).toBe('pdf_too_complex');
    expect((error.cause as Error).name).toBe('PdfWorkerError');
  });

  it('bounds an extractor that never finishes and aborts it', async () => {
    let abortedWith: unknown;
    const hanging: PdfTextExtractor = (_data, { signal }) => {
      signal.addEventListener('abort', () => (abortedWith = signal.reason));
      return new Promise(() => undefined);
    };
    const error = await expectUserError(
      extractDocument({ bytes: await fixture('resume.pdf'), fileName: 'slow.pdf' }, limits, 'resume', { pdfTimeoutMs: 200, extractPdf: hanging }),
    );
    expect(error.code).toBe('pdf_too_complex');
    expect(abortedWith).toBeInstanceOf(Error);
  });

  it('turns odd throws (non-Error values, synchronous throws, bad results) into pdf_corrupt', async () => {
    const bytes = await fixture('resume.pdf');
    const extractors: PdfTextExtractor[] = [
      () => Promise.reject(new RangeError('boom')),
      () => Promise.reject('a string'),
      () => {
        throw new TypeError('cannot construct');
      },
      async () => null as never,
      async () => ({ text: 42, pages: 1, pagesRead: 1 }) as never,
    ];
    for (const extractPdf of extractors) {
      const error = await expectUserError(extractDocument({ bytes, fileName: 'odd.pdf' }, limits, 'resume', { extractPdf }));
      expect(error.code).toBe('pdf_corrupt');
    }
  });
});
