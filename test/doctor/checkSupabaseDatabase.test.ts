import { afterEach, describe, expect, it } from 'vitest';
import { checkSupabaseDatabase } from '../../src/doctor/checkSupabaseDatabase.ts';
import { expectedSchema } from '../../src/doctor/expectedSchema.ts';
import { startSupabaseStandIn, type SupabaseStandIn } from '../harness/supabase/startSupabaseStandIn.ts';

const KEY = 'service-role-key-for-the-doctor-123';
let standIn: SupabaseStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('the doctor’s Supabase check (through the PostgREST stand-in)', () => {
  it('passes with every table and migration there, saying how to check row-level security', async () => {
    const { tables, versions } = await expectedSchema();
    standIn = await startSupabaseStandIn({ serviceRoleKey: KEY, tables });
    const result = await checkSupabaseDatabase({ url: standIn.url, serviceRoleKey: KEY });
    expect(result).toMatchObject({ ok: true });
    expect(result.detail).toContain(`${versions.length} migrations applied; row-level security is not visible through the API: check with select relname, relrowsecurity from pg_class where relname in (${tables.map((t) => `'${t}'`).join(', ')});`);
    expect(tables).toContain('guild_settings');
  }, 60_000);

  it('fails naming a missing table, and a refused key', async () => {
    const { tables } = await expectedSchema();
    standIn = await startSupabaseStandIn({ serviceRoleKey: KEY, tables: tables.filter((t) => t !== 'interview_queue') });
    expect(await checkSupabaseDatabase({ url: standIn.url, serviceRoleKey: KEY })).toMatchObject({
      ok: false, detail: expect.stringMatching(/tables missing: interview_queue$/), fix: expect.stringMatching(/^apply sql\/001_\*\.sql/),
    });
    expect(await checkSupabaseDatabase({ url: standIn.url, serviceRoleKey: 'another-key-that-is-wrong-0000' })).toMatchObject({
      ok: false, detail: expect.stringMatching(/refused the key \(HTTP 401\)/), fix: expect.stringContaining('SUPABASE_SERVICE_ROLE_KEY'),
    });
  }, 60_000);
});
