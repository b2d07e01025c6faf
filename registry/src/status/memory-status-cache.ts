// In-process status cache: a bounded LRU with a time to live, for a registry without Redis (one process).
import type { CachedStatus, CacheRead, StatusCache } from "./status-cache.js";

interface Entry {
  value: CachedStatus;
  expires: number;
}

export class MemoryStatusCache implements StatusCache {
  readonly kind = "memory";
  readonly #entries = new Map<string, Entry>();
  // One counter for all keys: an invalidation anywhere drops the writes of lookups in flight. Lookups take
  // milliseconds, so the cost is an occasional extra store read, and no per-key bookkeeping grows without bound.
  #epoch = 0;

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async read(key: string): Promise<CacheRead> {
    const generation = String(this.#epoch);
    const e = this.#entries.get(key);
    if (!e || e.expires <= this.now()) {
      if (e) this.#entries.delete(key);
      return { hit: false, value: null, generation };
    }
    // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return { hit: true, value: e.value, generation };
  }

  async write(key: string, value: CachedStatus, generation: string): Promise<void> {
    if (generation !== String(this.#epoch)) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Synchronous in effect: the entry is gone before the caller's next statement runs. */
  invalidate(key: string): Promise<void> {
    this.#entries.delete(key);
    this.#epoch++;
    return Promise.resolve();
  }

  get size(): number {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
