import { APIError } from 'openai';
import type { ProviderConfig } from '../config.ts';
import { AiError } from '../ai/AiError.ts';
import { aiErrorKind } from '../ai/aiErrorKind.ts';
import { describeEndpoint } from './describeEndpoint.ts';

/** Which capability, for the variable names in the fix. */
export type CapabilityPrefix = 'LLM' | 'STT' | 'TTS';

/**
 * What went wrong with an AI call and how to fix it: the error kind, the HTTP status and the
 * server's own message (the doctor sends only its fixed test inputs, so the message cannot
 * quote a candidate), cut to 200 characters.
 */
export function describeAiFailure(prefix: CapabilityPrefix, provider: ProviderConfig, err: unknown): { detail: string; fix: string } {
  const where = describeEndpoint(provider.baseUrl);
  const kind = aiErrorKind(err);
  // Ours are content-free by contract; the server's is about the doctor's fixed inputs.
  const message = serverMessage(err) || (err instanceof AiError && err.status === undefined ? err.message : '');
  const detail = `${phrase(kind)} ${where}${message ? `: ${message}` : ''}`;
  const status = err instanceof AiError ? err.status : undefined;
  let fix: string;
  if (kind === 'connection' || kind === 'timeout') {
    fix = `is the server running and reachable? Check ${prefix}_BASE_URL (or OPENAI_BASE_URL)${kind === 'timeout' ? ` and ${prefix}_TIMEOUT_MS` : ''}`;
  } else if (status === 401 || status === 403) {
    fix = `the server refused the key: set ${prefix}_API_KEY (or OPENAI_API_KEY) to a valid key for ${where}`;
  } else if (status === 404) {
    fix = `check ${prefix}_MODEL ("${provider.model}") and that ${prefix}_BASE_URL ends in /v1`;
  } else if (status === 429) {
    fix = 'the account is rate limited or out of credit: check its quota and billing';
  } else if (status !== undefined && status >= 500) {
    fix = 'the server failed: look at its logs';
  } else {
    fix = `check ${prefix}_MODEL ("${provider.model}") and ${prefix}_BASE_URL: the server did not answer as an OpenAI-compatible one`;
  }
  return { detail, fix };
}

/** The error kind as the start of a sentence ending in the endpoint. */
function phrase(kind: string): string {
  if (kind.startsWith('http_')) return `HTTP ${kind.slice(5)} from`;
  const phrases: Record<string, string> = {
    connection: 'cannot connect to', timeout: 'timed out waiting for', stalled: 'audio stalled from',
    bad_reply: 'unusable reply from', refused: 'refused by',
  };
  return phrases[kind] ?? 'failed at';
}

function serverMessage(err: unknown): string {
  const cause = err instanceof AiError ? err.cause : err;
  if (!(cause instanceof APIError)) return '';
  const body = cause.error as { message?: unknown; detail?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : body?.detail !== undefined ? JSON.stringify(body.detail) : cause.message;
  // OpenAI's 401 quotes the key half-masked ("sk-abc***wxyz"): no part of a key is printed.
  const text = String(raw).replace(/\s+/g, ' ').replace(/\b(?:sk|rk|key)-[\w*.-]{3,}/gi, '[key]').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
