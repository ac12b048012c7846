/**
 * OpenAI's rules for `response_format: { type: 'json_schema', json_schema: { strict: true } }`
 * (Structured Outputs guide, "Supported schemas"), with the texts its 400s carry, as quoted from
 * real responses in public issues and logs. Texts marked "modelled" could not be found verbatim
 * and follow OpenAI's wording of a neighbouring rule.
 */

/** Keywords strict mode accepts; any other keyword is refused with "'x' is not permitted." */
const PERMITTED_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf',
  '$ref', '$defs', 'definitions', 'description', 'title', 'default', '$schema',
  'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems',
]);

/** Documented limits of one strict schema. */
export const STRICT_SCHEMA_LIMITS = {
  /** Object properties in the whole schema. */
  totalProperties: 5_000,
  /** Levels of object nesting. */
  nestingLevels: 10,
  /** Enum values across all enum properties. */
  enumValues: 1_000,
  /** Characters of all property names, definition names, enum values and const values. */
  totalStringChars: 120_000,
  /** One string enum with more than this many values... */
  largeEnumValues: 250,
  /** ...may hold at most this many characters across its values. */
  largeEnumChars: 15_000,
} as const;

type Path = Array<string | number>;
type Node = Record<string, unknown>;

/** Python's repr of the context tuple OpenAI prints: (), ('a',), ('properties', 'x', 'anyOf', 0). */
function context(path: Path): string {
  const parts = path.map((p) => (typeof p === 'number' ? String(p) : p.includes("'") && !p.includes('"') ? `"${p}"` : `'${p}'`));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

class Refusal extends Error {}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Totals {
  properties: number;
  enumValues: number;
  stringChars: number;
  deepestLevel: number;
  largeEnumChars: number;
}

/**
 * Checks a schema sent with `strict: true` the way OpenAI does.
 * @param name `json_schema.name`, quoted in the message
 * @returns OpenAI's error message (the 400's `error.message`), or null when OpenAI accepts the schema
 */
export function validateStrictJsonSchema(name: string, schema: unknown): string | null {
  const prefix = `Invalid schema for response_format '${name}': `;
  const totals: Totals = { properties: 0, enumValues: 0, stringChars: 0, deepestLevel: 0, largeEnumChars: 0 };
  try {
    if (!isNode(schema) || schema.type !== 'object') {
      const got = isNode(schema) && schema.type !== undefined ? JSON.stringify(schema.type) : '"None"';
      throw new Refusal(`schema must be a JSON Schema of 'type: "object"', got 'type: ${got}'.`);
    }
    const definitions = { $defs: schema.$defs, definitions: schema.definitions };
    const walk = (node: unknown, path: Path, level: number): void => checkNode(node, path, level, definitions, totals, walk);
    walk(schema, [], 1);
    for (const key of ['$defs', 'definitions'] as const) {
      const defs = schema[key];
      if (defs === undefined) continue;
      if (!isNode(defs)) throw new Refusal(`In context=${context([key])}, '${key}' must be an object.`);
      for (const [defName, def] of Object.entries(defs)) {
        totals.stringChars += defName.length;
        walk(def, [key, defName], 1);
      }
    }
  } catch (err) {
    if (err instanceof Refusal) return prefix + err.message;
    throw err;
  }
  return checkTotals(totals, prefix);
}

function checkNode(
  node: unknown,
  path: Path,
  level: number,
  definitions: { $defs: unknown; definitions: unknown },
  totals: Totals,
  walk: (node: unknown, path: Path, level: number) => void,
): void {
  const at = `In context=${context(path)}, `;
  if (!isNode(node)) throw new Refusal(`${at}schema must have a 'type' key.`);
  for (const key of Object.keys(node)) {
    if (!PERMITTED_KEYWORDS.has(key)) throw new Refusal(`${at}'${key}' is not permitted.`);
  }
  // `$defs` are walked once from the root: a nested one would be a definition not at the top level.
  if (path.length > 0 && (node.$defs !== undefined || node.definitions !== undefined)) {
    throw new Refusal(`${at}'${node.$defs !== undefined ? '$defs' : 'definitions'}' is not permitted.`);
  }
  if (node.$ref !== undefined) {
    checkRef(node.$ref, at, definitions);
    return; // the target is checked where it is defined, so recursion ends here
  }
  if (path.length === 0 && node.anyOf !== undefined) throw new Refusal(`${at}'anyOf' is not permitted.`); // modelled
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf)) throw new Refusal(`${at}'anyOf' must be an array.`); // modelled
    node.anyOf.forEach((branch, i) => walk(branch, [...path, 'anyOf', i], level));
    return;
  }
  if (node.type === undefined) throw new Refusal(`${at}schema must have a 'type' key.`);
  const types = Array.isArray(node.type) ? node.type : [node.type];
  countValues(node, totals);
  if (types.includes('object')) {
    totals.deepestLevel = Math.max(totals.deepestLevel, level);
    const properties = node.properties;
    if (!isNode(properties) || Object.keys(properties).length === 0) throw new Refusal(`${at}object schema missing properties.`);
    if (node.additionalProperties !== false) throw new Refusal(`${at}'additionalProperties' is required to be supplied and to be false.`);
    const keys = Object.keys(properties);
    const required: unknown[] = Array.isArray(node.required) ? node.required : [];
    const requiredMessage = `${at}'required' is required to be supplied and to be an array including every key in properties.`;
    const missing = keys.find((k) => !required.includes(k));
    if (missing !== undefined) throw new Refusal(`${requiredMessage} Missing '${missing}'.`);
    const extra = required.find((k) => typeof k !== 'string' || !keys.includes(k));
    if (extra !== undefined) throw new Refusal(`${requiredMessage} Extra required key '${String(extra)}' supplied.`);
    for (const key of keys) {
      totals.properties += 1;
      totals.stringChars += key.length;
      walk(properties[key], [...path, 'properties', key], level + 1);
    }
  }
  if (types.includes('array')) {
    if (node.items === undefined) throw new Refusal(`${at}array schema missing items.`);
    walk(node.items, [...path, 'items'], level);
  }
}

/** Only `#` (the root, for recursion) and top-level definitions can be referenced. */
function checkRef(ref: unknown, at: string, definitions: { $defs: unknown; definitions: unknown }): void {
  if (ref === '#') return;
  const match = typeof ref === 'string' ? /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref) : null;
  if (!match) throw new Refusal(`${at}reference can only point to definitions defined at the top level of the schema.`);
  const defs = definitions[match[1] as '$defs' | 'definitions'];
  const name = match[2]!.replace(/~1/g, '/').replace(/~0/g, '~');
  if (!isNode(defs) || !(name in defs)) throw new Refusal(`${at}reference '${String(ref)}' does not point to a definition.`); // modelled
}

function countValues(node: Node, totals: Totals): void {
  if (Array.isArray(node.enum)) {
    totals.enumValues += node.enum.length;
    const chars = node.enum.reduce<number>((sum, v) => sum + (typeof v === 'string' ? v.length : 0), 0);
    totals.stringChars += chars;
    if (node.enum.length > STRICT_SCHEMA_LIMITS.largeEnumValues && node.enum.every((v) => typeof v === 'string')) {
      totals.largeEnumChars = Math.max(totals.largeEnumChars, chars);
    }
  }
  if (typeof node.const === 'string') totals.stringChars += node.const.length;
}

const OPT_OUT = "Consider reducing the number of enums, or use 'strict: false' to opt out of structured outputs.";

function checkTotals(t: Totals, prefix: string): string | null {
  const L = STRICT_SCHEMA_LIMITS;
  if (t.enumValues > L.enumValues) {
    return `${prefix}Expected at most ${L.enumValues} enum values in total within a single schema when using structured outputs, but received ${t.enumValues}. ${OPT_OUT}`;
  }
  if (t.largeEnumChars > L.largeEnumChars) {
    return `${prefix}Expected at most ${L.largeEnumChars} total characters across enum values when there are more than ${L.largeEnumValues} enum values, but received ${t.largeEnumChars}. ${OPT_OUT}`;
  }
  if (t.deepestLevel > L.nestingLevels) return `${prefix}${t.deepestLevel} levels of nesting exceeds limit of ${L.nestingLevels}.`;
  if (t.properties > L.totalProperties) {
    // modelled on the enum message
    return `${prefix}Expected at most ${L.totalProperties} object properties in total within a single schema when using structured outputs, but received ${t.properties}. Consider reducing the number of properties, or use 'strict: false' to opt out of structured outputs.`;
  }
  if (t.stringChars > L.totalStringChars) {
    // modelled on the enum message
    return `${prefix}Expected at most ${L.totalStringChars} total characters across property names, definition names, enum values and const values within a single schema when using structured outputs, but received ${t.stringChars}. Consider shortening them, or use 'strict: false' to opt out of structured outputs.`;
  }
  return null;
}
