import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DataDirLock } from './DataDirLock.ts';
import type { SqlClient } from './SqlClient.ts';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/** A {@link SqlClient} over the embedded PGlite database (PostgreSQL compiled to WebAssembly). */
export class PgliteClient implements SqlClient {
  readonly #db: PGlite;
  readonly #q: Queryable;
  readonly #lock: DataDirLock | undefined;

  private constructor(db: PGlite, q: Queryable, lock?: DataDirLock) {
    this.#db = db;
    this.#q = q;
    this.#lock = lock;
  }

  /**
   * Opens (or creates) the database kept in `dataDir` (created if missing; the database files go
   * to `dataDir/pglite`). One process at a time: `dataDir/hotseat.lock` is held until close().
   * Without `dataDir` the database lives in memory only.
   */
  static async open(dataDir?: string): Promise<PgliteClient> {
    if (dataDir === undefined) {
      const db = await PGlite.create();
      return new PgliteClient(db, db);
    }
    await mkdir(dataDir, { recursive: true });
    const lock = await DataDirLock.acquire(dataDir);
    try {
      const db = await PGlite.create(join(dataDir, 'pglite'));
      return new PgliteClient(db, db, lock);
    } catch (err) {
      await lock.release();
      throw err;
    }
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
    try {
      if (!this.#db.closed) await this.#db.close();
    } finally {
      await this.#lock?.release();
    }
  }
}
