/**
 * The files of every admitted repo, in rank order, shared by all workers: one queue across repos, so a repo
 * with one huge file does not hold the other slots idle. Repos are added whole (their file lists are already
 * in memory as manifests); workers take one file at a time. The producer waits for room before admitting
 * the next repo, so only a bounded number of repos are open at once.
 */
export interface QueueLimits {
  /** Admit no further repo while more files than this wait. */
  maxQueuedFiles: number;
  /** Admit no further repo while this many are open (admitted and not finished). */
  maxOpenRepos: number;
}

interface Batch<T> {
  items: T[];
  next: number;
}

export class WorkQueue<T> {
  private readonly batches: Batch<T>[] = [];
  private queued = 0;
  private open = 0;
  private closed = false;
  private takers: Array<(item: T | null) => void> = [];
  private roomWaiters: Array<() => void> = [];

  constructor(private readonly limits: QueueLimits) {}

  /** Adds one repo's items; the repo counts as open until `repoDone`. */
  addRepo(items: T[]): void {
    this.open += 1;
    if (items.length === 0) return;
    this.batches.push({ items, next: 0 });
    this.queued += items.length;
    this.wake();
  }

  /** A repo finished (all of its items were taken and processed). */
  repoDone(): void {
    this.open -= 1;
    this.notifyRoom();
  }

  /** Resolves when the producer may admit another repo. */
  waitForRoom(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** The next item, or null once the queue is closed and empty. */
  take(): Promise<T | null> {
    const item = this.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** No more repos will be added; waiting takers get null once the queue drains. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  get openRepos(): number {
    return this.open;
  }

  private hasRoom(): boolean {
    return this.queued < this.limits.maxQueuedFiles && this.open < this.limits.maxOpenRepos;
  }

  private shift(): T | undefined {
    const batch = this.batches[0];
    if (batch === undefined) return undefined;
    const item = batch.items[batch.next] as T;
    batch.next += 1;
    if (batch.next >= batch.items.length) this.batches.shift();
    this.queued -= 1;
    this.notifyRoom();
    return item;
  }

  private wake(): void {
    while (this.takers.length > 0) {
      const item = this.shift();
      if (item === undefined && !this.closed) return;
      const taker = this.takers.shift() as (item: T | null) => void;
      taker(item ?? null);
    }
  }

  private notifyRoom(): void {
    if (!this.hasRoom()) return;
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
