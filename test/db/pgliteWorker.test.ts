import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/db/DatabaseError.ts';
import { isOneRunningViolation, ONE_RUNNING_INDEX } from '../../src/db/isOneRunningViolation.ts';
import { isTransientStoreError } from '../../src/db/isTransientStoreError.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import { PgliteWorkerClient } from '../../src/db/PgliteWorkerClient.ts';
import type { SqlClient } from '../../src/db/SqlClient.ts';

// The worker client against PGlite in-process (PgliteClient), which it must behave like: same
// rows, same errors, same transactions. Lock, failed opens and a dying thread: pgliteWorkerLife.test.ts.

let worker: PgliteWorkerClient;
let local: PgliteClient;
const schema = `
  create table items (id int primary key, name text not null check (length(name) <= 5));
  create table running (guild text not null, status text not null);
  create unique index ${ONE_RUNNING_INDEX} on running (guild) where status = 'running';`;

beforeAll(async () => {
  [worker, local] = await Promise.all([PgliteWorkerClient.open(), PgliteClient.open()]);
  await worker.exec(schema);
  await local.exec(schema);
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await local?.close();
});

/** The error `run` rejects with, with the properties a caller can read. */
async function failure(run: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const err = await run().then(() => expect.unreachable('should have failed'), (e: unknown) => e as Error);
  expect(err).toBeInstanceOf(Error);
  const { stack: _stack, ...fields } = { ...err };
  return { ...fields, name: err.name, message: err.message };
}

describe('PgliteWorkerClient', () => {
  it('returns the same values as PGlite in-process, parameters and rows alike', async () => {
    const at = new Date(Date.UTC(2026, 11, 3, 9, 30, 15, 250));
    const text = `select $1::timestamptz as at, $2::jsonb as doc, $3::text as none, $4::int[] as ints,
      $5::text[] as words, 12345678901::int8 as big, 7.25::numeric(6,2) as score, 2.5::real as ratio,
      true as yes, $6::bytea as bytes, '\\x0102ff'::bytea as raw, '5f0c8e6a-8a43-4a43-9d43-1f2e3d4c5b6a'::uuid as id,
      now() - $1::timestamptz > interval '-1 day' as ok, array[$2::jsonb] as docs`;
    const params = [at, { a: [1, 'b', null], nested: { x: true } }, null, [1, 2, 3], ['x', 'y'], new Uint8Array([9, 8])];
    const rows = await worker.query(text, params);
    expect(rows).toEqual(await local.query(text, params));
    const [row] = rows as [Record<string, unknown>];
    expect(row.at).toBeInstanceOf(Date);
    expect((row.at as Date).getTime()).toBe(at.getTime());
    expect(row.doc).toEqual({ a: [1, 'b', null], nested: { x: true } });
    expect(row.none).toBeNull();
    expect(row.raw).toBeInstanceOf(Uint8Array);
    expect([...(row.raw as Uint8Array)]).toEqual([1, 2, 255]);
  });

  it('runs several statements with exec, and queries without parameters', async () => {
    await worker.exec(`create table scratch (n int); insert into scratch values (1), (2); insert into scratch values (3)`);
    expect(await worker.query('select sum(n)::int as total from scratch')).toEqual([{ total: 6 }]);
    await worker.exec('drop table scratch');
  });

  it('rejects a unique violation with the SQLSTATE, constraint and fields PGlite gives', async () => {
    await worker.query('insert into items values (1, $1)', ['one']);
    await local.query('insert into items values (1, $1)', ['one']);
    const insert = (db: SqlClient) => () => db.query('insert into items values (1, $1)', ['again']);
    const got = await failure(insert(worker));
    expect(got).toMatchObject({
      code: '23505', constraint: 'items_pkey', table: 'items', schema: 'public',
      detail: 'Key (id)=(1) already exists.', message: 'duplicate key value violates unique constraint "items_pkey"',
    });
    expect(got).toEqual(await failure(insert(local)));
  });

  it('rejects a check violation the same way, and the error helpers read it as before', async () => {
    const insert = (db: SqlClient) => () => db.query('insert into items values (2, $1)', ['too long']);
    const got = await failure(insert(worker));
    expect(got).toMatchObject({ code: '23514', constraint: 'items_name_check', table: 'items' });
    expect(got).toEqual(await failure(insert(local)));

    const err = await worker.query('insert into items values (3, $1)', ['far too long']).catch((e: unknown) => e);
    const clean = DatabaseError.from(err);
    expect(clean).toBeInstanceOf(DatabaseError);
    expect(clean).toMatchObject({ code: '23514', message: expect.stringContaining('items_name_check') });
    expect(Object.keys(clean as object)).not.toContain('detail');
    expect(isTransientStoreError(err)).toBe(false);
  });

  it('reports the one-running index violation so isOneRunningViolation sees it', async () => {
    await worker.query(`insert into running values ('g1', 'running')`);
    const err = (await worker.query(`insert into running values ('g1', 'running')`).catch((e: unknown) => e)) as Error & { code?: string };
    expect(isOneRunningViolation(err.code, err.message)).toBe(true);
    expect(isOneRunningViolation(err.code, 'another index')).toBe(false);
  });

  it('commits a transaction when fn resolves and resolves to its value', async () => {
    const value = await worker.transaction(async (tx) => {
      await tx.query('insert into items values (10, $1)', ['ten']);
      await tx.exec(`insert into items values (11, 'elev'); insert into items values (12, 'twel')`);
      return (await tx.query<{ n: number }>('select count(*)::int as n from items where id >= 10'))[0]!.n;
    });
    expect(value).toBe(3);
    expect(await worker.query('select id from items where id >= 10 order by id')).toEqual([{ id: 10 }, { id: 11 }, { id: 12 }]);
  });

  it('rolls back when fn throws and rejects with fn’s own error', async () => {
    const boom = new Error('boom');
    await expect(
      worker.transaction(async (tx) => {
        await tx.query('insert into items values (20, $1)', ['tw']);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await worker.query('select id from items where id = 20')).toEqual([]);
  });

  it('rolls back when a statement in it fails, with that statement’s error', async () => {
    const got = await failure(() =>
      worker.transaction(async (tx) => {
        await tx.query('insert into items values (21, $1)', ['ok']);
        await tx.query('insert into items values (21, $1)', ['dup']);
      }),
    );
    expect(got).toMatchObject({ code: '23505', constraint: 'items_pkey' });
    expect(await worker.query('select id from items where id = 21')).toEqual([]);
  });

  it('rejects the commit of a transaction whose failed statement fn swallowed, like PGlite in-process', async () => {
    const swallow = (db: SqlClient) => () =>
      db.transaction(async (tx) => {
        await tx.query('insert into items values (1, $1)', ['dup']).catch(() => {});
      });
    const got = await failure(swallow(worker));
    expect(got).toMatchObject({ code: '25P02' });
    expect(got).toEqual(await failure(swallow(local)));
  });

  it('makes a statement outside an open transaction wait for its commit, without deadlock', async () => {
    const events: string[] = [];
    let outside: Promise<unknown> | undefined;
    await worker.transaction(async (tx) => {
      await tx.query('insert into items values (30, $1)', ['thir']);
      outside = worker.query<{ n: number }>('select count(*)::int as n from items where id = 30').then((rows) => {
        events.push(`outside saw ${rows[0]!.n}`);
      });
      // Statements of the transaction still run while the outside one waits.
      for (let i = 0; i < 5; i++) await tx.query('select pg_sleep(0.01)');
      await tx.query('insert into items values (31, $1)', ['thir']);
      events.push('fn done');
    });
    await outside;
    expect(events).toEqual(['fn done', 'outside saw 1']);
  });

  it('keeps a rolled-back transaction’s rows from a statement waiting outside it', async () => {
    let outside: Promise<unknown[]> | undefined;
    await worker
      .transaction(async (tx) => {
        await tx.query('insert into items values (40, $1)', ['fort']);
        outside = worker.query('select id from items where id = 40');
        throw new Error('undo');
      })
      .catch(() => {});
    expect(await outside).toEqual([]);
  });

  it('refuses nested transactions, closing a transaction client, and statements after its end', async () => {
    let escaped: SqlClient | undefined;
    await worker.transaction(async (tx) => {
      escaped = tx;
      await expect(tx.transaction(async () => 1)).rejects.toThrow(/nested transactions are not supported/);
      await expect(tx.close()).rejects.toThrow(/close the client, not a transaction/);
    });
    await expect(escaped!.query('select 1')).rejects.toThrow('Transaction is closed');
    expect(await worker.query('select 1 as one')).toEqual([{ one: 1 }]); // the client itself is fine
  });

  it('runs many concurrent queries and transactions, each getting its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 0
          ? worker.transaction(async (tx) => (await tx.query<{ v: number }>('select $1::int as v', [i]))[0]!.v)
          : worker.query<{ v: number }>('select $1::int as v', [i]).then((rows) => rows[0]!.v),
      ),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('rejects a parameter that cannot cross the thread, and keeps working', async () => {
    await expect(worker.query('select $1::text as t', [() => 1])).rejects.toThrow(/could not be cloned/);
    expect(await worker.query('select 2 as two')).toEqual([{ two: 2 }]);
  });
});
