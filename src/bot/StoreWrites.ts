import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientStoreError } from '../db/isTransientStoreError.ts';
import type { Store } from '../interview/Store.ts';
import { WriteJournal } from '../db/WriteJournal.ts';
import { StoreWriteQueue } from '../interview/StoreWriteQueue.ts';
import type { Logger } from '../logger.ts';

/** How long start-up waits for the journal's writes to reach the store before going on (they keep flushing). */
export const REPLAY_WAIT_MS = 10_000;
/** At shutdown, pending writes get at most this long to reach the store before they are journaled. */
export const SHUTDOWN_FLUSH_MS = 3_000;

/**
 * The process's store writes during and after interviews: one {@link StoreWriteQueue} over the
 * store, and its journal under DATA_DIR (`pending-writes.jsonl`, one per shard process).
 * {@link replay} runs first at start-up, {@link close} last at shutdown.
 */
export class StoreWrites {
  readonly queue: StoreWriteQueue;
  readonly journal: WriteJournal;
  readonly #logger: Logger;

  constructor(store: Store, opts: { dataDir: string; shardId: number; logger: Logger }) {
    this.#logger = opts.logger.child({ component: 'store-writes' });
    this.queue = new StoreWriteQueue({ store, isTransient: isTransientStoreError, logger: this.#logger });
    this.journal = new WriteJournal(join(opts.dataDir, opts.shardId > 0 ? `pending-writes-shard${opts.shardId}.jsonl` : 'pending-writes.jsonl'));
  }

  /** The store with writes queued: give this to interviews. */
  get store(): Store {
    return this.queue.store;
  }

  /**
   * Replays the journal of the last run (in order; every write is idempotent) and waits up to
   * `waitMs` for it to reach the store. The file is deleted once all of it is written, so a
   * crash before that replays it again.
   * @returns the number of writes replayed
   */
  async replay(waitMs = REPLAY_WAIT_MS): Promise<number> {
    const { writes, badLines } = this.journal.read();
    if (badLines > 0) this.#logger.error({ badLines }, 'unreadable lines in the write journal were skipped');
    if (writes.length === 0) {
      if (badLines > 0) this.journal.remove();
      return 0;
    }
    this.#logger.info({ writes: writes.length }, 'replaying store writes journaled at the last shutdown');
    for (const write of writes) this.queue.enqueue(write);
    const flushed = this.queue.idle().then(() => {
      this.journal.remove();
      this.#logger.info({ writes: writes.length }, 'journaled store writes replayed');
    });
    const timer = new AbortController();
    const inTime = await Promise.race([flushed.then(() => true), sleep(waitMs, false, { signal: timer.signal }).catch(() => false)]);
    timer.abort();
    if (!inTime) this.#logger.warn({ pending: this.queue.pendingCount }, 'the store is slow to take the journaled writes; starting anyway, they keep flushing');
    return writes.length;
  }

  /** Shutdown: up to `flushMs` to flush, then the rest goes to the journal. */
  async close(flushMs = SHUTDOWN_FLUSH_MS): Promise<void> {
    await this.queue.close(this.journal, flushMs);
  }

  /** Forced exit (deadline passed): journal now, synchronously. */
  journalNow(): void {
    this.queue.journalNow(this.journal);
  }
}
