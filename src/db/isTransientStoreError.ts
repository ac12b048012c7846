/** SQLSTATE classes a retry can cure: connection exception, insufficient resources (too many connections), operator intervention (restart). */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57']);
/** Single SQLSTATEs a retry can cure: serialization failure, deadlock. */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01']);
/** PostgREST codes for "the database is unreachable / the pool is exhausted" (503, 504). */
const TRANSIENT_POSTGREST_CODES = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003']);
/** Node socket and DNS failures. */
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
/** node-postgres failures that carry no code. */
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection timeout/i, /Client has encountered a connection error/i];

/**
 * Whether a failed store call may succeed if tried again later: the database or the network
 * is down, slow or full (connection refused/reset, timeouts, 5xx from PostgREST, pool
 * exhaustion). A constraint violation, bad data or a missing row is not: retrying it would
 * fail forever. Works on the errors of both stores (DatabaseError with a SQLSTATE,
 * SupabaseStoreError with an HTTP status, raw socket errors).
 */
export function isTransientStoreError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') {
    if (TRANSIENT_POSTGREST_CODES.has(code) || TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
  }
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') return status === 0 || status >= 500;
  if (TRANSIENT_MESSAGES.some((re) => re.test(err.message))) return true;
  return err.cause !== undefined && err.cause !== err && isTransientStoreError(err.cause);
}
