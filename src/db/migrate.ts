import { createHash } from 'node:crypto';
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

/** Of the text with line endings normalised, so a checkout with CRLF matches. */
const checksumOf = (sql: string): string => createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each once, in order, each in
 * its own transaction (a failing file leaves nothing behind). Returns the versions applied now.
 * Tables are created in the first schema of the connection's search_path. A file changed after
 * it was applied is an error: the database would silently differ from sql/; add a new file.
 */
export async function migrate(db: SqlClient, opts: { dir?: string; logger?: Logger } = {}): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.exec(`
      create table if not exists schema_migrations (
        version text primary key,
        applied_at timestamptz not null default now()
      );
      alter table schema_migrations add column if not exists checksum text;
      alter table schema_migrations enable row level security;`);
  });
  const applied: string[] = [];
  for (const m of await listMigrations(opts.dir)) {
    const sql = await readFile(m.path, 'utf8');
    const checksum = checksumOf(sql);
    const didApply = await db.transaction(async (tx) => {
      await tx.query(LOCK_SQL);
      const done = await tx.query<{ checksum: string | null }>('select checksum from schema_migrations where version = $1', [m.version]);
      if (done[0]) {
        if (done[0].checksum === null) {
          await tx.query('update schema_migrations set checksum = $2 where version = $1', [m.version, checksum]);
        } else if (done[0].checksum !== checksum) {
          throw new Error(
            `Migration ${m.version} was changed after it was applied to this database. Applied migrations ` +
              'are never edited: restore the file and put the change in a new numbered file in sql/.',
          );
        }
        return false;
      }
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (version, checksum) values ($1, $2)', [m.version, checksum]);
      return true;
    });
    if (didApply) {
      applied.push(m.version);
      opts.logger?.info({ migration: m.version }, 'database migration applied');
    }
  }
  return applied;
}
