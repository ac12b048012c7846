import type { QueueEntry, Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';

/** What the journal needs from the store. */
export type QueueJournalStore = Pick<Store, 'saveQueueEntry' | 'removeQueueEntry'>;

/**
 * Mirrors the in-memory {@link GuildQueue} into the store, so that candidates waiting when the
 * process dies can be told after the restart (see recoverQueue.ts). Writes of one guild run one
 * after the other, in call order: a candidate who queues and leaves at once never leaves a row
 * behind because the two requests overtook each other. Owns every write; {@link idle} awaits them.
 */
export class QueueJournal {
  readonly #store: QueueJournalStore;
  readonly #logger: Logger;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(store: QueueJournalStore, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** A candidate joined the queue. Rejects if the store refused: the caller undoes the join. */
  added(entry: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): Promise<void> {
    return this.#then(entry.guildId, async () => {
      await this.#store.saveQueueEntry(entry);
    });
  }

  /**
   * A candidate left the queue (left, served, or told at shutdown). Never rejects: a row left
   * behind only means a needless "I restarted" notice later, so the failure is logged.
   */
  removed(guildId: string, userId: string): Promise<void> {
    return this.#then(guildId, async () => {
      await this.#store.removeQueueEntry(guildId, userId);
    }).catch((err: unknown) => this.#logger.warn({ err, guildId, userId }, 'could not remove a queue entry from the store'));
  }

  /** Resolves once every write issued so far has settled. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()]);
  }

  #then(guildId: string, write: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(guildId) ?? Promise.resolve();
    const next = previous.then(write);
    const tail = next.catch(() => undefined);
    this.#tails.set(guildId, tail);
    void tail.finally(() => {
      if (this.#tails.get(guildId) === tail) this.#tails.delete(guildId);
    });
    return next;
  }
}
