import type { SqlClient } from './SqlClient.ts';

/**
 * A failed SQL statement, as SqlClientTransport reports it. Only the server’s
 * message and SQLSTATE code are kept: the drivers' own errors also carry `detail` ("Failing row
 * contains (...)"), `where`, the query and its parameters (answer transcripts, feedback), which
 * would otherwise reach the logs of every caller that logs the error.
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  /** SQLSTATE, e.g. '23514' for a check violation. */
  readonly code: string | undefined;

  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }

  /** `err` without anything that could quote data; non-database errors are returned unchanged. */
  static from(err: unknown): unknown {
    if (err instanceof DatabaseError || !(err instanceof Error)) return err;
    const code = (err as { code?: unknown }).code;
    const isSql = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
    const quotesData = ['detail', 'params', 'query', 'where', 'internalQuery'].some((k) => k in err);
    if (!isSql && !quotesData) return err;
    return new DatabaseError(err.message, isSql ? code : undefined);
  }
}

async function clean<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw DatabaseError.from(err);
  }
}

/** `db` whose failures are {@link DatabaseError}s: what a store hands to its callers (and their logs). */
export function withCleanErrors(db: SqlClient): SqlClient {
  return {
    query: (text, params) => clean(() => db.query(text, params)),
    exec: (text) => clean(() => db.exec(text)),
    transaction: (fn) => clean(() => db.transaction((tx) => fn(withCleanErrors(tx)))),
    close: () => db.close(),
  };
}
