// Background sealing writes a round in one transaction (Store.applyEach): each record with its seal-usage entry and
// audit event, a record changed meanwhile left for the next round; a failure of the machine stopping the round after
// writing the ones sealed before it, a record's own failure recorded (back-off, then parked) while the others are sealed.
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Catalogue } from "../../src/catalogue/index.js";
import type { LicenceRecord } from "../../src/domain/licence.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { SealUsage, Store } from "../../src/store/store.js";
import { auditInput, makeLicence } from "../store/licence-fixtures.js";
import { LicenceService, type DocumentSealer } from "../../src/licences/licence-service.js";
import { unparkAll } from "../../src/licences/seal-pending.js";

const NOW = new Date("2026-11-29T02:00:00Z");

/**
 * Seals by hashing the identifier; fails on `failOn` (with `failWith`: an error, or a system error code such as
 * ENOSPC; a plain Error by default); changes `changeOn`'s record in the store while sealing it.
 */
function fakeSealer(
  store: Store,
  opts: { failOn?: string; failWith?: string | Error; changeOn?: string } = {},
) {
  const sealed: string[] = [];
  const sealer: DocumentSealer = {
    async seal(r: LicenceRecord, now: Date): Promise<SealUsage> {
      if (r.identifier === opts.failOn) {
        if (opts.failWith instanceof Error) throw opts.failWith;
        const e = new Error(`cannot seal ${r.identifier}`);
        throw opts.failWith ? Object.assign(e, { code: opts.failWith }) : e;
      }
      if (r.identifier === opts.changeOn) {
        const changed = { ...r, stateText: "changed meanwhile", revision: r.revision + 1 };
        const res = await store.apply({
          updateLicences: [{ record: changed, expectedRevision: r.revision }],
          audit: [],
        });
        expect(res.ok).toBe(true);
      }
      sealed.push(r.identifier);
      return {
        sealSerial: "0a1b",
        sealCertificateSha256: "cd".repeat(32),
        department: r.issuer.code,
        identifier: r.identifier,
        documentSha256: createHash("sha256").update(r.identifier).digest("hex"),
        level: "B-B",
        at: now.toISOString(),
      };
    },
  };
  return { sealer, sealed };
}

describe("LicenceService.sealPending", () => {
  let store: Store;
  let records: LicenceRecord[];
  let transactions: number;

  beforeEach(async () => {
    store = openSqliteStore(":memory:");
    await store.migrate();
    records = ["2430599", "2430600", "2430601", "2430602"].map((serial) => makeLicence({ serial }));
    const seeded = await store.apply({
      insertLicences: records,
      audit: records.map((r) => auditInput("licence.issue", r.identifier, r.holder.code)),
    });
    expect(seeded.ok).toBe(true);
    // Count the write calls the service makes from here on.
    transactions = 0;
    const apply = store.apply.bind(store);
    const applyEach = store.applyEach.bind(store);
    store.apply = (batch) => {
      transactions++;
      return apply(batch);
    };
    store.applyEach = (batches) => {
      transactions++;
      return applyEach(batches);
    };
  });
  afterEach(async () => {
    await store.close();
  });

  const service = (sealer: DocumentSealer) =>
    new LicenceService(store, {} as Catalogue, () => NOW, {}, sealer);

  it("writes a round of seals in one transaction, each record with its ledger entry and audit event", async () => {
    const { sealer } = fakeSealer(store);
    expect(await service(sealer).sealPending(10)).toBe(4);
    expect(transactions).toBe(1);
    expect(await store.findUnsealed(10)).toEqual([]);
    const usage = await store.listSealUsage({ limit: 10 });
    expect(usage.items.map((u) => u.identifier)).toEqual(records.map((r) => r.identifier));
    const events = (await store.readAudit(0, 100)).filter((e) => e.action === "licence.seal");
    expect(events.map((e) => e.target)).toEqual(records.map((r) => r.identifier));
    for (const r of records) {
      const stored = await store.getLicence(r.identifier);
      expect(stored?.revision).toBe(r.revision + 1);
      expect(stored?.documentSha256).toBe(createHash("sha256").update(r.identifier).digest("hex"));
    }
  });

  it("leaves a record that changed while it was sealed for the next round, writing the others", async () => {
    const changed = records[1]?.identifier;
    const { sealer } = fakeSealer(store, { changeOn: changed });
    expect(await service(sealer).sealPending(10)).toBe(3);
    expect((await store.findUnsealed(10)).map((r) => r.identifier)).toEqual([changed]);
    const usage = await store.listSealUsage({ identifier: changed, limit: 10 });
    expect(usage.items).toEqual([]);
  });

  it("stops at a failure of the machine (ENOSPC), writing the records sealed before it and blaming none", async () => {
    const failing = records[2]?.identifier;
    const { sealer, sealed } = fakeSealer(store, { failOn: failing, failWith: "ENOSPC" });
    await expect(service(sealer).sealPending(10)).rejects.toThrow(`cannot seal ${failing}`);
    expect(sealed).toEqual(records.slice(0, 2).map((r) => r.identifier));
    const left = await store.findUnsealed(10);
    expect(left.map((r) => r.identifier)).toEqual(records.slice(2).map((r) => r.identifier));
    expect(left.every((r) => r.sealing === undefined)).toBe(true);
    expect((await store.listSealUsage({ limit: 10 })).items).toHaveLength(2);
  });

  it("records a record's own failure and seals the ones behind it; retried after a back-off, parked after 5", async () => {
    const failing = records[0]!.identifier;
    const { sealer } = fakeSealer(store, { failOn: failing });
    let now = NOW;
    const svc = new LicenceService(store, {} as Catalogue, () => now, {}, sealer);
    const round = await svc.sealRound(10);
    expect(round.sealed).toBe(3);
    expect(round.failed).toEqual([
      expect.objectContaining({ identifier: failing, attempts: 1, code: "REG_SEAL_FAILED", parked: false }),
    ]);
    // The error's message (which could carry a value) is not kept: only its class.
    expect(JSON.stringify(round.failed)).not.toContain("cannot seal");
    const stored = await store.getLicence(failing);
    expect(stored?.sealing).toMatchObject({
      attempts: 1,
      lastError: { code: "REG_SEAL_FAILED" },
      retryAt: new Date(NOW.getTime() + 30_000).toISOString(),
    });
    expect(stored?.revision).toBe(records[0]!.revision + 1);
    const events = (await store.readAudit(0, 100)).filter((e) => e.action === "licence.seal-failed");
    expect(events).toEqual([
      expect.objectContaining({
        target: failing,
        detail: expect.objectContaining({ attempts: 1, parked: false }),
      }),
    ]);
    // Waiting out its back-off: not asked for, so a round finds nothing.
    expect(await svc.sealRound(10)).toEqual({ sealed: 0, failed: [] });
    expect(await store.findUnsealed(10, NOW.toISOString())).toEqual([]);
    expect(await store.findUnsealed(10)).toHaveLength(1);
    // Each later attempt waits 4× longer; the fifth failure parks it.
    const waits = [];
    for (let attempt = 2; attempt <= 5; attempt++) {
      const before = (await store.getLicence(failing))!.sealing!;
      now = new Date(before.retryAt!);
      waits.push(now.getTime() - new Date(before.lastAttemptAt).getTime());
      const r = await svc.sealRound(10);
      expect(r.failed).toEqual([expect.objectContaining({ attempts: attempt, parked: attempt === 5 })]);
    }
    expect(waits).toEqual([30_000, 120_000, 480_000, 1_920_000]);
    const parked = await store.getLicence(failing);
    expect(parked?.sealing?.parkedAt).toBe(now.toISOString());
    expect(parked?.sealing?.retryAt).toBeUndefined();
    now = new Date(now.getTime() + 365 * 86_400_000);
    expect(await svc.sealRound(10)).toEqual({ sealed: 0, failed: [] });
    expect(await store.countSealingParked()).toBe(1);
  });

  it("parks at once a record that can never be sealed (a character no font draws), and clears it when sealed", async () => {
    const failing = records[1]!.identifier;
    const unprintable = Object.assign(new Error("render refused 王\u0000明"), {
      code: "REG_BAD_REQUEST",
      details: [
        {
          field: "holder.name",
          code: "REG_FIELD_UNPRINTABLE",
          message:
            "holder.name holds characters the licence font cannot print (U+0000); record it with characters the font covers",
        },
      ],
    });
    const { sealer } = fakeSealer(store, { failOn: failing, failWith: unprintable });
    const round = await service(sealer).sealRound(10);
    expect(round.sealed).toBe(3);
    expect(round.failed).toEqual([
      expect.objectContaining({
        identifier: failing,
        attempts: 1,
        code: "REG_FIELD_UNPRINTABLE",
        parked: true,
      }),
    ]);
    const view = (await store.getLicence(failing))!;
    expect(view.sealing?.lastError.message).toContain("U+0000");
    expect(view.sealing?.lastError.message).not.toContain("王");
    expect(await store.findSealingParked(10)).toEqual([view]);
    // Unparked (what a restart does), it is sealed by a sealer that can, and its sealing state goes.
    expect(await unparkAll(store, () => NOW)).toBe(1);
    expect(await store.countSealingParked()).toBe(0);
    expect((await store.readAudit(0, 100)).map((e) => e.action)).toContain("licence.seal-unparked");
    expect(await service(fakeSealer(store).sealer).sealPending(10)).toBe(1);
    const sealed = (await store.getLicence(failing))!;
    expect(sealed.documentSha256).not.toBeNull();
    expect(sealed.sealing).toBeUndefined();
  });
});
