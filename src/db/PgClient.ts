import pg from 'pg';
import type { SqlClient } from './SqlClient.ts';

type Queryable = pg.Pool | pg.PoolClient;

/**
 * A {@link SqlClient} over a real PostgreSQL server through node-postgres (a connection pool).
 * Used by the tests on real PostgreSQL; the bot itself uses PGlite or Supabase.
 */
export class PgClient implements SqlClient {
  readonly #pool: pg.Pool;
  readonly #q: Queryable;

  private constructor(pool: pg.Pool, q: Queryable) {
    this.#pool = pool;
    this.#q = q;
  }

  /** `config` is passed to `pg.Pool` (e.g. `connectionString`, `options: '-c search_path=x'`). */
  static create(config: pg.PoolConfig): PgClient {
    const pool = new pg.Pool(config);
    // An idle client's error (server restart) must not crash the process; the next query fails instead.
    pool.on('error', () => {});
    return new PgClient(pool, pool);
  }

  async query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.#q.query(text, [...params]);
    return result.rows as Row[];
  }

  async exec(text: string): Promise<void> {
    await this.#q.query(text);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.#q !== this.#pool) throw new Error('PgClient: nested transactions are not supported');
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
      const result = await fn(new PgClient(this.#pool, client));
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.#q !== this.#pool) throw new Error('PgClient: close the client, not a transaction');
    if (!this.#pool.ended) await this.#pool.end();
  }
}
