import { describe, expect, it } from 'vitest';
import { acknowledgement, closingLine, overallScoreLine } from '../../../src/interview/turns/acknowledgements.ts';

/** Deterministic numbers in [0, 1) (a linear congruential generator). */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('acknowledgements', () => {
  it('varies, and never says the same one twice in a row', () => {
    const random = seededRandom(3);
    let previous: string | null = null;
    const said: string[] = [];
    for (let i = 0; i < 200; i++) {
      const next = acknowledgement('English', previous, random);
      expect(next).not.toBe(previous);
      said.push(next);
      previous = next;
    }
    expect(new Set(said).size).toBeGreaterThanOrEqual(5);
    // Even a random source stuck at one value alternates.
    expect(acknowledgement('English', acknowledgement('English', null, () => 0), () => 0)).not.toBe(acknowledgement('English', null, () => 0));
  });

  it('speaks the interview language, English when no table covers it', () => {
    expect(['Français', 'Español', 'Deutsch', 'Português', 'Italiano'].map((l) => acknowledgement(l, null, () => 0))).toEqual([
      'Merci.', 'Gracias.', 'Danke.', 'Obrigado.', 'Thanks.',
    ]);
  });

  it('closes the interview and says the overall score in one sentence, in the language number format', () => {
    expect(closingLine('English')).toBe("That's the end of the interview — your scores will follow.");
    expect(overallScoreLine('English', 7.5)).toBe('Your overall score is 7.5 out of 10. Well done, and good luck!');
    expect(overallScoreLine('English', 8)).toBe('Your overall score is 8 out of 10. Well done, and good luck!');
    expect(overallScoreLine('Français', 7.5)).toBe('Votre note globale est de 7,5 sur 10. Bravo, et bonne chance !');
    expect(overallScoreLine('Deutsch', 6.25)).toMatch(/^Ihre Gesamtbewertung ist 6,3 von 10\./);
    expect(() => overallScoreLine('English', 11)).toThrow(RangeError);
    expect(() => overallScoreLine('English', Number.NaN)).toThrow(RangeError);
  });
});
