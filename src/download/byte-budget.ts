/**
 * `--max-bytes`: a budget spent in rank order. Repos are admitted while their bytes fit; the first repo that
 * does not fit, and every repo after it, is "over budget". Stopping at the first miss (rather than filling
 * the gaps with smaller, lower-ranked repos) keeps the downloaded set an exact prefix of the ranking, which is
 * what a dataset described as "the top N by downloads" must be.
 */
export class ByteBudget {
  private spent = 0;
  private closed = false;

  /** @param maxBytes budget in bytes; undefined means unlimited. */
  constructor(readonly maxBytes: number | undefined) {
    if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 0)) {
      throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
  }

  /** Offers the next repo in rank order; true when it fits (its bytes are then spent). */
  admit(bytes: number): boolean {
    if (this.maxBytes === undefined) {
      this.spent += bytes;
      return true;
    }
    if (this.closed || this.spent + bytes > this.maxBytes) {
      this.closed = true;
      return false;
    }
    this.spent += bytes;
    return true;
  }

  /** True once a repo was refused: every later repo is over budget without looking at its size. */
  get exhausted(): boolean {
    return this.closed;
  }

  get spentBytes(): number {
    return this.spent;
  }
}
