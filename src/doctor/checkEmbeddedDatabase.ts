import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { PgliteClient } from '../db/PgliteClient.ts';
import type { SqlClient } from '../db/SqlClient.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { expectedSchema } from './expectedSchema.ts';

const NAME = 'Database';

/**
 * The embedded database in DATA_DIR: it opens (read only in effect: nothing is created or
 * migrated here), every migration in sql/ is recorded as applied, and row-level security is
 * on for every table (`pg_class.relrowsecurity`), so that a leaked anon key reads nothing.
 */
export async function checkEmbeddedDatabase(dataDir: string, migrationsDir = MIGRATIONS_DIR): Promise<CheckResult> {
  if (!existsSync(join(dataDir, 'pglite'))) {
    return fail(NAME, `no embedded database in DATA_DIR (${dataDir})`, 'start the bot once (it creates and migrates it), or point DATA_DIR at the existing one');
  }
  let db: PgliteClient;
  try {
    db = await PgliteClient.open(dataDir);
  } catch (err) {
    const message = (err as Error).message;
    const inUse = /already open|in use|lock/i.test(message);
    return fail(NAME, `cannot open the embedded database in ${dataDir}: ${message.slice(0, 160)}`, inUse ? 'a running Hotseat holds it: stop the bot to check it, or ask its /health' : 'check that DATA_DIR is a readable and writable directory');
  }
  try {
    return await checkSchema(db, migrationsDir, `embedded (${dataDir})`);
  } catch (err) {
    return fail(NAME, `the embedded database in ${dataDir} failed a query: ${(err as Error).message.slice(0, 160)}`, 'restore DATA_DIR from a backup, or move it away to start with an empty database');
  } finally {
    await db.close();
  }
}

/**
 * Migrations recorded against sql/, then row-level security on every table sql/ creates.
 * Shared with any SQL connection (PGlite here; a PostgreSQL connection would do the same).
 */
export async function checkSchema(db: SqlClient, migrationsDir: string, label: string): Promise<CheckResult> {
  const expected = await expectedSchema(migrationsDir);
  const hasTable = await db.query<{ ok: boolean }>(`select to_regclass('schema_migrations') is not null as ok`);
  if (!hasTable[0]?.ok) return fail(NAME, `${label}: no migrations applied`, 'start the bot once (it applies sql/ at start)');
  const applied = new Set((await db.query<{ version: string }>('select version from schema_migrations')).map((r) => r.version));
  const missing = expected.versions.filter((v) => !applied.has(v));
  if (missing.length > 0) return fail(NAME, `${label}: migrations not applied: ${missing.join(', ')}`, 'start the bot once (it applies pending migrations at start)');
  const rows = await db.query<{ relname: string; relrowsecurity: boolean }>(
    `select relname, relrowsecurity from pg_class where relkind = 'r' and relname = any($1) and pg_table_is_visible(oid)`,
    [expected.tables],
  );
  const found = new Map(rows.map((r) => [r.relname, r.relrowsecurity]));
  const absent = expected.tables.filter((t) => !found.has(t));
  if (absent.length > 0) return fail(NAME, `${label}: tables missing although their migrations are recorded: ${absent.join(', ')}`, 'the database differs from sql/: restore it from a backup');
  const open = expected.tables.filter((t) => found.get(t) !== true);
  if (open.length > 0) return fail(NAME, `${label}: row-level security is off on ${open.join(', ')}`, `run: ${open.map((t) => `alter table ${t} enable row level security;`).join(' ')}`);
  return pass(NAME, `${label}: ${expected.versions.length} migrations applied, row-level security on for ${expected.tables.length} tables`);
}
