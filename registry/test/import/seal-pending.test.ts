// Background sealing writes a round in one transaction (Store.applyEach): each record with its seal-usage entry and
// audit event, a record changed meanwhile left for the next round, and a failing seal stopping the round after
// writing the ones sealed before it.
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Catalogue } from "../../src/catalogue/index.js";
import type { LicenceRecord } from "../../src/domain/licence.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { SealUsage, Store } from "../../src/store/store.js";
import { auditInput, makeLicence } from "../store/licence-fixtures.js";
import { LicenceService, type DocumentSealer } from "../../src/licences/licence-service.js";

const NOW = new Date("2026-11-29T02:00:00Z");

/** Seals by hashing the identifier; fails on `failOn`; changes `changeOn`'s record in the store while sealing it. */
function fakeSealer(store: Store, opts: { failOn?: string; changeOn?: string } = {}) {
  const sealed: string[] = [];
  const sealer: DocumentSealer = {
    async seal(r: LicenceRecord, now: Date): Promise<SealUsage> {
      if (r.identifier === opts.failOn) throw new Error(`cannot seal ${r.identifier}`);
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

  it("stops at a seal that fails, writing the records sealed before it, then reports the failure", async () => {
    const failing = records[2]?.identifier;
    const { sealer, sealed } = fakeSealer(store, { failOn: failing });
    await expect(service(sealer).sealPending(10)).rejects.toThrow(`cannot seal ${failing}`);
    expect(sealed).toEqual(records.slice(0, 2).map((r) => r.identifier));
    expect((await store.findUnsealed(10)).map((r) => r.identifier)).toEqual(
      records.slice(2).map((r) => r.identifier),
    );
    expect((await store.listSealUsage({ limit: 10 })).items).toHaveLength(2);
  });
});
