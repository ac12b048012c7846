/**
 * The little a store needs from a PostgreSQL connection. Implemented over PGlite
 * ({@link ./PgliteClient.ts}) and node-postgres ({@link ./PgClient.ts}).
 */
export interface SqlClient {
  /** One statement with `$1`-style parameters; resolves to the result rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements separated by semicolons, without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
