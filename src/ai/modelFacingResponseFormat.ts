import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';

/**
 * JSON Schema keywords that strict Structured Outputs refuses with a 400 but that only bound a
 * value (zod's string `.min()`/`.max()`, `.length()`, set-like arrays, record sizes). They are
 * kept out of the model-facing schema; the full zod schema still checks them on the parsed reply.
 */
const BOUND_KEYWORDS = new Set(['minLength', 'maxLength', 'uniqueItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains']);

/** The json_schema response format as sent to the model, and the schema alone for prompts. */
export interface ModelFacingFormat {
  responseFormat: { type: 'json_schema'; json_schema: { name: string; strict: true; schema: Record<string, unknown> } };
  schema: Record<string, unknown>;
}

/**
 * Renders `schema` for strict structured outputs: the JSON Schema of the openai SDK's zod
 * helper with every bound-only keyword removed (recursively, through properties, items,
 * anyOf and $defs), so the model sees the shape and the caller checks the bounds on what
 * comes back. Anything else OpenAI refuses stays in and shows up in the schema tests.
 * @throws Error when zod cannot render the schema as JSON Schema (transforms, functions…)
 */
export function modelFacingResponseFormat(schema: z.ZodType, name: string): ModelFacingFormat {
  // Rendering walks the whole schema (milliseconds for the evaluation's, once per call before): once per schema and name.
  let byName = rendered.get(schema);
  if (!byName) rendered.set(schema, (byName = new Map()));
  let format = byName.get(name);
  if (!format) byName.set(name, (format = render(schema, name)));
  return format;
}

/** Formats already rendered, per schema object (schemas are module constants or cached by their shape). */
const rendered = new WeakMap<z.ZodType, Map<string, ModelFacingFormat>>();

function render(schema: z.ZodType, name: string): ModelFacingFormat {
  const rendered = zodResponseFormat(schema, name);
  const stripped = stripBounds(rendered.json_schema.schema) as Record<string, unknown>;
  return { responseFormat: { type: 'json_schema', json_schema: { name, strict: true, schema: stripped } }, schema: stripped };
}

function stripBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripBounds);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (BOUND_KEYWORDS.has(key)) continue;
    // Property names are data, not keywords: a property called "maxLength" stays.
    out[key] = key === 'properties' || key === '$defs' || key === 'definitions' ? mapValues(value) : stripBounds(value);
  }
  return out;
}

function mapValues(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripBounds(v)]));
}
