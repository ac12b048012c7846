import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { isTransientStoreError } from '../../src/db/isTransientStoreError.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import { PgliteWorkerClient } from '../../src/db/PgliteWorkerClient.ts';

// The worker client's life: the data-directory lock, failed opens, a thread that dies, close.

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-pglite-worker-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A startWorker that keeps the thread it starts, so a test can kill it. */
function keepingWorker(): { started: Worker[]; startWorker: (url: URL, options: WorkerOptions) => Worker } {
  const started: Worker[] = [];
  return { started, startWorker: (url, options) => started[started.push(new Worker(url, options)) - 1]! };
}

describe('PgliteWorkerClient life', () => {
  it('holds the data directory lock until close, keeps the data, and shares it with no one', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const lockFile = join(dataDir, 'hotseat.lock');
    const db = await PgliteWorkerClient.open(dataDir);
    expect((await readFile(lockFile, 'utf8')).trim()).toBe(String(process.pid));
    await expect(PgliteWorkerClient.open(dataDir)).rejects.toThrow(/already open in another Hotseat process/);
    await expect(PgliteClient.open(dataDir)).rejects.toThrow(/already open in another Hotseat process/);
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { PgliteWorkerClient } from './src/db/PgliteWorkerClient.ts'; await PgliteWorkerClient.open(${JSON.stringify(dataDir)});`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain(`already open in another Hotseat process (pid ${process.pid})`);
    await db.exec(`create table kept (v text); insert into kept values ('still here')`);
    await db.close();
    await expect(readFile(lockFile, 'utf8')).rejects.toThrow(/ENOENT/);

    // The same files, read in-process: the thread kept them where PgliteClient does.
    const again = await PgliteClient.open(dataDir);
    expect(await again.query('select v from kept')).toEqual([{ v: 'still here' }]);
    await again.close();
  }, 60_000);

  it('releases the lock when the thread cannot open the database', async () => {
    const dataDir = await tempDir();
    const crashing = (_url: URL, options: WorkerOptions): Worker =>
      new Worker('throw new Error("cannot start PGlite")', { ...options, eval: true });
    await expect(PgliteWorkerClient.open(dataDir, { startWorker: crashing })).rejects.toThrow(/cannot start PGlite/);
    await expect(readFile(join(dataDir, 'hotseat.lock'), 'utf8')).rejects.toThrow(/ENOENT/);

    const exiting = (_url: URL, options: WorkerOptions): Worker => new Worker('process.exit(3)', { ...options, eval: true });
    await expect(PgliteWorkerClient.open(dataDir, { startWorker: exiting })).rejects.toThrow(/exited with code 3/);
    await expect(readFile(join(dataDir, 'hotseat.lock'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('rejects pending and later calls with a clear error when the thread dies, and still closes', async () => {
    const dataDir = await tempDir();
    const { started, startWorker } = keepingWorker();
    const db = await PgliteWorkerClient.open(dataDir, { startWorker });
    await db.exec('create table t (n int)');
    const pending = db.query('select pg_sleep(5)');
    let insideTx: Promise<unknown> | undefined;
    const tx = db.transaction(async (t) => {
      await t.query('insert into t values (1)');
      insideTx = t.query('select 1');
      await insideTx;
    });
    const waiting = db.query('select count(*) from t');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await started[0]!.terminate(); // what a crash or an out-of-memory kill looks like from here
    const died = /embedded database's worker thread exited with code 1/;
    await expect(pending).rejects.toThrow(died);
    await expect(pending).rejects.toMatchObject({ name: 'PgliteWorkerError', code: '57P02' });
    // Transient, so the write queue keeps (and at shutdown journals) writes for the next start.
    expect(isTransientStoreError(await pending.catch((e: unknown) => e))).toBe(true);
    await expect(tx).rejects.toThrow(died);
    await expect(waiting).rejects.toThrow(died);
    await expect(db.query('select 1')).rejects.toThrow(died);
    await expect(db.transaction(async () => 1)).rejects.toThrow(died);
    await db.close();
    await expect(readFile(join(dataDir, 'hotseat.lock'), 'utf8')).rejects.toThrow(/ENOENT/);
    void insideTx?.catch(() => {});
  }, 60_000);

  it('survives the thread running out of memory: the call rejects, the bot process goes on', async () => {
    const db = await PgliteWorkerClient.open(undefined, { maxHeapMb: 48 });
    expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]); // PGlite itself fits under the cap
    const huge = db.query(`select repeat('x', 1000000) as s from generate_series(1, 200)`); // ~200 MB of rows
    await expect(huge).rejects.toMatchObject({ name: 'PgliteWorkerError', message: expect.stringMatching(/memory limit/) });
    await expect(db.query('select 1')).rejects.toThrow(/memory limit/);
    await db.close();
  }, 60_000);

  it('closes once however often it is asked, ends the thread, and refuses calls afterwards', async () => {
    const { started, startWorker } = keepingWorker();
    const db = await PgliteWorkerClient.open(undefined, { startWorker });
    const exited = new Promise<number>((resolve) => started[0]!.once('exit', resolve));
    const answered = db.query('select 1 as one'); // sent before close: answered first
    await Promise.all([db.close(), db.close()]);
    await db.close();
    expect(await answered).toEqual([{ one: 1 }]);
    await exited;
    await expect(db.query('select 1')).rejects.toThrow('PGlite is closed');
    await expect(db.exec('select 1')).rejects.toThrow('PGlite is closed');
  }, 60_000);

  it('does not keep the process alive while idle, but does while a call is pending', () => {
    const script = `import { PgliteWorkerClient } from './src/db/PgliteWorkerClient.ts';
      const db = await PgliteWorkerClient.open();
      const rows = await db.query('select 41 + 1 as answer');
      console.log(JSON.stringify(rows));`; // never closed: the process must still exit
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('[{"answer":42}]');
  }, 60_000);
});
