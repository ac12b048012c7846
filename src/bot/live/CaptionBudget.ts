/** One interview's part of a {@link CaptionBudget}. */
export interface CaptionShare {
  /** The least time between two caption edits of this interview's card now, in ms. */
  intervalMs(): number;
  /** The interview no longer edits cards; idempotent. */
  leave(): void;
}

/**
 * Live captions are the one kind of Discord request that grows with the number of interviews:
 * every card is edited every `minIntervalMs` while its candidate speaks. Discord lets a bot make
 * 50 requests a second in all (its global rate limit, across every shard of the token), and a
 * bot over it has every request queued, the next question's card and the results included. The
 * budget keeps captions to `perSecond` edits a second for the whole process: with more
 * interviews than that allows at `minIntervalMs`, each card's captions refresh less often
 * (interviews × 1000 / perSecond ms apart). Phase changes are not captions: they go at once.
 */
export class CaptionBudget {
  readonly #perSecond: number;
  readonly #minIntervalMs: number;
  #members = 0;

  constructor(opts: { perSecond: number; minIntervalMs: number }) {
    if (!(opts.perSecond > 0)) throw new Error('CaptionBudget: perSecond must be positive');
    this.#perSecond = opts.perSecond;
    this.#minIntervalMs = opts.minIntervalMs;
  }

  /** Interviews currently sharing the budget. */
  get members(): number {
    return this.#members;
  }

  /** The interval every member gets now, in ms. */
  intervalMs(): number {
    return Math.max(this.#minIntervalMs, Math.ceil((this.#members * 1000) / this.#perSecond));
  }

  /** Joins an interview to the budget until its share is left. */
  join(): CaptionShare {
    this.#members++;
    let left = false;
    return {
      intervalMs: () => this.intervalMs(),
      leave: () => {
        if (left) return;
        left = true;
        this.#members--;
      },
    };
  }
}
