/**
 * Agreement between two raters who score the same answers 0–10 (the AI and mentors). Pure.
 * Scores are rounded to integers (half up: 7.5 → 8) before kappa; the mean absolute
 * difference uses them as given.
 */

/** Below this many pairs kappa is not reported (too few to mean anything). */
export const MIN_KAPPA_PAIRS = 5;

/** The categories 0…10. */
const CATEGORIES = 11;

/** A pair of scores of the same answer: [first rater, second rater] (here: [AI, mentor]). */
export type ScorePair = readonly [number, number];

/** Quadratic weighted kappa, or why there is none. */
export type KappaResult =
  | { kind: 'kappa'; value: number; pairs: number }
  | { kind: 'too_few'; pairs: number }
  /** One rater (or both) gave every answer the same score: kappa says nothing then. */
  | { kind: 'no_variance'; pairs: number; constant: 'first' | 'second' | 'both' };

/** A score rounded to a category 0–10 (half up). */
export function toCategory(score: number): number {
  if (!Number.isFinite(score) || score < 0 || score > 10) throw new RangeError(`a score must be from 0 to 10, got ${score}`);
  return Math.floor(score + 0.5);
}

/**
 * Cohen's kappa with quadratic weights over the categories 0–10:
 * κ = 1 − Σ w·O / Σ w·E with w(i, j) = (i − j)², O the observed pair counts and E the counts
 * expected from the two raters' own distributions (row total × column total / n).
 * 1 is perfect agreement, 0 what chance gives, below 0 systematic disagreement.
 */
export function quadraticWeightedKappa(pairs: readonly ScorePair[], minPairs = MIN_KAPPA_PAIRS): KappaResult {
  const n = pairs.length;
  if (n < minPairs || n === 0) return { kind: 'too_few', pairs: n };
  const first = pairs.map((p) => toCategory(p[0]));
  const second = pairs.map((p) => toCategory(p[1]));
  const firstConstant = first.every((c) => c === first[0]);
  const secondConstant = second.every((c) => c === second[0]);
  if (firstConstant || secondConstant) {
    return { kind: 'no_variance', pairs: n, constant: firstConstant && secondConstant ? 'both' : firstConstant ? 'first' : 'second' };
  }
  const rows = new Array<number>(CATEGORIES).fill(0);
  const cols = new Array<number>(CATEGORIES).fill(0);
  let observed = 0;
  for (let k = 0; k < n; k++) {
    const i = first[k]!;
    const j = second[k]!;
    rows[i]!++;
    cols[j]!++;
    observed += (i - j) ** 2;
  }
  let expected = 0;
  for (let i = 0; i < CATEGORIES; i++) {
    for (let j = 0; j < CATEGORIES; j++) expected += ((i - j) ** 2 * rows[i]! * cols[j]!) / n;
  }
  // Both raters vary, so some pair of different categories has weight > 0: expected > 0.
  return { kind: 'kappa', value: 1 - observed / expected, pairs: n };
}

/** The mean of |first − second| in points, or null with no pairs. */
export function meanAbsoluteDifference(pairs: readonly ScorePair[]): number | null {
  if (pairs.length === 0) return null;
  return pairs.reduce((sum, [a, b]) => sum + Math.abs(a - b), 0) / pairs.length;
}

/** Kappa and mean absolute difference of one set of pairs. */
export interface Agreement {
  pairs: number;
  kappa: KappaResult;
  meanAbsoluteDifference: number | null;
}

/** {@link quadraticWeightedKappa} and {@link meanAbsoluteDifference} together. */
export function agreementOf(pairs: readonly ScorePair[], minPairs = MIN_KAPPA_PAIRS): Agreement {
  return { pairs: pairs.length, kappa: quadraticWeightedKappa(pairs, minPairs), meanAbsoluteDifference: meanAbsoluteDifference(pairs) };
}
