import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import type { PgClient } from '../../src/db/PgClient.ts';
import { describeStoreContract } from './storeContract.ts';
import { openTestSchema, TEST_DATABASE_URL } from './testDatabase.ts';

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

describeStoreContract('PostgreSQL (node-postgres)', async () => {
  const { client, drop } = await openTestSchema();
  drops.push(drop);
  await migrate(client);
  return new SqlStore(client);
});

describe('PostgreSQL schema', () => {
  let client: PgClient;
  let schema: string;
  beforeAll(async () => {
    const t = await openTestSchema();
    drops.push(t.drop);
    client = t.client;
    schema = t.schema;
    expect(await migrate(client)).toEqual((await listMigrations()).map((m) => m.version));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('runs concurrent migrators once', async () => {
    expect(await Promise.all([migrate(client), migrate(client)])).toEqual([[], []]);
  });

  it('enables row-level security on every table, with no policies', async () => {
    const tables = await client.query<{ relname: string; relrowsecurity: boolean }>(
      `select relname, relrowsecurity from pg_class where relkind = 'r' and relnamespace = $1::regnamespace order by relname`,
      [schema],
    );
    expect(tables).toEqual([
      { relname: 'bank_questions', relrowsecurity: true },
      { relname: 'guild_settings', relrowsecurity: true },
      { relname: 'interview_messages', relrowsecurity: true },
      { relname: 'interview_queue', relrowsecurity: true },
      { relname: 'interview_starts', relrowsecurity: true },
      { relname: 'interviews', relrowsecurity: true },
      { relname: 'mentor_reviews', relrowsecurity: true },
      { relname: 'questions', relrowsecurity: true },
      { relname: 'rubrics', relrowsecurity: true },
      { relname: 'schema_migrations', relrowsecurity: true },
    ]);
    expect(await client.query('select * from pg_policies where schemaname = $1', [schema])).toEqual([]);
  });

  it('lets a role without BYPASSRLS see no rows and call no function', async () => {
    const store = new SqlStore(client);
    await store.createInterview({
      guildId: 'g', candidateUserId: 'u', candidateName: 'n', textChannelId: null, voiceChannelId: null,
      jobTitle: 'j', type: 'hr', language: 'en', questionCount: 1,
    });
    const role = `hotseat_probe_${randomBytes(4).toString('hex')}`;
    await client.exec(`create role ${role} nologin; grant usage on schema ${schema} to ${role};
      grant select on all tables in schema ${schema} to ${role};`);
    try {
      const seen = await client.transaction(async (tx) => {
        await tx.exec(`set local role ${role}`);
        return tx.query<{ n: number }>('select count(*)::int as n from interviews');
      });
      expect(seen).toEqual([{ n: 0 }]);
      await expect(
        client.transaction(async (tx) => {
          await tx.exec(`set local role ${role}`);
          return tx.query(`select delete_interview('g', gen_random_uuid())`);
        }),
      ).rejects.toThrow(/permission denied/);
      for (const call of [`select get_guild_settings('g')`, `select list_interview_messages('g', gen_random_uuid())`, `select record_interview_message('g', gen_random_uuid(), 'c', 'm', 'notice')`, `select list_reviews('g', gen_random_uuid())`, `select review_stats('g', now(), now())`, `select save_review('g', gen_random_uuid(), 1, 'u', '[]', '')`]) {
        await expect(
          client.transaction(async (tx) => {
            await tx.exec(`set local role ${role}`);
            return tx.query(call);
          }),
        ).rejects.toThrow(/permission denied/);
      }
    } finally {
      await client.exec(`drop owned by ${role}; drop role ${role};`);
    }
    expect((await client.query<{ n: number }>('select count(*)::int as n from interviews'))[0]?.n).toBe(1);
  });

  it('enforces the CHECK constraints and final statuses in SQL', async () => {
    await expect(client.query(`insert into interviews (guild_id, candidate_user_id, candidate_name, job_title, type, language, status, question_count)
      values ('g', 'u', 'n', 'j', 'hr', 'en', 'bogus', 1)`)).rejects.toThrow(/check constraint/);
    await expect(client.query(`select finish_interview('g', gen_random_uuid(), 'in_progress', null)`)).rejects.toThrow(/final status/);
  });
});

describe('migrateDatabase (the command for Supabase and other PostgreSQL servers)', () => {
  it('applies the migrations from the command line, once', async () => {
    const { spawnSync } = await import('node:child_process');
    const t = await openTestSchema();
    drops.push(t.drop);
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${t.schema}`);
    const run = () =>
      spawnSync(process.execPath, ['src/db/migrateDatabase.ts', url.toString()], { encoding: 'utf8', timeout: 60_000 });
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe(`applied: ${(await listMigrations()).map((m) => m.version).join(', ')}`);
    expect(run().stdout.trim()).toBe('schema is up to date');
    const placed = await t.client.query<{ schemaname: string }>(
      `select schemaname from pg_tables where tablename = 'interviews' and schemaname in ($1, 'public')`,
      [t.schema],
    );
    expect(placed).toEqual([{ schemaname: t.schema }]);
    await t.client.close();
    const bad = spawnSync(process.execPath, ['src/db/migrateDatabase.ts', 'postgres://someone:hunter2secret@127.0.0.1:1/x'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/migration failed/);
    expect(bad.stderr).not.toContain('hunter2secret');
  });
});
