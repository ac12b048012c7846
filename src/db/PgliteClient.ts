import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient } from './SqlClient.ts';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/** A {@link SqlClient} over the embedded PGlite database (PostgreSQL compiled to WebAssembly). */
export class PgliteClient implements SqlClient {
  readonly #db: PGlite;
  readonly #q: Queryable;

  private constructor(db: PGlite, q: Queryable) {
    this.#db = db;
    this.#q = q;
  }

  /**
   * Opens (or creates) the database stored in `dataDir`; the directory is created if missing.
   * Without `dataDir` the database lives in memory only.
   */
  static async open(dataDir?: string): Promise<PgliteClient> {
    if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    return new PgliteClient(db, db);
  }

  async query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.#q.query<Row>(text, [...params]);
    return result.rows;
  }

  async exec(text: string): Promise<void> {
    await this.#q.exec(text);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.#q !== this.#db) throw new Error('PgliteClient: nested transactions are not supported');
    return this.#db.transaction((tx) => fn(new PgliteClient(this.#db, tx)));
  }

  async close(): Promise<void> {
    if (this.#q !== this.#db) throw new Error('PgliteClient: close the client, not a transaction');
    if (!this.#db.closed) await this.#db.close();
  }
}
