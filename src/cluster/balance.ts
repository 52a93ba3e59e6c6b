/**
 * Splits weighted items into `workers` disjoint lists of about equal weight: longest-processing-time-first
 * (each item, heaviest first, goes to the list that is lightest so far), which is within 4/3 of the optimum
 * in the worst case and within a fraction of a percent of the mean when no single item dominates. Each list
 * comes back in the items' original order (rank order), so a worker still starts with the most wanted repos.
 */

export interface Weighted {
  /** The item's weight (bytes); negative or non-finite weights count as 0. */
  bytes: number;
}

export interface Balanced<T> {
  lists: T[][];
  /** Sum of the weights of each list. */
  bytes: number[];
}

export function balanceByBytes<T extends Weighted>(items: readonly T[], workers: number): Balanced<T> {
  if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError(`workers: ${workers}`);
  const weight = (i: number): number => {
    const b = (items[i] as T).bytes;
    return Number.isFinite(b) && b > 0 ? b : 0;
  };
  const order = Array.from(items.keys()).sort((a, b) => weight(b) - weight(a) || a - b);
  const heap = new LoadHeap(workers);
  const owner = new Int32Array(items.length);
  for (const i of order) owner[i] = heap.addToLightest(weight(i));
  const lists: T[][] = Array.from({ length: workers }, () => []);
  for (let i = 0; i < items.length; i += 1) (lists[owner[i] as number] as T[]).push(items[i] as T);
  return { lists, bytes: heap.loads() };
}

/** A binary min-heap of worker loads (ties: lower worker index first, so the result is deterministic). */
class LoadHeap {
  private readonly load: number[];
  private readonly heap: number[];

  constructor(workers: number) {
    this.load = new Array<number>(workers).fill(0);
    this.heap = Array.from({ length: workers }, (_, i) => i);
  }

  /** Adds `bytes` to the lightest worker and returns its index. */
  addToLightest(bytes: number): number {
    const worker = this.heap[0] as number;
    this.load[worker] = (this.load[worker] as number) + bytes;
    this.siftDown(0);
    return worker;
  }

  loads(): number[] {
    return [...this.load];
  }

  private less(a: number, b: number): boolean {
    const la = this.load[a] as number;
    const lb = this.load[b] as number;
    return la < lb || (la === lb && a < b);
  }

  private siftDown(at: number): void {
    const h = this.heap;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < h.length && this.less(h[left] as number, h[least] as number)) least = left;
      if (right < h.length && this.less(h[right] as number, h[least] as number)) least = right;
      if (least === at) return;
      [h[at], h[least]] = [h[least] as number, h[at] as number];
      at = least;
    }
  }
}
