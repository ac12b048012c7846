import { describe, expect, it } from 'vitest';
import { agreementOf, meanAbsoluteDifference, quadraticWeightedKappa, toCategory, type ScorePair } from '../../src/interview/agreement.ts';

describe('quadraticWeightedKappa', () => {
  it('is 1 for perfect agreement', () => {
    const pairs: ScorePair[] = [[0, 0], [3, 3], [5, 5], [7, 7], [10, 10]];
    expect(quadraticWeightedKappa(pairs)).toEqual({ kind: 'kappa', value: 1, pairs: 5 });
  });

  it('is −1 when the raters systematically swap 0 and 2 (hand-computed: Σw·O = 24, Σw·E = 12)', () => {
    const pairs: ScorePair[] = [[0, 2], [2, 0], [0, 2], [2, 0], [0, 2], [2, 0]];
    // n = 6: O(0,2) = O(2,0) = 3, weight 4 each → Σw·O = 24; E(i,j) = 3·3/6 = 1.5 → Σw·E = 1.5·4·2 = 12.
    const k = quadraticWeightedKappa(pairs);
    expect(k.kind).toBe('kappa');
    expect(k.kind === 'kappa' && k.value).toBeCloseTo(-1, 12);
  });

  it('matches a worked example: AI [7,5,9,3,6] vs mentor [8,5,6,4,6] → 1 − 11/29', () => {
    // Σ(a−b)² over pairs = 1+0+9+1+0 = 11. Σw·E = (n·Σa² + n·Σb² − 2·Σa·Σb)/n
    // = (5·200 + 5·177 − 2·30·29)/5 = 145/5 = 29. κ = 1 − 11/29 = 18/29 ≈ 0.6207.
    const pairs: ScorePair[] = [[7, 8], [5, 5], [9, 6], [3, 4], [6, 6]];
    const k = quadraticWeightedKappa(pairs);
    expect(k.kind === 'kappa' && k.value).toBeCloseTo(18 / 29, 12);
    expect(meanAbsoluteDifference(pairs)).toBe(1);
  });

  it('rounds half points half up before kappa (7.5 → 8, 4.5 → 5), and MAD keeps them', () => {
    expect([0, 4.5, 7.49, 7.5, 10].map(toCategory)).toEqual([0, 5, 7, 8, 10]);
    const halves: ScorePair[] = [[7.5, 8], [4.5, 5], [2, 2], [9, 9], [0, 0]];
    const k = quadraticWeightedKappa(halves);
    expect(k.kind === 'kappa' && k.value).toBe(1);
    expect(meanAbsoluteDifference(halves)).toBeCloseTo(0.2, 12);
    expect(() => toCategory(10.5)).toThrow(RangeError);
    expect(() => toCategory(Number.NaN)).toThrow(RangeError);
  });

  it('needs enough pairs (5 by default)', () => {
    const four: ScorePair[] = [[1, 2], [3, 4], [5, 6], [7, 8]];
    expect(quadraticWeightedKappa(four)).toEqual({ kind: 'too_few', pairs: 4 });
    expect(quadraticWeightedKappa([])).toEqual({ kind: 'too_few', pairs: 0 });
    expect(quadraticWeightedKappa(four, 4).kind).toBe('kappa');
  });

  it('says when a rater gave every answer the same score instead of reporting 0 or dividing by zero', () => {
    expect(quadraticWeightedKappa([[7, 1], [7, 5], [7, 9], [7, 3], [7, 7]])).toEqual({ kind: 'no_variance', pairs: 5, constant: 'first' });
    expect(quadraticWeightedKappa([[1, 6], [5, 6], [9, 6], [3, 6], [7, 6]])).toEqual({ kind: 'no_variance', pairs: 5, constant: 'second' });
    // 6.4 and 5.6 both round to 6: constant after rounding.
    expect(quadraticWeightedKappa([[6, 6.4], [6, 5.6], [6, 6], [6, 6], [6, 6]])).toEqual({ kind: 'no_variance', pairs: 5, constant: 'both' });
  });
});

describe('agreementOf', () => {
  it('gives kappa, MAD and the pair count together; MAD is null without pairs', () => {
    expect(agreementOf([])).toEqual({ pairs: 0, kappa: { kind: 'too_few', pairs: 0 }, meanAbsoluteDifference: null });
    const a = agreementOf([[7, 8], [5, 5], [9, 6], [3, 4], [6, 6]]);
    expect(a.pairs).toBe(5);
    expect(a.meanAbsoluteDifference).toBe(1);
  });
});
