// Background sealing: the records of the next rounds are being sealed while one is written (so a pool has work),
// each record is sealed once unless it changed, progress is reported per round, and a failure or Ctrl-C stops it
// with what was sealed kept.
import { describe, expect, it } from "vitest";
import type { LicenceRecord } from "../domain/licence.js";
import type { DocumentSealer } from "../licences/licence-service.js";
import type { FailedSeal, SealRound } from "../licences/seal-pending.js";
import type { SealUsage } from "../store/store.js";
import { PrefetchingSealer, sealInBackground } from "./seal-pending-loop.js";
import type { SealingProgress } from "../conversion/progress.js";

const NOW = new Date("2026-11-29T02:00:00Z");

const record = (i: number, revision = 1) =>
  ({ identifier: `L${String(i).padStart(3, "0")}`, revision }) as LicenceRecord;

/** A sealer that takes a few milliseconds per record and counts how many it seals at once. */
function slowSealer(failOn?: string) {
  const calls: string[] = [];
  let active = 0;
  let peak = 0;
  const sealer: DocumentSealer = {
    async seal(r) {
      calls.push(`${r.identifier}#${r.revision}`);
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 3));
      active--;
      if (r.identifier === failOn) throw new Error(`cannot seal ${r.identifier}`);
      return { identifier: r.identifier, documentSha256: "ab".repeat(32) } as SealUsage;
    },
  };
  return { sealer, calls, peak: () => peak };
}

/** A store of `count` unsealed records and a service sealing them one at a time, as LicenceService.sealPending does. */
function registry(count: number, sealer: DocumentSealer) {
  const unsealed = Array.from({ length: count }, (_, i) => record(i));
  const store = { findUnsealed: async (limit: number) => unsealed.slice(0, limit) };
  const service = {
    async sealRound(limit: number) {
      let sealed = 0;
      for (const r of unsealed.slice(0, limit)) {
        await sealer.seal(r, NOW);
        unsealed.splice(unsealed.indexOf(r), 1);
        sealed++;
      }
      return { sealed, failed: [] };
    },
  };
  return { store, service, unsealed };
}

describe("PrefetchingSealer", () => {
  it("hands out the seal started ahead, once; a record changed since is sealed anew", async () => {
    const inner = slowSealer();
    const sealer = new PrefetchingSealer(inner.sealer);
    sealer.prefetch([record(1), record(2)], NOW);
    sealer.prefetch([record(1), record(2)], NOW);
    expect(inner.calls).toEqual(["L001#1", "L002#1"]);
    await sealer.seal(record(1), NOW);
    await sealer.seal(record(2, 2), NOW);
    expect(inner.calls).toEqual(["L001#1", "L002#1", "L002#2"]);
    await sealer.settle();
  });
});

describe("sealInBackground", () => {
  it("keeps several records sealing at once while they are written one by one, and reports each round", async () => {
    const inner = slowSealer();
    const sealer = new PrefetchingSealer(inner.sealer);
    const { store, service, unsealed } = registry(40, sealer);
    const seen: SealingProgress[] = [];
    let t = 0;
    const result = await sealInBackground({
      service,
      prefetch: { store, sealer },
      expected: 30,
      batch: 8,
      clock: () => NOW,
      elapsed: () => (t += 10),
      onProgress: (p) => seen.push(p),
    });
    expect(result).toMatchObject({ sealed: 40, cancelled: false, error: null });
    expect(unsealed).toEqual([]);
    // Each record sealed once, and more than one at a time.
    expect(new Set(inner.calls).size).toBe(40);
    expect(inner.calls).toHaveLength(40);
    expect(inner.peak()).toBeGreaterThan(1);
    expect(seen.map((p) => p.sealed)).toEqual([8, 16, 24, 32, 40]);
    // The total grows past the expected count when earlier runs left records unsealed.
    expect(seen.at(-1)?.total).toBe(40);
  });

  it("stops at a failure or when asked, keeping what was sealed and leaving nothing running", async () => {
    const failing = slowSealer("L010");
    const sealer = new PrefetchingSealer(failing.sealer);
    const { store, service, unsealed } = registry(30, sealer);
    const failed = await sealInBackground({
      service,
      prefetch: { store, sealer },
      batch: 4,
      clock: () => NOW,
    });
    expect(failed.error?.message).toBe("cannot seal L010");
    // Two full rounds, then L008 and L009 of the round that stopped at L010.
    expect(failed.sealed).toBe(10);
    expect(unsealed[0]?.identifier).toBe("L010");

    const inner = slowSealer();
    const other = new PrefetchingSealer(inner.sealer);
    const r = registry(30, other);
    const stop = new AbortController();
    const stopped = await sealInBackground({
      service: r.service,
      prefetch: { store: r.store, sealer: other },
      batch: 5,
      clock: () => NOW,
      onProgress: (p) => {
        if (p.sealed >= 10) stop.abort();
      },
      signal: stop.signal,
    });
    expect(stopped).toMatchObject({ sealed: 10, cancelled: true, error: null });
    expect(r.unsealed).toHaveLength(20);
  });

  it("without a pool (serve), rounds with the service's sealer until one writes nothing, logging each failure once", async () => {
    // Two versions fail: one is retried later (not asked for again this run), one is parked.
    const failure = (identifier: string, parked: boolean): FailedSeal => ({
      identifier,
      typeCode: "T",
      department: "D",
      attempts: parked ? 5 : 1,
      code: "REG_SEAL_FAILED",
      message: "no font draws U+20000",
      parked,
      retryAt: parked ? null : "2026-11-29T02:05:00.000Z",
      errorName: "RenderError",
    });
    const rounds: SealRound[] = [
      { sealed: 3, failed: [failure("L001", false)] },
      { sealed: 0, failed: [failure("L002", true)] },
      { sealed: 2, failed: [] },
      { sealed: 0, failed: [] },
    ];
    const limits: number[] = [];
    const service = {
      sealRound: async (limit: number) => {
        limits.push(limit);
        return rounds.shift() ?? { sealed: 0, failed: [] };
      },
    };
    const lines: { level: string; obj: object; msg: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => lines.push({ level: "info", obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ level: "warn", obj, msg }),
      error: (obj: object, msg: string) => lines.push({ level: "error", obj, msg }),
    };
    const result = await sealInBackground({ service, log, batch: 7 });
    expect(result).toMatchObject({ sealed: 5, cancelled: false, error: null });
    expect(result.failed.map((f) => [f.identifier, f.parked])).toEqual([
      ["L001", false],
      ["L002", true],
    ]);
    expect(limits).toEqual([7, 7, 7, 7]);
    expect(lines.map((l) => l.level)).toEqual(["info", "warn", "error", "info"]);
    expect(lines[1]?.obj).toMatchObject({ identifier: "L001", retryAt: "2026-11-29T02:05:00.000Z" });
    expect(lines[2]?.msg).toMatch(/^licence document parked after 5 attempt\(s\)/u);
    // Nothing waiting: nothing said.
    lines.length = 0;
    expect(await sealInBackground({ service, log })).toMatchObject({ sealed: 0, failed: [], error: null });
    expect(lines).toEqual([]);
  });

  it("a failure of the machine ends the run as its error, not as a throw", async () => {
    const full = Object.assign(new Error("disk full"), { code: "ENOSPC" });
    const service = {
      sealRound: async () => {
        throw full;
      },
    };
    expect(await sealInBackground({ service })).toMatchObject({ sealed: 0, error: full });
  });
});
