import { mkdir } from 'node:fs/promises';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { DataDirLock } from './DataDirLock.ts';
import { fromWire, OPEN_REPLY_ID, type PgliteRequest, type PgliteResponse, type PgliteThreadData } from './pgliteThreadMessages.ts';
import type { SqlClient } from './SqlClient.ts';

/** Options of {@link PgliteWorkerClient.open}. */
export interface PgliteWorkerOptions {
  /** Starts the thread. Default `new Worker(url, options)`; tests pass one that keeps the Worker to kill it. */
  startWorker?: (url: URL, options: WorkerOptions) => Worker;
  /**
   * Cap on the thread's JavaScript heap (where result rows are built), in MB; past it the thread
   * dies and calls reject, instead of the whole bot aborting out of memory. PostgreSQL's own
   * memory (WebAssembly) is not counted. Default 512.
   */
  maxHeapMb?: number;
}

const defaultMaxHeapMb = 512;

const threadUrl = new URL('./pgliteThread.ts', import.meta.url);

/** A request without its id, which {@link ThreadLink.request} assigns. */
type Outgoing = PgliteRequest extends infer R ? (R extends PgliteRequest ? Omit<R, 'id'> : never) : never;

/**
 * The main side of the thread: numbers requests, matches replies, and fails every pending and
 * later request once the thread is gone (crash, out of memory, or closed), so no caller hangs.
 * The thread keeps the process alive only while a request is pending, like PGlite in-process.
 */
class ThreadLink {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  #nextId = OPEN_REPLY_ID + 1;
  /** Why requests fail from now on; set when the thread died or was closed. */
  #gone: Error | undefined;
  /** Settles when the database is open in the thread. */
  readonly opened: Promise<unknown>;

  constructor(worker: Worker) {
    this.#worker = worker;
    this.opened = new Promise((resolve, reject) => this.#pending.set(OPEN_REPLY_ID, { resolve, reject }));
    worker.on('message', (res: PgliteResponse) => this.#settle(res));
    worker.on('messageerror', (err) => this.#fail(threadError(`a reply could not be read (${err.message})`, err)));
    worker.on('error', (err) => this.#fail(threadError(`crashed (${err.message})`, err)));
    worker.on('exit', (code) => this.#fail(threadError(`exited with code ${code}`)));
  }

  /** Posts `req`; resolves to the thread's value, rejects with the statement's error. */
  request(req: Outgoing): Promise<unknown> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...req, id }); // throws DataCloneError for a parameter that cannot be cloned
      } catch (err) {
        reject(err as Error);
        return;
      }
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
    });
  }

  /**
   * Closes the database in the thread (after the statements already sent), then ends the thread.
   * Requests still pending then, and all later ones, fail with "PGlite is closed".
   */
  async close(): Promise<void> {
    try {
      if (!this.#gone) await this.request({ op: 'close' });
    } finally {
      await this.terminate();
    }
  }

  /** Ends the thread at once (PGlite not closed): what a failed open does. Later requests fail with "PGlite is closed". */
  async terminate(): Promise<void> {
    this.#fail(new Error('PGlite is closed'));
    await this.#worker.terminate();
  }

  #settle(res: PgliteResponse): void {
    const call = this.#pending.get(res.id);
    if (!call) return;
    this.#pending.delete(res.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (res.ok) call.resolve(res.value);
    else call.reject(fromWire(res.error));
  }

  /** The first reason wins: a thread that was closed does not later "exit with code 1". */
  #fail(reason: Error): void {
    this.#gone ??= reason;
    for (const call of this.#pending.values()) call.reject(this.#gone);
    this.#pending.clear();
    this.#worker.unref();
  }
}

/**
 * Why calls fail once the thread is gone. Its SQLSTATE is PostgreSQL's crash_shutdown (57P02),
 * which isTransientStoreError counts as transient: the store's write queue keeps the writes and
 * journals them at shutdown, and the next start (a new thread) replays them, instead of dropping them.
 */
function threadError(what: string, cause?: unknown): Error {
  const err = new Error(`The embedded database's worker thread ${what}; database calls fail until the bot restarts.`, { cause });
  err.name = 'PgliteWorkerError';
  return Object.assign(err, { code: '57P02' });
}

/**
 * A {@link SqlClient} over PGlite running in a worker thread. PGlite executes each statement
 * synchronously in WebAssembly; in the main thread that stalls the event loop for tens of
 * milliseconds under load, delaying every interview's outgoing voice frames. Here the main
 * thread only posts the statement and receives the rows (structured clone: Dates, objects from
 * jsonb, bigints and Uint8Arrays arrive as they are; a Buffer arrives as a Uint8Array).
 *
 * Behaves like {@link ./PgliteClient.ts}: same data directory layout and lock, same errors
 * (PGlite's message and fields, `code` = SQLSTATE), same transactions: PGlite's own, held open
 * in the thread while `fn` runs here; statements outside it wait for its end.
 */
export class PgliteWorkerClient implements SqlClient {
  readonly #link: ThreadLink;
  /** The open transaction this client runs in (its `begin` id); undefined for the client itself. */
  readonly #tx: number | undefined;
  readonly #lock: DataDirLock | undefined;
  #closing: Promise<void> | undefined;

  private constructor(link: ThreadLink, tx: number | undefined, lock?: DataDirLock) {
    this.#link = link;
    this.#tx = tx;
    this.#lock = lock;
  }

  /**
   * Opens (or creates) the database kept in `dataDir` (created if missing; the database files go
   * to `dataDir/pglite`) in a new worker thread. One process at a time: `dataDir/hotseat.lock`
   * is taken here, on the main side, and held until close() (released if opening fails).
   * Without `dataDir` the database lives in memory only.
   */
  static async open(dataDir?: string, options: PgliteWorkerOptions = {}): Promise<PgliteWorkerClient> {
    let lock: DataDirLock | undefined;
    if (dataDir !== undefined) {
      await mkdir(dataDir, { recursive: true });
      lock = await DataDirLock.acquire(dataDir);
    }
    let link: ThreadLink | undefined;
    try {
      const start = options.startWorker ?? ((url, init) => new Worker(url, init));
      // The thread inherits the process's flags, except --input-type (`node --input-type=module -e`),
      // which a worker started from a file refuses.
      const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
      const resourceLimits = { maxOldGenerationSizeMb: options.maxHeapMb ?? defaultMaxHeapMb };
      link = new ThreadLink(start(threadUrl, { workerData: { dataDir } satisfies PgliteThreadData, execArgv, resourceLimits }));
      await link.opened;
      return new PgliteWorkerClient(link, undefined, lock);
    } catch (err) {
      await link?.terminate();
      await lock?.release();
      throw err;
    }
  }

  async query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.#link.request({ op: 'query', tx: this.#tx, text, params: [...params] })) as Row[];
  }

  async exec(text: string): Promise<void> {
    await this.#link.request({ op: 'exec', tx: this.#tx, text });
  }

  /**
   * BEGIN in the thread, `fn` here with a client whose statements run inside the transaction,
   * then COMMIT when `fn` resolves (a failed COMMIT rejects) or ROLLBACK when it throws (its
   * error is rethrown).
   */
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.#tx !== undefined) throw new Error('PgliteWorkerClient: nested transactions are not supported');
    const tx = (await this.#link.request({ op: 'begin' })) as number;
    let result: T;
    try {
      result = await fn(new PgliteWorkerClient(this.#link, tx));
    } catch (err) {
      // fn's error is the one worth reporting; a failed ROLLBACK means the thread is gone anyway.
      await this.#link.request({ op: 'end', tx, commit: false }).catch(() => {});
      throw err;
    }
    await this.#link.request({ op: 'end', tx, commit: true });
    return result;
  }

  /** Closes the database, ends the thread and releases the lock; later calls return the same promise. */
  close(): Promise<void> {
    if (this.#tx !== undefined) return Promise.reject(new Error('PgliteWorkerClient: close the client, not a transaction'));
    this.#closing ??= (async () => {
      try {
        await this.#link.close();
      } finally {
        await this.#lock?.release();
      }
    })();
    return this.#closing;
  }
}
