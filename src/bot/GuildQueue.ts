/**
 * Who is interviewing and who is waiting, per guild. A bot has one voice connection per guild,
 * so one interview runs per guild at a time. Pure and synchronous: the caller does the async
 * work (starting, pinging) and reports back with {@link GuildQueue.finish}.
 *
 * @typeParam T what a waiting candidate brings along (their validated request)
 */
export class GuildQueue<T> {
  readonly #guilds = new Map<string, { activeUserId: string | null; waiting: Array<{ userId: string; item: T }> }>();
  readonly #maxWaiting: number;

  /** @param maxWaiting how many candidates may wait per guild (default 25) */
  constructor(opts: { maxWaiting?: number } = {}) {
    this.#maxWaiting = opts.maxWaiting ?? 25;
  }

  /**
   * A candidate asks for an interview. `start`: the guild is free and the caller must start it now
   * (the candidate is active from this moment); `queued`: they wait at `position` (1 = next).
   */
  request(guildId: string, userId: string, item: T): QueueDecision {
    const guild = this.#guild(guildId);
    if (guild.activeUserId === userId) return { kind: 'already_active' };
    const index = guild.waiting.findIndex((w) => w.userId === userId);
    if (index >= 0) return { kind: 'already_queued', position: index + 1 };
    if (guild.activeUserId === null && guild.waiting.length === 0) {
      guild.activeUserId = userId;
      return { kind: 'start' };
    }
    if (guild.waiting.length >= this.#maxWaiting) return { kind: 'full' };
    guild.waiting.push({ userId, item });
    return { kind: 'queued', position: guild.waiting.length };
  }

  /** Removes a waiting candidate. Returns false if they were not waiting (active ones stay). */
  leave(guildId: string, userId: string): boolean {
    const guild = this.#guilds.get(guildId);
    if (!guild) return false;
    const index = guild.waiting.findIndex((w) => w.userId === userId);
    if (index < 0) return false;
    guild.waiting.splice(index, 1);
    this.#forgetIfIdle(guildId);
    return true;
  }

  /** 1-based position of a waiting candidate, or null. */
  positionOf(guildId: string, userId: string): number | null {
    const index = this.#guilds.get(guildId)?.waiting.findIndex((w) => w.userId === userId) ?? -1;
    return index < 0 ? null : index + 1;
  }

  /** The candidate whose interview is running (or starting) in this guild. */
  activeUserId(guildId: string): string | null {
    return this.#guilds.get(guildId)?.activeUserId ?? null;
  }

  /** Everyone waiting in this guild, in order. */
  waitingUserIds(guildId: string): string[] {
    return this.#guilds.get(guildId)?.waiting.map((w) => w.userId) ?? [];
  }

  /**
   * The active interview is over (or never started). Returns the next waiting candidate, who is
   * now active and must be started by the caller, or null when the guild is free.
   */
  finish(guildId: string): { userId: string; item: T } | null {
    const guild = this.#guilds.get(guildId);
    if (!guild) return null;
    const next = guild.waiting.shift() ?? null;
    guild.activeUserId = next?.userId ?? null;
    this.#forgetIfIdle(guildId);
    return next;
  }

  /** Number of guilds with an active interview. */
  get activeCount(): number {
    let n = 0;
    for (const g of this.#guilds.values()) if (g.activeUserId !== null) n++;
    return n;
  }

  /** Drops every waiting candidate (shutdown); returns them per guild. */
  clearWaiting(): Array<{ guildId: string; userId: string; item: T }> {
    const out: Array<{ guildId: string; userId: string; item: T }> = [];
    for (const [guildId, g] of this.#guilds) {
      for (const w of g.waiting) out.push({ guildId, ...w });
      g.waiting = [];
      this.#forgetIfIdle(guildId);
    }
    return out;
  }

  #guild(guildId: string) {
    let g = this.#guilds.get(guildId);
    if (!g) {
      g = { activeUserId: null, waiting: [] };
      this.#guilds.set(guildId, g);
    }
    return g;
  }

  #forgetIfIdle(guildId: string): void {
    const g = this.#guilds.get(guildId);
    if (g && g.activeUserId === null && g.waiting.length === 0) this.#guilds.delete(guildId);
  }
}

/** Outcome of {@link GuildQueue.request}. */
export type QueueDecision =
  | { kind: 'start' }
  | { kind: 'queued'; position: number }
  | { kind: 'already_active' }
  | { kind: 'already_queued'; position: number }
  | { kind: 'full' };
