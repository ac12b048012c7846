import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';
import type { SqlClient } from './SqlClient.ts';

/** sql/ at the repository root: the numbered migrations, the one source of the schema. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));

/** Files named like `001_schema.sql`, in order. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Array<{ version: string; path: string }>> {
  const names = (await readdir(dir)).filter((n) => /^\d{3,}_[\w-]+\.sql$/.test(n)).sort();
  return names.map((n) => ({ version: n.replace(/\.sql$/, ''), path: `${dir}/${n}` }));
}

/** Same key in every process, so concurrent runners against one server take turns. */
const LOCK_SQL = `select pg_advisory_xact_lock(hashtext('hotseat_schema_migrations'))`;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each once, in order, each in
 * its own transaction (a failing file leaves nothing behind). Returns the versions applied now.
 * Tables are created in the first schema of the connection's search_path.
 */
export async function migrate(db: SqlClient, opts: { dir?: string; logger?: Logger } = {}): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.exec(`
      create table if not exists schema_migrations (
        version text primary key,
        applied_at timestamptz not null default now()
      );
      alter table schema_migrations enable row level security;`);
  });
  const applied: string[] = [];
  for (const m of await listMigrations(opts.dir)) {
    const sql = await readFile(m.path, 'utf8');
    const didApply = await db.transaction(async (tx) => {
      await tx.query(LOCK_SQL);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (done.length > 0) return false;
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (version) values ($1)', [m.version]);
      return true;
    });
    if (didApply) {
      applied.push(m.version);
      opts.logger?.info({ migration: m.version }, 'database migration applied');
    }
  }
  return applied;
}
