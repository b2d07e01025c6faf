// In-process status cache for a registry without Redis (one process): bounded, with a time to live, and cheap on the
// hot path: two generations of Maps instead of a strict LRU list, so no read or write walks or reorders anything.
import type { CachedStatus, CacheRead, StatusCache } from "./status-cache.js";

interface Entry {
  value: CachedStatus;
  expires: number;
}

/**
 * Writes and hits go to the young generation; when it holds `maxEntries` it becomes the old one and the previous old
 * generation is dropped whole. A hit in the old generation moves the entry back to the young one. So the `maxEntries`
 * most recently used entries are always kept, and never more than twice as many.
 */
export class MemoryStatusCache implements StatusCache {
  readonly kind = "memory";
  #young = new Map<string, Entry>();
  #old = new Map<string, Entry>();
  // One counter for all keys: an invalidation anywhere drops the writes of lookups in flight. Lookups take
  // microseconds to milliseconds, so the cost is an occasional extra store read, and no per-key bookkeeping grows.
  #epoch = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async read(key: string): Promise<CacheRead> {
    const generation = String(this.#epoch);
    const now = this.now();
    let e = this.#young.get(key);
    if (e === undefined) {
      e = this.#old.get(key);
      if (e !== undefined) {
        this.#old.delete(key);
        if (e.expires > now) this.#keep(key, e);
      }
    } else if (e.expires <= now) this.#young.delete(key);
    if (e === undefined || e.expires <= now) return { hit: false, value: null, generation };
    return { hit: true, value: e.value, generation };
  }

  async write(key: string, value: CachedStatus, generation: string): Promise<void> {
    if (generation !== String(this.#epoch)) return;
    this.#old.delete(key);
    this.#keep(key, { value, expires: this.now() + this.ttlMs });
  }

  /** Synchronous in effect: the entry is gone before the caller's next statement runs. */
  invalidate(key: string): Promise<void> {
    this.#young.delete(key);
    this.#old.delete(key);
    this.#epoch++;
    return Promise.resolve();
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  async close(): Promise<void> {
    this.#young.clear();
    this.#old.clear();
  }

  #keep(key: string, e: Entry): void {
    this.#young.set(key, e);
    if (this.#young.size >= this.maxEntries) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }
}
