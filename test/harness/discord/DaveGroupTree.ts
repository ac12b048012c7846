/**
 * The delivery service's view of an MLS group: epoch and which user sits at which leaf. Leaf
 * placement follows RFC 9420 §12.3: removes blank their leaf (and the tree is truncated while its
 * right half is blank), then each add takes the leftmost blank leaf or extends the tree.
 */
export class DaveGroupTree {
  /** 0 while no group is established. */
  epoch = 0n;
  #leaves: (string | null)[] = [];

  get established(): boolean {
    return this.epoch > 0n;
  }

  /** Starts epoch 0 of a group whose creator sits at leaf 0 (its commit then moves it to epoch 1). */
  create(creatorUserId: string): void {
    this.#leaves = [creatorUserId];
    this.epoch = 0n;
  }

  /** Applies a commit's removes and adds (user ids, in the commit's order) and moves to the next epoch. */
  apply(removedUserIds: string[], addedUserIds: string[]): void {
    for (const u of removedUserIds) {
      const i = this.#leaves.indexOf(u);
      if (i >= 0) this.#leaves[i] = null;
    }
    this.#truncate();
    for (const u of addedUserIds) {
      const blank = this.#leaves.indexOf(null);
      if (blank >= 0) this.#leaves[blank] = u;
      else {
        const width = this.#leaves.length;
        const grown = width === 0 ? 1 : width * 2;
        this.#leaves.push(u, ...Array<null>(Math.max(0, grown - width - 1)).fill(null));
      }
    }
    this.epoch += 1n;
  }

  leafOf(userId: string): number | null {
    const i = this.#leaves.indexOf(userId);
    return i >= 0 ? i : null;
  }

  members(): string[] {
    return this.#leaves.filter((u): u is string => u !== null);
  }

  reset(): void {
    this.#leaves = [];
    this.epoch = 0n;
  }

  #truncate(): void {
    let width = this.#leaves.length;
    while (width > 1 && this.#leaves.slice(width / 2, width).every((u) => u === null)) width /= 2;
    if (width === 1 && this.#leaves[0] === null) width = 0;
    this.#leaves.length = width;
  }
}
