import type { CriterionScore } from '../interview/rubric.ts';

/**
 * questions.criteria (sql/010_rubric_scores.sql) to domain objects: a json array of
 * { key, name, score, evidence }. jsonb arrives parsed from every driver (a string would be a
 * double encoding); anything that is not such an array maps to [] (rows before rubric scoring).
 */
export function toCriteria(v: unknown): CriterionScore[] {
  const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c) => ({ key: String(c['key'] ?? ''), name: String(c['name'] ?? ''), score: Number(c['score']), evidence: typeof c['evidence'] === 'string' ? c['evidence'] : '' }));
}

/** The criteria as a json array of plain objects, for save_evaluation's p_criteria. */
export function criteriaArg(criteria: readonly CriterionScore[]): Array<Record<string, string | number>> {
  return criteria.map((c) => ({ key: c.key, name: c.name, score: c.score, evidence: c.evidence }));
}
