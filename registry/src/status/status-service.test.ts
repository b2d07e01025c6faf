// Status lookups do the same work for existing and unknown tokens (the same store calls, in the same order, and the
// same cache traffic), answer from the cache until a change invalidates it, and survive a broken cache.
import { describe, expect, it } from "vitest";
import type { LicenceStatusRow, Store } from "../store/store.js";
import { MemoryStatusCache } from "./memory-status-cache.js";
import type { CachedStatus, CacheRead, StatusCache } from "./status-cache.js";
import { StatusService } from "./status-service.js";

const NOW = new Date("2026-11-29T02:00:00Z");
const TOKEN = "q83vEjRWeJCrze8SNFZ4kA";
const ROW: LicenceStatusRow = {
  identifier: "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.2430599.001.X",
  state: "02",
  stateText: null,
  version: 1,
  validFrom: "2026-11-29",
  validUntil: "2031-11-28",
  supersededOn: null,
  nextIdentifier: null,
  nextToken: null,
  successors: [],
  entered: { at: "2026-11-28T01:00:00.000Z", reason: "责令整改" },
};

/** A store that records every call, by name. */
function countingStore() {
  const calls: string[] = [];
  const store = {
    async statusByToken(token: string) {
      calls.push("statusByToken");
      return token === TOKEN ? ROW : null;
    },
  } satisfies Pick<Store, "statusByToken">;
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
    const known = await new StatusService(a.store, ca.cache).lookup(TOKEN, NOW);
    const b = countingStore();
    const cb = tracing(new MemoryStatusCache());
    const unknown = await new StatusService(b.store, cb.cache).lookup("AAAAAAAAAAAAAAAAAAAAAA", NOW);
    expect(known?.state).toBe("02");
    expect(unknown).toBeNull();
    expect(a.calls).toEqual(["statusByToken"]);
    expect(b.calls).toEqual(a.calls);
    expect(cb.calls).toEqual(ca.calls);
    expect(ca.calls).toEqual(["read:43", "write:43"]);
  });

  it("answers both from the cache afterwards (unknown tokens are cached too), until invalidated", async () => {
    const { store, calls } = countingStore();
    const s = new StatusService(store, new MemoryStatusCache());
    await s.lookup(TOKEN, NOW);
    await s.lookup("AAAAAAAAAAAAAAAAAAAAAA", NOW);
    calls.length = 0;
    // Legacy free text that is exactly the words of a code is answered with that code.
    expect((await s.lookup(TOKEN, NOW))?.reason).toBe("rectification-ordered");
    expect(await s.lookup("AAAAAAAAAAAAAAAAAAAAAA", NOW)).toBeNull();
    expect(calls).toEqual([]);
    await s.invalidate(TOKEN);
    await s.lookup(TOKEN, NOW);
    expect(calls).toEqual(["statusByToken"]);
  });

  it("never stores what a lookup read before an invalidation that happened while it ran", async () => {
    const cache = new MemoryStatusCache();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const store = {
      async statusByToken() {
        await gate; // the licence changes while this lookup waits for the store
        return ROW;
      },
    };
    const s = new StatusService(store, cache);
    const inFlight = s.lookup(TOKEN, NOW);
    await s.invalidate(TOKEN);
    release();
    await inFlight;
    expect((await cache.read(StatusService.key(TOKEN))).hit).toBe(false);
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
    expect((await s.lookup(TOKEN, NOW))?.state).toBe("02");
    await expect(s.invalidate(TOKEN)).resolves.toBeUndefined();
    expect(calls).toEqual(["statusByToken"]);
  });
});

describe("StatusService after an upgrade", () => {
  it("reads again facts cached without identifierSha256 (by an older release), never answering without it", async () => {
    const { store, calls } = countingStore();
    const cache = new MemoryStatusCache();
    const service = new StatusService(store, cache);
    const key = StatusService.key(TOKEN);
    await service.lookup(TOKEN, NOW);
    const cached = (await cache.read(key)).value;
    if (!cached) throw new Error("not cached");
    const { identifierSha256: _dropped, ...old } = cached;
    await service.invalidate(TOKEN);
    await cache.write(key, old as unknown as CachedStatus, (await cache.read(key)).generation);
    expect((await cache.read(key)).hit).toBe(true);
    calls.length = 0;
    const view = await service.lookup(TOKEN, NOW);
    expect(calls).toEqual(["statusByToken"]);
    expect(view?.identifierSha256).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
