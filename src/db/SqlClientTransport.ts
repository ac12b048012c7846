import { withCleanErrors } from './DatabaseError.ts';
import type { FunctionTransport } from './FunctionTransport.ts';
import type { RpcArgs } from './rpcArgs.ts';
import type { SqlClient } from './SqlClient.ts';

/** What the catalogue says a function returns, which decides how its result is read. */
interface ReturnShape {
  /** `returns setof …` / `returns table (…)`. */
  set: boolean;
  /** A composite (row) type. */
  row: boolean;
}

/** JSON-encodes objects/arrays (jsonb arguments); other values go as they are. */
function param(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
}

/**
 * {@link FunctionTransport} over a {@link SqlClient} (PGlite, the embedded default, or
 * PostgreSQL through node-postgres): `select * from fn(p_a => $1, …)` for sets and rows,
 * `select fn(…)` for scalars, so results have the shape supabase-js `rpc()` gives. Each
 * function's return shape is read from pg_proc once and kept.
 */
export class SqlClientTransport implements FunctionTransport {
  readonly #db: SqlClient;
  readonly #shapes = new Map<string, Promise<ReturnShape>>();

  /**
   * Closing the transport closes `db`. Its errors reach callers as DatabaseErrors: message and
   * SQLSTATE only, never the row or parameters.
   */
  constructor(db: SqlClient) {
    this.#db = withCleanErrors(db);
  }

  async call<T>(fn: string, args: RpcArgs): Promise<T> {
    if (!/^[a-z_][a-z0-9_]*$/.test(fn)) throw new Error(`not a function name: ${fn}`);
    const shape = await this.#shapeOf(fn);
    const names = Object.keys(args);
    const list = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
    const values = names.map((n) => param(args[n]));
    if (shape.set || shape.row) {
      const rows = await this.#db.query(`select * from ${fn}(${list})`, values);
      return (shape.set ? rows : (rows[0] ?? null)) as T;
    }
    const rows = await this.#db.query<{ result: T }>(`select ${fn}(${list}) as result`, values);
    return rows[0]!.result;
  }

  #shapeOf(fn: string): Promise<ReturnShape> {
    let shape = this.#shapes.get(fn);
    if (!shape) {
      shape = this.#db
        .query<{ set: boolean; typtype: string }>(
          `select p.proretset as set, t.typtype::text as typtype
             from pg_proc p join pg_type t on t.oid = p.prorettype
            where p.proname = $1 and pg_function_is_visible(p.oid)`, // resolved through search_path, like the call
          [fn],
        )
        .then((rows) => {
          const found = rows[0];
          // Not cached: the migrations may not have run yet, or run later.
          if (!found) throw new Error(`SQL function ${fn} does not exist: apply the migrations in sql/`);
          return { set: found.set, row: found.typtype === 'c' };
        });
      void shape.catch(() => {
        this.#shapes.delete(fn);
      });
      this.#shapes.set(fn, shape);
    }
    return shape;
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}
