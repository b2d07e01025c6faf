// The in-process status cache: keeps the most recently used entries within its bound, expires them after the TTL,
// and never stores a write that raced an invalidation.
import { describe, expect, it } from "vitest";
import { MemoryStatusCache } from "./memory-status-cache.js";

describe("MemoryStatusCache", () => {
  it("evicts the least recently used entry beyond its size, and expires entries after the TTL", async () => {
    let t = 0;
    const c = new MemoryStatusCache(2, 1000, () => t);
    const g = (await c.read("a")).generation;
    await c.write("a", null, g);
    await c.write("b", null, g);
    await c.read("a"); // a is now the most recently used
    await c.write("c", null, g);
    expect([(await c.read("a")).hit, (await c.read("b")).hit, (await c.read("c")).hit]).toEqual([
      true,
      false,
      true,
    ]);
    t = 1000;
    expect((await c.read("a")).hit).toBe(false);
  });

  it("always holds the maxEntries most recently used keys, and never more than twice as many", async () => {
    const max = 50;
    const c = new MemoryStatusCache(max, 60_000, () => 0);
    const g = (await c.read("x")).generation;
    // Reference: keys in order of last use (a write, or a read that hit), most recent last.
    const used: string[] = [];
    const use = (k: string) => {
      const i = used.indexOf(k);
      if (i >= 0) used.splice(i, 1);
      used.push(k);
    };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 400;
    let largest = 0;
    for (let i = 0; i < 5000; i++) {
      const k = `k${next()}`;
      if (i % 3 === 0) {
        await c.write(k, null, g);
        use(k);
      } else {
        const recent = used.slice(-max).includes(k);
        const { hit } = await c.read(k);
        if (recent) expect(hit, `${k} at step ${i}`).toBe(true);
        if (hit) use(k);
      }
      largest = Math.max(largest, c.size);
    }
    expect(largest).toBeLessThanOrEqual(2 * max);
    expect(largest).toBeGreaterThan(max);
  });

  it("keeps the cached value of a hit in the old generation, and forgets invalidated keys in both", async () => {
    const c = new MemoryStatusCache(2, 60_000, () => 0);
    const g = (await c.read("a")).generation;
    await c.write("a", null, g);
    await c.write("b", null, g); // a and b move to the old generation
    expect(await c.read("a")).toMatchObject({ hit: true, value: null });
    await c.invalidate("a");
    await c.invalidate("b");
    expect([(await c.read("a")).hit, (await c.read("b")).hit]).toEqual([false, false]);
    expect(c.size).toBe(0);
  });

  it("drops a write made under a generation older than an invalidation", async () => {
    const c = new MemoryStatusCache();
    const stale = (await c.read("a")).generation;
    await c.invalidate("other");
    await c.write("a", null, stale);
    expect((await c.read("a")).hit).toBe(false);
  });
});
