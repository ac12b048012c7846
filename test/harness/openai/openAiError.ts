/** The body OpenAI sends with every 4xx/5xx: `{ error: { message, type, param, code } }`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** A refusal as OpenAI words it: an HTTP status and the error body. */
export interface OpenAiRefusal {
  status: number;
  body: OpenAiErrorBody;
}

/** Builds a refusal; `type` defaults to 'invalid_request_error', `param` and `code` to null. */
export function openAiRefusal(
  status: number,
  message: string,
  opts: { type?: string; param?: string | null; code?: string | null } = {},
): OpenAiRefusal {
  return { status, body: { error: { message, type: opts.type ?? 'invalid_request_error', param: opts.param ?? null, code: opts.code ?? null } } };
}

/**
 * OpenAI's wording for a value outside an enumeration, e.g. for `voice`:
 * "Invalid value: 'bogus'. Supported values are: 'alloy', 'ash', ... and 'verse'."
 */
export function invalidValueMessage(value: unknown, supported: readonly string[]): string {
  const quoted = supported.map((s) => `'${s}'`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? '');
  return `Invalid value: '${String(value)}'. Supported values are: ${list}.`;
}
