import { openAiRefusal, type OpenAiRefusal } from './openAiError.ts';
import { validateStrictJsonSchema } from './strictJsonSchema.ts';

/** Ways an OpenAI-compatible server may differ from OpenAI, switched on per test. */
export interface ChatQuirks {
  /**
   * Refuse `response_format: { type: 'json_schema' }` with a 400 naming response_format (as
   * servers that only implement JSON mode do); `json_object` and plain text still work.
   */
  refuseJsonSchema?: boolean;
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * What OpenAI refuses in a chat completions body before any model runs: no model, no messages,
 * a strict schema outside the supported subset, JSON mode without the word "json" in the
 * messages. Returns the refusal, or null when OpenAI would accept the request.
 */
export function checkChatRequest(raw: Record<string, unknown>, quirks: ChatQuirks = {}): OpenAiRefusal | null {
  if (typeof raw.model !== 'string' || raw.model === '') return openAiRefusal(400, 'you must provide a model parameter');
  if (!Array.isArray(raw.messages)) return openAiRefusal(400, "Missing required parameter: 'messages'.", { param: 'messages', code: 'missing_required_parameter' });
  if (raw.messages.length === 0) return openAiRefusal(400, "[] is too short - 'messages'", { param: 'messages' });
  const format = raw.response_format as { type?: unknown; json_schema?: Record<string, unknown> } | undefined;
  if (format === undefined || format === null) return null;
  if (format.type === 'json_schema') {
    if (quirks.refuseJsonSchema) {
      return openAiRefusal(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", { param: 'response_format' });
    }
    const spec = format.json_schema;
    if (!spec || typeof spec.name !== 'string') {
      return openAiRefusal(400, "Missing required parameter: 'response_format.json_schema.name'.", { param: 'response_format.json_schema.name', code: 'missing_required_parameter' });
    }
    if (!NAME_PATTERN.test(spec.name)) {
      return openAiRefusal(400, "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.", { param: 'response_format.json_schema.name', code: 'invalid_value' });
    }
    if (spec.strict !== true) return null; // non-strict schemas are a hint to the model, not checked
    const message = validateStrictJsonSchema(spec.name, spec.schema);
    return message === null ? null : openAiRefusal(400, message, { param: 'response_format' });
  }
  if (format.type === 'json_object' && !mentionsJson(raw.messages)) {
    return openAiRefusal(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", { param: 'messages' });
  }
  return null;
}

/** True when any message's text (string content or text parts) contains "json", any case. */
function mentionsJson(messages: unknown[]): boolean {
  return messages.some((m) => {
    const content = (m as { content?: unknown } | null)?.content;
    if (typeof content === 'string') return /json/i.test(content);
    if (Array.isArray(content)) return content.some((part) => typeof (part as { text?: unknown }).text === 'string' && /json/i.test((part as { text: string }).text));
    return false;
  });
}
