import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { DocumentLimits } from '../../src/interview/documents/DocumentLimits.ts';
import { downloadAttachment } from '../../src/interview/documents/downloadAttachment.ts';
import { extractDocument } from '../../src/interview/documents/extractDocument.ts';
import { PdfWorkerPool } from '../../src/interview/documents/PdfWorkerPool.ts';
import type { DocxTextExtractor } from '../../src/interview/documents/readDocx.ts';
import { sniffDocument } from '../../src/interview/documents/sniffDocument.ts';
import { expectUserError } from './expectUserError.ts';
import { makeDocx } from './makeTestDocuments.ts';

const limits: DocumentLimits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000 };
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const read = async (path: string): Promise<Uint8Array> => new Uint8Array(await readFile(new URL(path, import.meta.url)));
/** Saved by LibreOffice (the same resume as resume.pdf). */
const libreOfficeDocx = await read('../fixtures/documents/resume.docx');
/** From msoffcrypto-tool's test inputs (MIT, see fixtures/NOTICE.md): saved by Word with a password, a Word 97–2003 file, an Excel 97–2003 file. */
const encryptedDocx = await read('./fixtures/example_password.docx');
const oldDoc = await read('./fixtures/plain.doc');
const oldXls = await read('./fixtures/plain.xls');
const paragraphs = ['Morgan Okafor', 'Staff engineer: built a Rust ingestion pipeline & a PostgreSQL sharding layer.', 'Mentored twelve engineers.'];

describe('extractDocument: Word (.docx) documents', () => {
  it('reads a .docx made at test time, one paragraph per block, normalised', async () => {
    const doc = await extractDocument({ bytes: await makeDocx(paragraphs), fileName: 'cv.docx', contentType: docxType }, limits, 'resume');
    expect(doc).toEqual({ text: paragraphs.join('\n\n'), kind: 'docx', ocr: false, pages: null, truncated: false, notices: [] });
  });

  it('reads a .docx saved by LibreOffice', async () => {
    const doc = await extractDocument({ bytes: libreOfficeDocx, fileName: 'resume.docx', contentType: docxType }, limits, 'resume');
    expect(doc.kind).toBe('docx');
    expect(doc.text).toContain('Jordan Rivera');
    expect(doc.text).toMatch(/distributed cache/);
    expect(doc.text).toContain('Kubernetes');
  });

  it('decides by content: a Word file named .txt or .pdf is read as Word, a PDF named .docx as a PDF', async () => {
    const bytes = await makeDocx(paragraphs);
    const asTxt = await extractDocument({ bytes, fileName: 'cv.txt', contentType: 'text/plain; charset=utf-8' }, limits, 'resume');
    const asPdf = await extractDocument({ bytes, fileName: 'cv.pdf', contentType: 'application/pdf' }, limits, 'job description');
    expect([asTxt.kind, asPdf.kind]).toEqual(['docx', 'docx']);
    expect(asTxt.text).toBe(paragraphs.join('\n\n'));
    const pdf = await extractDocument({ bytes: await read('../fixtures/documents/resume.pdf'), fileName: 'cv.docx', contentType: docxType }, limits, 'resume');
    expect(pdf.kind).toBe('pdf');
    expect(pdf.text).toContain('Northwind Payments');
  });

  it('cuts a long .docx at the character budget with a notice', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} about distributed systems and caching layers.`);
    const doc = await extractDocument({ bytes: await makeDocx(many), fileName: 'jd.docx' }, { ...limits, maxChars: 2_000 }, 'job description');
    expect(doc.truncated).toBe(true);
    expect(doc.text.length).toBeLessThanOrEqual(2_000);
    expect(doc.notices).toEqual(['The job description is long; only the first 2,000 characters were used.']);
  });
});

describe('extractDocument: each broken Word document gets its own error', () => {
  it('a damaged zip (a .docx cut short, before or after its document part) → docx_corrupt', async () => {
    const whole = await makeDocx(paragraphs);
    const afterName = whole.subarray(0, whole.length - 200); // lost its central directory
    expect([sniffDocument(whole.subarray(0, 200)), sniffDocument(afterName)]).toEqual(['zip', 'docx']);
    for (const bytes of [whole.subarray(0, 200), afterName]) {
      const error = await expectUserError(extractDocument({ bytes, fileName: 'cv.docx' }, limits, 'resume'));
      expect(error.code).toBe('docx_corrupt');
      expect(error.message).toMatch(/^Your resume "cv\.docx" is damaged or not a valid Word document; save it again as \.docx or PDF.*upload the text as a \.txt file\.$/);
    }
  });

  it('a .docx that is neither a zip nor a Compound File → docx_corrupt', async () => {
    const bytes = new Uint8Array(2048).map((_, i) => (i * 37) % 256);
    const error = await expectUserError(extractDocument({ bytes, fileName: 'cv.docx', contentType: docxType }, limits, 'job description'));
    expect(error.code).toBe('docx_corrupt');
    expect(error.message).toMatch(/paste the text in the jd_text option/);
  });

  it('a zip without a Word document named like text → document_wrong_type (named .docx: docx_corrupt)', async () => {
    const zip = new JSZip();
    zip.file('notes.txt', 'Hello');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const error = await expectUserError(extractDocument({ bytes, fileName: 'cv.txt' }, limits, 'resume'));
    expect(error.code).toBe('document_wrong_type');
    expect(error.message).toMatch(/^Your resume "cv\.txt" is a zip archive, not a Word document, which Hotseat can't read/);
    expect((await expectUserError(extractDocument({ bytes, fileName: 'cv.docx' }, limits, 'resume'))).code).toBe('docx_corrupt');
  });

  it('a password-protected .docx (a Compound File, not a zip) → docx_encrypted, even named .txt', async () => {
    for (const fileName of ['cv.docx', 'cv.txt']) {
      const error = await expectUserError(extractDocument({ bytes: encryptedDocx, fileName }, limits, 'resume'));
      expect(error.code).toBe('docx_encrypted');
      expect(error.message).toMatch(new RegExp(`^Your resume "cv\\.${fileName.slice(3)}" is a password-protected Word document; in Word, remove the password`));
    }
  });

  it('an old binary .doc → doc_old_format, saying to save it as .docx or PDF', async () => {
    const error = await expectUserError(extractDocument({ bytes: oldDoc, fileName: 'cv.doc', contentType: 'application/msword' }, limits, 'resume'));
    expect(error.code).toBe('doc_old_format');
    expect(error.message).toBe(
      'Your resume "cv.doc" is an old Word 97–2003 (.doc) file, which Hotseat can\'t read; open it in Word, LibreOffice or Google Docs and save it as .docx or PDF, then upload that.',
    );
  });

  it('another old Office file (a spreadsheet named .docx) → document_wrong_type', async () => {
    const error = await expectUserError(extractDocument({ bytes: oldXls, fileName: 'cv.docx' }, limits, 'resume'));
    expect(error.code).toBe('document_wrong_type');
    expect(error.message).toMatch(/is an old Office file that is not a Word document/);
  });

  it('a .docx with no text → document_empty', async () => {
    const error = await expectUserError(extractDocument({ bytes: await makeDocx(['', ' ']), fileName: 'blank.docx' }, limits, 'resume'));
    expect(error.code).toBe('document_empty');
    expect(error.message).toMatch(/^Your resume "blank\.docx" is empty/);
  });

  it('a .docx over maxBytes → document_too_large, before it is read', async () => {
    const bytes = await makeDocx(paragraphs);
    const error = await expectUserError(extractDocument({ bytes, fileName: 'cv.docx' }, { ...limits, maxBytes: bytes.length - 1 }, 'resume'));
    expect(error.code).toBe('document_too_large');
  });

  it('a zip bomb (XML declared larger than 64 MB) → docx_too_complex, refused before unpacking', async () => {
    const zip = await JSZip.loadAsync(await makeDocx(paragraphs));
    zip.file('word/styles.xml', Buffer.alloc(65 * 1024 * 1024, 0x20));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(bytes.length).toBeLessThan(limits.maxBytes);
    const error = await expectUserError(extractDocument({ bytes, fileName: 'bomb.docx' }, limits, 'resume'));
    expect(error.code).toBe('docx_too_complex');
    expect((error.cause as Error).name).toBe('DocxTooLarge');
  });

  it('a reader that never finishes is stopped at the timeout and aborted', async () => {
    let abortedWith: unknown;
    const hanging: DocxTextExtractor = (_data, { signal }) => {
      signal.addEventListener('abort', () => (abortedWith = signal.reason));
      return new Promise(() => undefined);
    };
    const error = await expectUserError(extractDocument({ bytes: await makeDocx(paragraphs), fileName: 'slow.docx' }, limits, 'resume', { pdfTimeoutMs: 200, extractDocx: hanging }));
    expect(error.code).toBe('docx_too_complex');
    expect(abortedWith).toBeInstanceOf(Error);
  });

  it('shares the PDF pool: refused as busy when it is full, and rejects with the caller’s reason on abort', async () => {
    const pool = new PdfWorkerPool({ maxWorkers: 1, maxQueued: 0 });
    const release = await pool.acquire();
    const busy = await expectUserError(extractDocument({ bytes: await makeDocx(paragraphs), fileName: 'cv.docx' }, limits, 'resume', { pdfPool: pool }));
    expect(busy.code).toBe('pdf_busy');
    release();
    const controller = new AbortController();
    const reason = new Error('the interaction was cancelled');
    const reading = extractDocument({ bytes: await makeDocx(paragraphs), fileName: 'cv.docx' }, limits, 'resume', { pdfPool: pool, signal: controller.signal });
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    await expect.poll(() => pool.running).toBe(0);
  });
});

describe('downloadAttachment: Word documents are downloaded, not refused by name', () => {
  it('accepts the content types and names Discord sends for .docx and .doc', async () => {
    const bytes = await makeDocx(paragraphs);
    const fetchFn = (async () => new Response(bytes)) as unknown as typeof fetch;
    for (const [name, contentType] of [['cv.docx', docxType], ['cv', docxType], ['cv.doc', 'application/msword'], ['cv.DOCX', null]] as const) {
      const got = await downloadAttachment({ url: 'http://127.0.0.1:9/cv', size: bytes.length, name, contentType }, limits, { fetch: fetchFn, role: 'resume' });
      expect(got).toEqual(bytes);
    }
  });
});
