/**
 * Runs `work` over `items` with at most `limit` in flight, in order of start. Items are
 * taken only when a worker is free, so an async iterable (a file read line by line) is read
 * no further ahead than the work: `limit` items at most are taken and not yet done. Once
 * `stop()` returns true no new item starts, those in flight finish, and the iterable is
 * closed (its file or connection with it).
 */
export async function forEachBounded<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  const iterator: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let exhausted = false;
  const worker = async () => {
    while (!exhausted && !stop()) {
      // Async generators queue concurrent next() calls: each worker gets its own item.
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      if (stop()) return;
      await work(next.value);
    }
  };
  try {
    await Promise.all(Array.from({ length: limit }, worker));
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}
