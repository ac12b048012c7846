import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import { describeStoreContract } from './storeContract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-pglite-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describeStoreContract('PGlite', async () => {
  const db = await PgliteClient.open(join(await tempDir(), 'data'));
  await migrate(db);
  return new SqlStore(db);
});

describe('PGlite migrations', () => {
  it('apply each file once, in order, and keep data across reopen', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    let db = await PgliteClient.open(dataDir);
    const all = (await listMigrations()).map((m) => m.version);
    expect(all.slice(0, 2)).toEqual(['001_schema', '002_functions']);
    expect(await migrate(db)).toEqual(all);
    expect(await migrate(db)).toEqual([]);
    const store = new SqlStore(db);
    const created = await store.createInterview({
      guildId: 'g', candidateUserId: 'u', candidateName: 'n', textChannelId: null, voiceChannelId: null,
      jobTitle: 'j', type: 'hr', language: 'en', questionCount: 1,
    });
    await store.close();

    db = await PgliteClient.open(dataDir);
    expect(await migrate(db)).toEqual([]);
    const reopened = new SqlStore(db);
    expect((await reopened.getInterview('g', created.id))?.interview.id).toBe(created.id);
    const rls = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `select relname, relrowsecurity from pg_class
        where relkind = 'r' and relnamespace = current_schema()::regnamespace order by relname`,
    );
    expect(rls).toEqual([
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
    await reopened.close();
  });

  it('opens a data directory in one process at a time, taking over stale locks', async () => {
    const dataDir = await tempDir();
    const lockFile = join(dataDir, 'hotseat.lock');
    const db = await PgliteClient.open(dataDir);
    expect((await readFile(lockFile, 'utf8')).trim()).toBe(String(process.pid));
    await expect(PgliteClient.open(dataDir)).rejects.toThrow(/already open in another Hotseat process/);
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { PgliteClient } from './src/db/PgliteClient.ts'; await PgliteClient.open(${JSON.stringify(dataDir)});`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain(`already open in another Hotseat process (pid ${process.pid})`);
    await db.close();
    await expect(readFile(lockFile, 'utf8')).rejects.toThrow(/ENOENT/);

    // A lock left by a process that is gone (the child above has exited) is taken over.
    await writeFile(lockFile, `${child.pid}\n`);
    const again = await PgliteClient.open(dataDir);
    expect((await readFile(lockFile, 'utf8')).trim()).toBe(String(process.pid));
    await again.close();
  });

  it('roll back a failing migration completely, stop there, and refuse edited ones', async () => {
    const dir = await tempDir();
    const sqlDir = join(dir, 'sql');
    await cp(MIGRATIONS_DIR, sqlDir, { recursive: true });
    await writeFile(join(sqlDir, '900_broken.sql'), 'create table half_done (id int);\nselect no_such_function();\n');
    await writeFile(join(sqlDir, '901_after.sql'), 'create table after_broken (id int);\n');
    const db = await PgliteClient.open();
    await expect(migrate(db, { dir: sqlDir })).rejects.toThrow(/no_such_function/);
    const tables = await db.query<{ t: string | null; a: string | null }>(
      `select to_regclass('half_done')::text as t, to_regclass('after_broken')::text as a`,
    );
    expect(tables).toEqual([{ t: null, a: null }]);
    const versions = await db.query<{ version: string }>('select version from schema_migrations order by version');
    expect(versions.map((v) => v.version)).toEqual((await listMigrations()).map((m) => m.version));

    // Editing an applied migration is refused; a CRLF checkout of the same text is not an edit.
    const schema = join(sqlDir, '001_schema.sql');
    const original = await readFile(schema, 'utf8');
    await rm(join(sqlDir, '900_broken.sql'));
    await rm(join(sqlDir, '901_after.sql'));
    await writeFile(schema, original.replace(/\n/g, '\r\n'));
    expect(await migrate(db, { dir: sqlDir })).toEqual([]);
    await writeFile(schema, `${original}\n-- an afterthought\n`);
    await expect(migrate(db, { dir: sqlDir })).rejects.toThrow(/001_schema was changed after it was applied/);
    await db.close();
  });
});
