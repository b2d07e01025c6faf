// Runs `fn` over `items` with at most `limit` calls in flight: copying thousands of small documents is bound by
// fsync latency, not bandwidth, so a few at a time go several times faster than one.
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
