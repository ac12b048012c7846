import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { openTestSchema } from './testDatabase.ts';

/**
 * sql/006_starts_queue.sql on a database that already has data (an upgrade): guilds with several
 * interviews in progress keep only the newest, so the unique index can be built; interviews of
 * the last day enter the ledger, so an upgrade does not hand out a fresh daily allowance.
 */
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

it('upgrades a database with two interviews in progress in one guild and recent starts', async () => {
  const { client, drop } = await openTestSchema();
  cleanups.push(() => client.close(), drop);
  const before = await mkdtemp(join(tmpdir(), 'hotseat-before-006-'));
  cleanups.push(() => rm(before, { recursive: true, force: true }));
  for (const m of (await listMigrations()).filter((m) => m.version < '006')) await copyFile(m.path, join(before, basename(m.path)));
  await migrate(client, { dir: before });

  const insert = (guild: string, user: string, status: string, startedAgo: string) =>
    client.query(
      `insert into interviews (guild_id, candidate_user_id, candidate_name, job_title, type, language, status, question_count, started_at)
       values ($1, $2, 'n', 'j', 'hr', 'en', $3, 1, now() - $4::interval) returning id`,
      [guild, user, status, startedAgo],
    ) as Promise<Array<{ id: string }>>;
  const [older] = await insert('g', 'u1', 'in_progress', '2 hours');
  const [newer] = await insert('g', 'u2', 'in_progress', '1 hour');
  const [elsewhere] = await insert('g2', 'u1', 'in_progress', '3 hours');
  await insert('g', 'u1', 'completed', '3 days');
  await insert('g', 'u1', 'failed', '1 hour');

  // 006 and whatever came after it.
  expect(await migrate(client)).toEqual((await listMigrations()).map((m) => m.version).filter((v) => v >= '006'));
  const statuses = await client.query<{ id: string; status: string }>('select id, status from interviews where id = any($1) order by started_at', [
    [older!.id, newer!.id, elsewhere!.id],
  ]);
  expect(statuses).toEqual([
    { id: elsewhere!.id, status: 'in_progress' },
    { id: older!.id, status: 'interrupted' },
    { id: newer!.id, status: 'in_progress' },
  ]);
  const starts = await client.query<{ guild_id: string; user_id: string }>('select guild_id, user_id from interview_starts order by guild_id, user_id');
  expect(starts).toEqual([
    { guild_id: 'g', user_id: 'u1' },
    { guild_id: 'g', user_id: 'u2' },
    { guild_id: 'g2', user_id: 'u1' },
  ]);
});
