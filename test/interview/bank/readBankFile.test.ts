import { describe, expect, it } from 'vitest';
import { readBankFile } from '../../../src/interview/bank/readBankFile.ts';
import { UserError } from '../../../src/UserError.ts';

/** A fetch that serves `bytes` for any URL (what Discord's CDN would send). */
const serve = (bytes: Uint8Array) => (async () => new Response(bytes)) as unknown as typeof fetch;
const file = (name: string, bytes: Uint8Array, contentType: string | null = 'text/plain; charset=utf-8') => ({ url: 'https://cdn.example/q', size: bytes.length, name, contentType });

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('readBankFile', () => {
  it('reads a UTF-8 .txt file (with or without a BOM), or a text/plain file without an extension', async () => {
    const text = 'Why this role?\nTell me about a hard bug — and the fix.\n';
    const utf8 = new TextEncoder().encode(text);
    expect(await readBankFile(file('questions.txt', utf8), { fetch: serve(utf8) })).toBe(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(await readBankFile(file('Questions.TXT', bom), { fetch: serve(bom) })).toBe(text);
    expect(await readBankFile(file('questions', utf8), { fetch: serve(utf8) })).toBe(text);
  });

  it('refuses another type, an oversized or empty file, with what to do', async () => {
    const bytes = new TextEncoder().encode('Why this role?\n');
    const wrong = await refusal(readBankFile(file('questions.docx', bytes), { fetch: serve(bytes) }));
    expect(wrong.code).toBe('bank_file_type');
    expect(wrong.message).toMatch(/\.docx file.*plain text file \(\.txt, UTF-8\), one question per line/);
    const big = await refusal(readBankFile({ ...file('big.txt', bytes), size: 64 * 1024 + 1 }, { fetch: serve(bytes) }));
    expect(big.code).toBe('bank_file_too_large');
    expect(big.message).toMatch(/64 KiB.*Split it/);
    expect((await refusal(readBankFile({ ...file('empty.txt', bytes), size: 0 }, { fetch: serve(bytes) }))).code).toBe('bank_file_empty');
    // A file larger than it declared is cut off at the limit, and refused the same way.
    const huge = new Uint8Array(64 * 1024 + 10).fill(0x41);
    expect((await refusal(readBankFile({ ...file('liar.txt', huge), size: 10 }, { fetch: serve(huge) }))).code).toBe('bank_file_too_large');
  });

  it('refuses a PDF or Word file renamed to .txt, and binary bytes, by their content', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\n');
    const asPdf = await refusal(readBankFile(file('questions.txt', pdf), { fetch: serve(pdf) }));
    expect(asPdf).toMatchObject({ code: 'bank_file_binary' });
    expect(asPdf.message).toMatch(/named \.txt but is a PDF/);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('word/document.xml')]);
    expect((await refusal(readBankFile(file('questions.txt', zip), { fetch: serve(zip) }))).message).toMatch(/Word document/);
    const noise = Uint8Array.from({ length: 400 }, (_, i) => (i * 7919) % 256);
    const binary = await refusal(readBankFile(file('questions.txt', noise), { fetch: serve(noise) }));
    expect(binary.code).toBe('bank_file_binary');
    expect(binary.message).toMatch(/binary data.*Save the questions as a plain text file/);
  });
});
