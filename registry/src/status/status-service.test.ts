// Status lookups do the same work for existing and unknown tokens (the same store calls, in the same order, and the
// same cache traffic), answer from the cache until a change invalidates it, and survive a broken cache.
import { describe, expect, it } from "vitest";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import type { Store } from "../store/store.js";
import { MemoryStatusCache } from "./memory-status-cache.js";
import type { CachedStatus, CacheRead, StatusCache } from "./status-cache.js";
import { StatusService } from "./status-service.js";

const NOW = new Date("2026-11-29T02:00:00Z");
const RECORD = {
  identifier: "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.7K2M9QX4ZP1A.001.F",
  lineage: "11100000MB0143028R01311441521MB2C97310M7K2M9QX4ZP1A",
  version: 1,
  state: "02",
  validUntil: "2031-11-28",
  nextIdentifier: null,
  publicToken: "q83vEjRWeJCrze8SNFZ4kA",
  holder: { name: "林晓燕", code: "441521199306180028", codeType: "111" },
} as unknown as LicenceRecord;
const SUSPENSION: LicenceTransition = {
  identifier: RECORD.identifier,
  operation: "03",
  fromState: "01",
  toState: "02",
  actor: "k1",
  at: "2026-11-28T01:00:00.000Z",
  reason: "责令整改",
};

/** A store that records every call, by name and argument kind. */
function countingStore() {
  const calls: string[] = [];
  const store = {
    async getLicenceByToken(token: string) {
      calls.push("getLicenceByToken");
      return token === RECORD.publicToken ? RECORD : null;
    },
    async transitions(lineage: string) {
      calls.push("transitions");
      return lineage === RECORD.lineage ? [SUSPENSION] : [];
    },
    async getLicence(_identifier: string) {
      calls.push("getLicence");
      return null;
    },
  } satisfies Pick<Store, "getLicenceByToken" | "transitions" | "getLicence">;
  return { store, calls };
}

/** Wraps a cache and records its traffic. */
function tracing(inner: StatusCache) {
  const calls: string[] = [];
  const cache: StatusCache = {
    kind: inner.kind,
    read: async (k) => (calls.push(`read:${k.length}`), inner.read(k)),
    write: async (k, v: CachedStatus, g) => (calls.push(`write:${k.length}`), inner.write(k, v, g)),
    invalidate: async (k) => (calls.push("invalidate"), inner.invalidate(k)),
    close: () => inner.close(),
  };
  return { cache, calls };
}

describe("StatusService", () => {
  it("does the same store calls and cache traffic for an existing and an unknown token", async () => {
    const a = countingStore();
    const ca = tracing(new MemoryStatusCache());
    const known = await new StatusService(a.store, ca.cache).lookup(RECORD.publicToken, NOW);
    const b = countingStore();
    const cb = tracing(new MemoryStatusCache());
    const unknown = await new StatusService(b.store, cb.cache).lookup("AAAAAAAAAAAAAAAAAAAAAA", NOW);
    expect(known?.state).toBe("02");
    expect(unknown).toBeNull();
    expect(a.calls).toEqual(["getLicenceByToken", "transitions", "getLicence"]);
    expect(b.calls).toEqual(a.calls);
    expect(cb.calls).toEqual(ca.calls);
    expect(ca.calls).toEqual(["read:43", "write:43"]);
  });

  it("answers both from the cache afterwards (unknown tokens are cached too), until invalidated", async () => {
    const { store, calls } = countingStore();
    const s = new StatusService(store, new MemoryStatusCache());
    await s.lookup(RECORD.publicToken, NOW);
    await s.lookup("AAAAAAAAAAAAAAAAAAAAAA", NOW);
    calls.length = 0;
    expect((await s.lookup(RECORD.publicToken, NOW))?.reason).toBe("责令整改");
    expect(await s.lookup("AAAAAAAAAAAAAAAAAAAAAA", NOW)).toBeNull();
    expect(calls).toEqual([]);
    await s.invalidate(RECORD.publicToken);
    await s.lookup(RECORD.publicToken, NOW);
    expect(calls).toEqual(["getLicenceByToken", "transitions", "getLicence"]);
  });

  it("never stores what a lookup read before an invalidation that happened while it ran", async () => {
    const cache = new MemoryStatusCache();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const store = {
      async getLicenceByToken() {
        await gate; // the licence changes while this lookup waits for the store
        return RECORD;
      },
      async transitions() {
        return [SUSPENSION];
      },
      async getLicence() {
        return null;
      },
    };
    const s = new StatusService(store, cache);
    const inFlight = s.lookup(RECORD.publicToken, NOW);
    await s.invalidate(RECORD.publicToken);
    release();
    await inFlight;
    expect((await cache.read(StatusService.key(RECORD.publicToken))).hit).toBe(false);
  });

  it("falls back to the store when the cache fails", async () => {
    const { store, calls } = countingStore();
    const broken: StatusCache = {
      kind: "redis",
      read: async (): Promise<CacheRead> => {
        throw new Error("connection refused");
      },
      write: async () => {
        throw new Error("connection refused");
      },
      invalidate: async () => {
        throw new Error("connection refused");
      },
      close: async () => undefined,
    };
    const s = new StatusService(store, broken);
    expect((await s.lookup(RECORD.publicToken, NOW))?.state).toBe("02");
    await expect(s.invalidate(RECORD.publicToken)).resolves.toBeUndefined();
    expect(calls).toEqual(["getLicenceByToken", "transitions", "getLicence"]);
  });
});

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
});
