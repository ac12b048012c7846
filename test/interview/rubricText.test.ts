import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRICS } from '../../src/interview/rubric.ts';
import { criterionKey, parseCriterion, parseRubricTexts, printCriterion, RubricTextError } from '../../src/interview/rubricText.ts';

const errorOf = (fn: () => unknown): RubricTextError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RubricTextError) return e;
    throw e;
  }
  throw new Error('expected a RubricTextError');
};

describe('rubric text format', () => {
  it('prints and parses every default rubric back to the same criteria (keys from the names)', () => {
    for (const rubric of Object.values(DEFAULT_RUBRICS)) {
      expect(parseRubricTexts(rubric.map(printCriterion))).toEqual(rubric);
    }
  });

  it('accepts spacing, other separators and anchors over several lines; drops empty inputs', () => {
    const parsed = parseRubricTexts(['', '  Ownership  \n\n9 - Drives it end to end\n2) Waits to be told\n5 = Owns their part,\n  asks for help when stuck', '   ']);
    expect(parsed).toEqual([{ key: 'ownership', name: 'Ownership', anchors: { low: 'Waits to be told', mid: 'Owns their part, asks for help when stuck', high: 'Drives it end to end' } }]);
  });

  it('names the problem: a missing or doubled anchor, a long name, a stray line, an anchor as name', () => {
    expect(parseCriterion('', 0)).toBeNull();
    const missing = errorOf(() => parseRubricTexts(['Clarity\n2: a\n9: c']));
    expect(missing.message).toContain('`5:` anchor is missing');
    expect(missing.criterionName).toBe('Clarity');
    expect(missing.index).toBe(0);
    expect(errorOf(() => parseCriterion('Clarity\n2: a\n2: b\n5: x\n9: y', 1)).message).toContain('`2:` line appears twice');
    const long = errorOf(() => parseCriterion(`${'x'.repeat(46)}\n2: a\n5: b\n9: c`, 2));
    expect(long.message).toContain('46 characters; at most 45');
    expect(long.index).toBe(2);
    expect(errorOf(() => parseCriterion('Clarity\nsome words\n2: a\n5: b\n9: c', 0)).message).toContain('must start with `2:`');
    expect(errorOf(() => parseCriterion('2: a\n5: b\n9: c', 0)).message).toContain('first line must be the criterion’s name');
    expect(errorOf(() => parseCriterion(`Depth\n2: ${'a'.repeat(301)}\n5: b\n9: c`, 0)).message).toContain('301 characters; at most 300');
  });

  it('refuses the same name twice (ignoring case) and an all-empty rubric', () => {
    const dup = errorOf(() => parseRubricTexts(['Impact\n2: a\n5: b\n9: c', 'impact\n2: d\n5: e\n9: f']));
    expect(dup.index).toBe(1);
    expect(dup.message).toContain('criterion 1 has the same name');
    expect(errorOf(() => parseRubricTexts(['', ' \n '])).message).toContain('at least one');
  });

  it('derives distinct keys: accents folded, punctuation to _, collisions numbered, 32 characters at most', () => {
    expect(criterionKey('Résumé — clarity!', 'x')).toBe('resume_clarity');
    expect(criterionKey('!!!', 'criterion_3')).toBe('criterion_3');
    expect(criterionKey('a'.repeat(40), 'x')).toHaveLength(32);
    const keys = parseRubricTexts(['Trade-offs\n2: a\n5: b\n9: c', 'Trade offs!\n2: a\n5: b\n9: c']).map((c) => c.key);
    expect(keys).toEqual(['trade_offs', 'trade_offs_2']);
  });
});
