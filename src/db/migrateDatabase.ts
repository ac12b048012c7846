import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';
import { migrate } from './migrate.ts';
import { PgClient } from './PgClient.ts';

/**
 * Applies the sql/ migrations to a PostgreSQL server (e.g. a Supabase project's database)
 * through a connection string, and returns the versions applied now. The bot itself never does
 * this for Supabase: PostgREST cannot run DDL.
 *
 * From a shell: `node src/db/migrateDatabase.ts "postgresql://postgres:PASSWORD@HOST:5432/postgres"`
 * (Supabase: Project Settings → Database → Connection string).
 */
export async function migrateDatabase(connectionString: string, logger?: Logger): Promise<string[]> {
  const db = PgClient.create({ connectionString, max: 1 });
  try {
    return await migrate(db, logger ? { logger } : {});
  } finally {
    await db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: node src/db/migrateDatabase.ts <postgresql://user:password@host:5432/database>');
    process.exitCode = 2;
  } else {
    try {
      const applied = await migrateDatabase(url);
      console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    } catch (err) {
      // The message may quote the connection string: print it without the password.
      console.error(`migration failed: ${String(err).replace(/:\/\/([^:/@]+):[^@]*@/g, '://$1:***@')}`);
      process.exitCode = 1;
    }
  }
}
