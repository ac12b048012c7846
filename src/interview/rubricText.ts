import { MAX_RUBRIC_CRITERIA, type RubricAnchors, type RubricCriterion } from './rubric.ts';

/** A criterion's name, as shown (a Discord modal label holds 45 characters). */
export const MAX_CRITERION_NAME_CHARS = 45;
/** One anchor's text (five criteria of three anchors fit in one embed). */
export const MAX_ANCHOR_CHARS = 300;
/** Help shown with every mistake: the format one criterion is written in. */
export const RUBRIC_TEXT_HELP = 'Write each criterion as its name on the first line, then three lines starting with `2:`, `5:` and `9:` (what a weak, an adequate and an excellent answer does).';

/** A mistake in one criterion's text; `index` is 0-based, `name` what its first line said (may be ''). */
export class RubricTextError extends Error {
  readonly index: number;
  readonly criterionName: string;
  constructor(index: number, criterionName: string, problem: string) {
    super(problem);
    this.name = 'RubricTextError';
    this.index = index;
    this.criterionName = criterionName;
  }
}

const ANCHOR_LINE = /^\s*([259])\s*[:=.)–-]\s*(.*)$/;
const ANCHOR_OF: Record<string, keyof RubricAnchors> = { '2': 'low', '5': 'mid', '9': 'high' };

/** One criterion as text: its name, then `2: …`, `5: …`, `9: …`. */
export function printCriterion(c: RubricCriterion): string {
  return [c.name, `2: ${c.anchors.low}`, `5: ${c.anchors.mid}`, `9: ${c.anchors.high}`].join('\n');
}

/**
 * Parses one criterion's text (see {@link printCriterion}). A line that does not start an anchor
 * continues the one before it. Returns null for an empty text (the criterion is removed).
 * The key is left '' ({@link parseRubricTexts} derives it).
 * @throws RubricTextError naming what is wrong
 */
export function parseCriterion(text: string, index: number): RubricCriterion | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return null;
  const name = lines[0]!.replace(/\s+/g, ' ');
  if (ANCHOR_LINE.test(name)) throw new RubricTextError(index, '', 'the first line must be the criterion’s name, not an anchor.');
  if (name.length > MAX_CRITERION_NAME_CHARS) throw new RubricTextError(index, name, `the name is ${name.length} characters; at most ${MAX_CRITERION_NAME_CHARS} fit.`);
  const anchors: Partial<Record<keyof RubricAnchors, string>> = {};
  let current: keyof RubricAnchors | null = null;
  for (const line of lines.slice(1)) {
    const m = ANCHOR_LINE.exec(line);
    if (m) {
      current = ANCHOR_OF[m[1]!]!;
      if (anchors[current] !== undefined) throw new RubricTextError(index, name, `the \`${m[1]}:\` line appears twice.`);
      anchors[current] = m[2]!.trim();
    } else if (current) {
      anchors[current] = `${anchors[current]} ${line}`.trim();
    } else {
      throw new RubricTextError(index, name, `the line after the name must start with \`2:\`, \`5:\` or \`9:\` (it says “${line.slice(0, 40)}”).`);
    }
  }
  for (const [digit, key] of Object.entries(ANCHOR_OF)) {
    const value = anchors[key];
    if (!value) throw new RubricTextError(index, name, `the \`${digit}:\` anchor is missing or empty.`);
    if (value.length > MAX_ANCHOR_CHARS) throw new RubricTextError(index, name, `the \`${digit}:\` anchor is ${value.length} characters; at most ${MAX_ANCHOR_CHARS} fit.`);
  }
  return { key: '', name, anchors: { low: anchors.low!, mid: anchors.mid!, high: anchors.high! } };
}

/** A stable key from a name: lowercase ASCII letters, digits and `_`, 1–32 characters. */
export function criterionKey(name: string, fallback: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 32).replace(/_+$/, '');
  return slug || fallback;
}

/**
 * Parses the modal's inputs (one criterion each, in order) into a rubric: empty inputs are
 * dropped, names must differ (ignoring case), keys are derived from names and made unique.
 * @throws RubricTextError for a bad criterion, twice the same name, none left, or more than five
 */
export function parseRubricTexts(texts: readonly string[]): RubricCriterion[] {
  const criteria: RubricCriterion[] = [];
  const byName = new Map<string, number>();
  texts.forEach((text, index) => {
    const c = parseCriterion(text, index);
    if (!c) return;
    const folded = c.name.toLowerCase();
    const first = byName.get(folded);
    if (first !== undefined) throw new RubricTextError(index, c.name, `criterion ${first + 1} has the same name; give each criterion its own name.`);
    byName.set(folded, index);
    criteria.push(c);
  });
  if (criteria.length === 0) throw new RubricTextError(0, '', 'every criterion is empty; a rubric needs at least one. Use `/interview rubric action:reset` to go back to the defaults.');
  if (criteria.length > MAX_RUBRIC_CRITERIA) throw new RubricTextError(MAX_RUBRIC_CRITERIA, criteria[MAX_RUBRIC_CRITERIA]!.name, `a rubric holds at most ${MAX_RUBRIC_CRITERIA} criteria.`);
  const keys = new Set<string>();
  return criteria.map((c, i) => {
    const base = criterionKey(c.name, `criterion_${i + 1}`);
    let key = base;
    for (let n = 2; keys.has(key); n++) key = `${base.slice(0, 32 - String(n).length - 1)}_${n}`;
    keys.add(key);
    return { ...c, key };
  });
}
