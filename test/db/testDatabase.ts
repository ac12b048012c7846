import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgClient } from '../../src/db/PgClient.ts';

/** The real PostgreSQL the tests use (scripts/setup-test-deps.sh creates it). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://hotseat:hotseat@127.0.0.1:5432/hotseat_test';

/**
 * A fresh schema on the test PostgreSQL and a client whose search_path points at it.
 * Fails (never skips) when the server is not reachable. `drop()` removes the schema.
 */
export async function openTestSchema(): Promise<{ client: PgClient; schema: string; drop: () => Promise<void> }> {
  const schema = `hotseat_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${String(err)}). ` +
        'Run `sudo bash scripts/setup-test-deps.sh` to install and start it, or set TEST_DATABASE_URL.',
      { cause: err },
    );
  }
  await admin.query(`create schema ${schema}`);
  const client = PgClient.create({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}`, max: 4 });
  return {
    client,
    schema,
    drop: async () => {
      try {
        await admin.query(`drop schema ${schema} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
