/**
 * Items in list order, each with a resolution started `ahead` items in advance (manifests are fetched while
 * earlier repos are admitted and cloned), so that admission stays in rank order without waiting on each call.
 */
export async function* resolveAhead<T, R>(
  items: Iterable<T>,
  ahead: number,
  resolve: (item: T) => Promise<R>,
): AsyncGenerator<{ item: T; resolution: R }> {
  const window: Array<{ item: T; resolution: Promise<R> }> = [];
  const iterator = items[Symbol.iterator]();
  let exhausted = false;
  const fill = (): void => {
    while (!exhausted && window.length < ahead + 1) {
      const next = iterator.next();
      if (next.done === true) exhausted = true;
      else window.push({ item: next.value, resolution: resolve(next.value) });
    }
  };
  for (fill(); window.length > 0; fill()) {
    const { item, resolution } = window.shift() as { item: T; resolution: Promise<R> };
    yield { item, resolution: await resolution };
  }
}
