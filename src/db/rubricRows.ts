import type { RubricCriterion } from '../interview/rubric.ts';
import type { InterviewType } from '../interview/types.ts';
import type { RpcArgs } from './rpcArgs.ts';

/** A rubrics row (sql/009_rubrics.sql). */
export interface RubricRow {
  guild_id: string;
  type: string;
  criteria: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The criteria of a row; jsonb arrives parsed from every driver. */
export function toRubric(r: RubricRow): RubricCriterion[] {
  if (!Array.isArray(r.criteria)) throw new TypeError('rubrics.criteria is not a json array');
  return r.criteria.map((c: { key?: unknown; name?: unknown; anchors?: { low?: unknown; mid?: unknown; high?: unknown } }) => ({
    key: text(c.key),
    name: text(c.name),
    anchors: { low: text(c.anchors?.low), mid: text(c.anchors?.mid), high: text(c.anchors?.high) },
  }));
}

/** Named arguments of get_rubric and reset_rubric (both adapters). */
export function rubricArgs(guildId: string, type: InterviewType): RpcArgs {
  return { p_guild_id: guildId, p_type: type };
}

/** Named arguments of save_rubric: the criteria as a json array of plain objects. */
export function saveRubricArgs(guildId: string, type: InterviewType, criteria: readonly RubricCriterion[]): RpcArgs {
  const plain = criteria.map((c) => ({ key: c.key, name: c.name, anchors: { low: c.anchors.low, mid: c.anchors.mid, high: c.anchors.high } }));
  return { p_guild_id: guildId, p_type: type, p_criteria: plain };
}
