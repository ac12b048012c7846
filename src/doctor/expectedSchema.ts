import { readFile } from 'node:fs/promises';
import { listMigrations, MIGRATIONS_DIR } from '../db/migrate.ts';

/** What sql/ says the database must hold. */
export interface ExpectedSchema {
  /** Migration versions in order, e.g. '001_schema'. */
  versions: string[];
  /** Every table the migrations create, plus schema_migrations. */
  tables: string[];
}

/** Reads the numbered migrations (the one source of the schema) for their versions and tables. */
export async function expectedSchema(dir = MIGRATIONS_DIR): Promise<ExpectedSchema> {
  const migrations = await listMigrations(dir);
  const tables = new Set<string>(['schema_migrations']);
  for (const m of migrations) {
    const sql = await readFile(m.path, 'utf8');
    for (const match of sql.matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?(?:public\.)?"?(\w+)"?/gi)) tables.add(match[1]!.toLowerCase());
  }
  return { versions: migrations.map((m) => m.version), tables: [...tables].sort() };
}
