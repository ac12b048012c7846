import { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import { AiError } from './AiError.ts';

/**
 * A short, content-free name for why an AI call failed, for /health and the doctor:
 * `timeout`, `connection` (also a streamed body cut off), `stalled`, `http_<status>`, `bad_reply` (a reply that was empty,
 * not JSON, off-schema or not audio), `refused` (other non-retryable failures) or `unexpected`.
 */
export function aiErrorKind(err: unknown): string {
  // A streamed body cut off reaches the stream's owner as undici's own error, not an AiError.
  if (err instanceof TypeError && /terminated|fetch failed|other side closed|socket/i.test(err.message)) return 'connection';
  if (!(err instanceof AiError)) return 'unexpected';
  if (err.cause instanceof APIConnectionTimeoutError || / timed out/.test(err.message)) return 'timeout';
  if (err.cause instanceof APIConnectionError) return 'connection';
  if (/ stalled /.test(err.message)) return 'stalled';
  if (err.status !== undefined) return `http_${err.status}`;
  if (/empty|not valid JSON|did not match the schema|had no |not a usable|not audio/.test(err.message)) return 'bad_reply';
  return err.retryable ? 'unexpected' : 'refused';
}
