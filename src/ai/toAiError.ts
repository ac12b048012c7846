import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { AiError, type AiCapability } from './AiError.ts';

/** HTTP statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Maps an openai SDK, network or unknown error to an {@link AiError}. The message names the
 * capability and HTTP status only: server messages may echo input, so they stay in `cause`.
 */
export function toAiError(capability: AiCapability, err: unknown): AiError {
  if (err instanceof AiError) return err;
  if (err instanceof APIConnectionTimeoutError) {
    return new AiError(capability, `${capability} request timed out`, { retryable: true, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new AiError(capability, `${capability} connection failed`, { retryable: true, cause: err });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const code = typeof err.code === 'string' ? ` (${err.code.slice(0, 60)})` : '';
    return new AiError(capability, `${capability} request failed with HTTP ${status}${code}`, {
      // OpenAI answers 429 also when the account is out of credit: waiting does not help.
      retryable: isRetryableStatus(status) && err.code !== 'insufficient_quota',
      status,
      cause: err,
    });
  }
  if (err instanceof SyntaxError) {
    // No cause: V8's message quotes the reply.
    return new AiError(capability, `${capability} reply was not valid JSON`, { retryable: true });
  }
  return new AiError(capability, `${capability} failed unexpectedly`, { retryable: false, cause: err });
}

/**
 * The server's requested wait before retrying, in ms (`retry-after-ms`, or `retry-after` as
 * seconds or an HTTP date), or undefined when it gave none.
 */
export function retryAfterMsOf(err: unknown, nowMs = Date.now()): number | undefined {
  const cause = err instanceof AiError ? err.cause : err;
  if (!(cause instanceof APIError) || !cause.headers) return undefined;
  const ms = Number(cause.headers.get('retry-after-ms'));
  if (cause.headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = cause.headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
