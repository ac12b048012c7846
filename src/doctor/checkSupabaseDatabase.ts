import { createClient } from '@supabase/supabase-js';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { describeEndpoint } from './describeEndpoint.ts';
import { expectedSchema } from './expectedSchema.ts';

const NAME = 'Database';
const TIMEOUT_MS = 15_000;
const APPLY = 'apply sql/001_*.sql, sql/002_*.sql, … in order (Supabase SQL editor, or node src/db/migrateDatabase.ts "postgresql://…")';

/**
 * Supabase through PostgREST with the service-role key, as the bot talks to it: reachable, and
 * every table sql/ creates is there (and, when `schema_migrations` is exposed, every migration
 * is recorded). Row-level security cannot be read through PostgREST (pg_class is not exposed
 * and the service role bypasses RLS), so the line says how to check it in the SQL editor.
 */
export async function checkSupabaseDatabase(storage: { url: string; serviceRoleKey: string }, migrationsDir = MIGRATIONS_DIR): Promise<CheckResult> {
  const where = describeEndpoint(storage.url);
  const client = createClient(storage.url, storage.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }) },
  });
  const expected = await expectedSchema(migrationsDir);
  const missing: string[] = [];
  for (const table of expected.tables.filter((t) => t !== 'schema_migrations')) {
    // GET, not HEAD: postgrest-js reads a bodiless 404 as an empty success. No rows are read.
    const { error, status } = await client.from(table).select('*').limit(0);
    if (!error) continue;
    if (status === 401 || status === 403) return fail(NAME, `Supabase at ${where} refused the key (HTTP ${status})`, 'set SUPABASE_SERVICE_ROLE_KEY to the service_role key (Project Settings → API)');
    if (error.code === 'PGRST205' || error.code === '42P01' || status === 404) {
      missing.push(table);
      continue;
    }
    return fail(NAME, `Supabase at ${where} is unreachable or failing: ${(error.message || `HTTP ${status}`).slice(0, 160)}`, 'check SUPABASE_URL, the network, and that the project is not paused');
  }
  if (missing.length > 0) return fail(NAME, `Supabase at ${where}: tables missing: ${missing.join(', ')}`, APPLY);
  const recorded = await client.from('schema_migrations').select('version');
  let migrations = 'tables present';
  if (!recorded.error) {
    const applied = new Set((recorded.data as Array<{ version: string }>).map((r) => r.version));
    const notApplied = expected.versions.filter((v) => !applied.has(v));
    if (notApplied.length > 0 && applied.size > 0) return fail(NAME, `Supabase at ${where}: migrations not applied: ${notApplied.join(', ')}`, APPLY);
    migrations = applied.size > 0 ? `${expected.versions.length} migrations applied` : 'tables present (migrations applied by hand)';
  }
  return pass(
    NAME,
    `Supabase at ${where}: ${migrations}; row-level security is not visible through the API: check with ` +
      `select relname, relrowsecurity from pg_class where relname in (${expected.tables.map((t) => `'${t}'`).join(', ')});`,
  );
}
