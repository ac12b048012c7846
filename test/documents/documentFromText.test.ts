import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/UserError.ts';
import { documentFromText } from '../../src/interview/documents/documentFromText.ts';
import { documentLimitsFromConfig, formatMegabytes } from '../../src/interview/documents/DocumentLimits.ts';
import { limitText } from '../../src/interview/documents/limitText.ts';
import { normalizeText } from '../../src/interview/documents/normalizeText.ts';

const limits = { maxBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 1_000 };

describe('documentFromText (the jd_text option)', () => {
  it('normalises pasted text like a file', () => {
    const doc = documentFromText('  Backend engineer\r\n\r\n\r\n- Go\u00a0and  Kubernetes\u0000\n', limits, 'job description');
    expect(doc).toEqual({ text: 'Backend engineer\n\n- Go and Kubernetes', kind: 'text', ocr: false, pages: null, truncated: false, notices: [] });
  });

  it('refuses blank text with a message that says to paste it', () => {
    let error: unknown;
    try {
      documentFromText(' \n\t\u200b ', limits, 'job description');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('document_empty');
    expect((error as UserError).message).toBe('The job description is empty; paste the full text and try again.');
  });

  it('cuts to the budget with a notice', () => {
    const text = 'distributed '.repeat(200);
    const doc = documentFromText(text, limits, 'job description');
    expect(doc.truncated).toBe(true);
    expect(doc.text.length).toBeLessThanOrEqual(1_000);
    expect(doc.text.endsWith('distributed')).toBe(true);
    expect(doc.notices).toEqual(['The job description is long; only the first 1,000 characters were used.']);
  });
});

describe('limitText', () => {
  it('leaves text within the budget alone', () => {
    expect(limitText('short text', 10)).toEqual({ text: 'short text', truncated: false });
  });

  it('cuts at the last space within the budget', () => {
    expect(limitText('alpha beta gamma delta', 19)).toEqual({ text: 'alpha beta gamma', truncated: true });
    expect(limitText('alpha beta\ngamma delta', 13)).toEqual({ text: 'alpha beta\nga', truncated: true }); // no space in the last fifth: hard cut
  });

  it('keeps a word that ends exactly at the budget', () => {
    expect(limitText('alpha beta gamma', 10)).toEqual({ text: 'alpha beta', truncated: true });
  });

  it('cuts mid-word when there is no space near the end, never inside a surrogate pair', () => {
    expect(limitText('x'.repeat(50), 20)).toEqual({ text: 'x'.repeat(20), truncated: true });
    const emoji = 'a'.repeat(9) + '😀'.repeat(5); // the 10th code unit is a high surrogate
    const cut = limitText(emoji, 10);
    expect(cut.text).toBe('a'.repeat(9));
    expect(cut.text).not.toMatch(/[\ud800-\udbff]$/);
  });
});

describe('normalizeText', () => {
  it('composes to NFC, unifies line ends and drops invisible characters', () => {
    expect(normalizeText('Cafe\u0301\rline\u2028two\u00ad\ufeff\u200d end')).toBe('Café\nline\ntwo end');
  });

  it('drops lone surrogates but keeps real pairs', () => {
    expect(normalizeText('ok \ud83d and 😀 \ude00')).toBe('ok and 😀');
  });

  it('keeps at most one blank line and trims every line', () => {
    expect(normalizeText('  a  \n\n\n\n  b\t\tc  \n')).toBe('a\n\nb c');
  });
});

describe('DocumentLimits', () => {
  it('maps Config.documents and formats limits in MB', () => {
    expect(documentLimitsFromConfig({ documents: { maxUploadBytes: 5 * 1024 * 1024, maxPdfPages: 20, maxChars: 20_000, pdfWorkers: 2 } })).toEqual({
      maxBytes: 5 * 1024 * 1024,
      maxPdfPages: 20,
      maxChars: 20_000,
    });
    expect(formatMegabytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatMegabytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
    expect(formatMegabytes(25 * 1024 * 1024)).toBe('25 MB');
  });
});
