/**
 * The audio endpoints validate JSON bodies with pydantic and send its error list as Python repr,
 * without the offending input, e.g. (seen from OpenAI for a 4097-character `input`):
 * "[{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String should have at most 4096 characters', 'ctx': {'max_length': 4096}}]"
 * @param ctx values written as Python prints them (pass '4.0' for a float)
 */
export function pydanticError(type: string, field: string, msg: string, ctx?: Record<string, string | number>): string {
  const ctxText = ctx ? `, 'ctx': {${Object.entries(ctx).map(([k, v]) => `'${k}': ${v}`).join(', ')}}` : '';
  return `[{'type': '${type}', 'loc': ('body', '${field}'), 'msg': '${msg}'${ctxText}}]`;
}
