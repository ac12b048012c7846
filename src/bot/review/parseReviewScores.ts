import type { RubricCriterion } from '../../interview/rubric.ts';
import type { ReviewCriterionScore } from '../../interview/review.ts';

/** A mentor's typed scores, read strictly: every criterion once, 0–10 in half points. */
export type ParsedScores = { ok: true; criteria: ReviewCriterionScore[] } | { ok: false; problem: string };

/** What a score looks like, for messages. */
export const SCORE_HINT = 'a number from 0 to 10, in half points (e.g. `7` or `7.5`)';

/**
 * One typed score: digits with an optional `.5` / `.0` (a decimal comma is accepted too).
 * Returns the score, or what is wrong with it (a sentence fragment).
 */
export function parseScore(text: string): { ok: true; score: number } | { ok: false; problem: string } {
  const t = text.trim();
  if (t === '') return { ok: false, problem: `there is no score: give ${SCORE_HINT}` };
  if (!/^\d{1,2}(?:[.,]\d{1,2})?$/.test(t)) return { ok: false, problem: `\`${t.slice(0, 20)}\` is not a score: give ${SCORE_HINT}` };
  const score = Number(t.replace(',', '.'));
  if (score > 10) return { ok: false, problem: `${t} is above 10: give ${SCORE_HINT}` };
  if (!Number.isInteger(score * 2)) return { ok: false, problem: `${t} is not a whole or half point: give ${SCORE_HINT}` };
  return { ok: true, score };
}

const norm = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** A line as the mentor typed it, short enough to quote. */
const quote = (line: string): string => `\`${line.trim().slice(0, 60).replace(/`/g, "'")}\``;

/**
 * The "Scores" paragraph: one `Criterion name: score` line per criterion of `rubric` (names
 * case-insensitive, blank lines ignored). Every criterion exactly once; a problem names the line.
 */
export function parseScoreLines(text: string, rubric: readonly RubricCriterion[]): ParsedScores {
  const found = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const at = `Line ${index + 1} (${quote(line)})`;
    const colon = line.lastIndexOf(':');
    if (colon < 0) return { ok: false, problem: `${at} has no colon: write it as \`Criterion name: score\`.` };
    const name = norm(line.slice(0, colon));
    const criterion = rubric.find((c) => norm(c.name) === name);
    if (!criterion) {
      return { ok: false, problem: `${at}: there is no criterion “${line.slice(0, colon).trim().slice(0, 45)}” in this rubric. The criteria are: ${rubric.map((c) => c.name).join(', ')}.` };
    }
    if (found.has(criterion.key)) return { ok: false, problem: `${at}: “${criterion.name}” is scored twice; keep one line for it.` };
    const score = parseScore(line.slice(colon + 1));
    if (!score.ok) return { ok: false, problem: `${at}: ${score.problem}.` };
    found.set(criterion.key, score.score);
  }
  const missing = rubric.filter((c) => !found.has(c.key));
  if (missing.length > 0) {
    return { ok: false, problem: `No score for ${missing.map((c) => `“${c.name}”`).join(', ')}: add a line \`${missing[0]!.name}: score\` for each.` };
  }
  return { ok: true, criteria: rubric.map((c) => ({ key: c.key, name: c.name, score: found.get(c.key)! })) };
}

/**
 * One input per criterion (`values` by criterion key; undefined when the modal had no input for
 * it, i.e. the rubric changed after the modal was opened).
 */
export function parseScoreInputs(values: (key: string) => string | undefined, rubric: readonly RubricCriterion[]): ParsedScores {
  const criteria: ReviewCriterionScore[] = [];
  for (const c of rubric) {
    const typed = values(c.key);
    if (typed === undefined) return { ok: false, problem: `The rubric changed after this form was opened (“${c.name}” is new). Open the question again.` };
    const score = parseScore(typed);
    if (!score.ok) return { ok: false, problem: `“${c.name}”: ${score.problem}.` };
    criteria.push({ key: c.key, name: c.name, score: score.score });
  }
  return { ok: true, criteria };
}
