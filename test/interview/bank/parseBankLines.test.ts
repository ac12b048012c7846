import { describe, expect, it } from 'vitest';
import { BANK_LIMITS } from '../../../src/interview/bank/BankQuestion.ts';
import { parseBankLines } from '../../../src/interview/bank/parseBankLines.ts';

describe('parseBankLines', () => {
  it('takes one question per line, skipping blank lines, list markers and repeats (ignoring case and spacing)', () => {
    const text = [
      'Tell me about a hard bug you fixed.',
      '',
      '   ',
      '- How do you review   code?',
      '2) What is your testing strategy?',
      'Q3: Why this company?  Be specific.',
      'tell me about a HARD bug   you fixed.',
      '\tHow do you review code?',
    ].join('\r\n');
    const parsed = parseBankLines(text);
    expect(parsed.texts).toEqual(['Tell me about a hard bug you fixed.', 'How do you review code?', 'What is your testing strategy?', 'Why this company? Be specific.']);
    expect(parsed.skipped).toEqual({ duplicate: 2, tooShort: { count: 0, lines: [] }, tooLong: { count: 0, lines: [] }, overLimit: 0 });
  });

  it('skips lines shorter than 10 or longer than 500 characters and says which lines', () => {
    const long = `Describe ${'a very long question '.repeat(30)}?`;
    const parsed = parseBankLines(['Why?', 'A proper question here?', long, 'Short one', 'x'.repeat(BANK_LIMITS.maxChars), 'y'.repeat(BANK_LIMITS.maxChars + 1)].join('\n'));
    expect(parsed.texts).toEqual(['A proper question here?', 'x'.repeat(500)]);
    expect(parsed.skipped.tooShort).toEqual({ count: 2, lines: [1, 4] });
    expect(parsed.skipped.tooLong).toEqual({ count: 2, lines: [3, 6] });
  });

  it('keeps the first 200 questions of an import and counts the rest', () => {
    const lines = Array.from({ length: 230 }, (_, i) => `Question number ${i + 1} for you?`);
    const parsed = parseBankLines([...lines, lines[0]!].join('\n'));
    expect(parsed.texts).toHaveLength(BANK_LIMITS.maxPerAdd);
    expect(parsed.texts.at(-1)).toBe('Question number 200 for you?');
    expect(parsed.skipped.overLimit).toBe(30);
    expect(parsed.skipped.duplicate).toBe(1);
  });

  it('gives nothing for an empty or blank text', () => {
    expect(parseBankLines('\n \n\t\n').texts).toEqual([]);
  });
});
