import { open, readFile, rm } from 'node:fs/promises';

/**
 * An exclusive lock on a data directory, held by one process: a `hotseat.lock` file with its pid.
 * PGlite has no locking of its own, and two processes (e.g. two shards) writing one database
 * would corrupt it. A lock left by a process that is gone is taken over.
 */
export class DataDirLock {
  /** Locks held by this process (the pid alone cannot tell: after a container restart it repeats). */
  static readonly #held = new Set<string>();
  readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  /** Takes the lock in `dir` (which must exist); throws if another live process holds it. */
  static async acquire(dir: string): Promise<DataDirLock> {
    const path = `${dir}/hotseat.lock`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (DataDirLock.#held.has(path)) throw inUse(dir, process.pid);
      try {
        const fh = await open(path, 'wx');
        try {
          await fh.writeFile(`${process.pid}\n`);
        } finally {
          await fh.close();
        }
        DataDirLock.#held.add(path);
        return new DataDirLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && isAlive(pid)) throw inUse(dir, pid);
      await rm(path, { force: true }); // stale: its process is gone
    }
    throw new Error(`could not lock ${dir}: the lock file keeps reappearing`);
  }

  async release(): Promise<void> {
    if (!DataDirLock.#held.delete(this.path)) return;
    await rm(this.path, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, pid: number): Error {
  return new Error(
    `The database in ${dir} is already open in another Hotseat process (pid ${pid}). The embedded ` +
      'database serves one process: stop the other one, give each its own DATA_DIR, or use Supabase ' +
      '(SUPABASE_URL) to run several processes or shards.',
  );
}
