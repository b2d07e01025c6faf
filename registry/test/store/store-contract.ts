// The store contract: every Store implementation runs this same suite (SQLite always, MongoDB when one is reachable).
// `makeStore` must return a fresh, empty, not yet migrated store each call.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkEvent } from "../../src/audit/audit-chain.js";
import type { AuditEvent } from "../../src/domain/audit-event.js";
import type { LicenceRecord } from "../../src/domain/licence.js";
import type { IdempotencyRecord, SealUsage, Store, WriteBatch } from "../../src/store/store.js";
import type { ShareCodeRecord } from "../../src/domain/share-code.js";
import {
  CITIZEN_LI,
  CITIZEN_WANG,
  COMPANY,
  ISSUER_COUNTY,
  SEAL_CITY_A,
  SEAL_CITY_B,
  SEAL_COUNTY,
  TYPE_FOOD,
  apiKey,
  auditInput,
  makeLicence,
  sealUsage,
  transition,
  type LicenceSpec,
} from "./licence-fixtures.js";

/** Inserts records, one issue event each, in one batch. */
async function seed(store: Store, records: LicenceRecord[]): Promise<void> {
  const result = await store.apply({
    insertLicences: records,
    transitions: records.map((r) => transition(r, "01", null, r.state, r.createdAt)),
    audit: records.map((r) => auditInput("licence.issue", r.identifier, r.holder.code, r.createdAt)),
  });
  expect(result.ok).toBe(true);
}

/** Walks the whole log from seq 1 and returns the first break, or null. */
export async function firstAuditBreak(store: Store) {
  let prev: AuditEvent | null = null;
  for (;;) {
    const events = await store.readAudit(prev?.seq ?? 0, 2);
    if (events.length === 0) return null;
    for (const event of events) {
      const problem = checkEvent(prev, event);
      if (problem) return problem;
      prev = event;
    }
  }
}

const ids = (records: LicenceRecord[]) => records.map((r) => r.identifier);
const withSeq = (usages: SealUsage[], first = 1) => usages.map((u, i) => ({ ...u, seq: first + i }));

export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await makeStore();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    it("migrates a fresh database from 0 and is idempotent afterwards, keeping the data", async () => {
      const fresh = await makeStore();
      try {
        const first = await fresh.migrate();
        expect(first.from).toBe(0);
        expect(first.to).toBeGreaterThanOrEqual(1);
        const a = makeLicence({ serial: "2430599" });
        await seed(fresh, [a]);
        expect(await fresh.migrate()).toEqual({ from: first.to, to: first.to });
        expect(await fresh.getLicence(a.identifier)).toEqual(a);
        expect(await fresh.ping()).toBe(true);
      } finally {
        await fresh.close();
      }
    });

    it("stores a licence and reads it back by identifier and by public token", async () => {
      const a = makeLicence({ serial: "2430599", holder: CITIZEN_LI });
      const paper = makeLicence({ serial: "P0017", validUntil: null });
      await seed(store, [a, paper]);
      expect(await store.getLicence(a.identifier)).toEqual(a);
      expect(await store.getLicenceByToken(a.publicToken)).toEqual(a);
      expect(await store.getLicence(paper.identifier)).toEqual(paper);
      expect(await store.getLicence(`${a.identifier}X`)).toBeNull();
      expect(await store.getLicenceByToken("no-such-token")).toBeNull();
    });

    it("refuses a duplicate identifier or public token and writes nothing of that batch", async () => {
      const a = makeLicence({ serial: "2430599" });
      await seed(store, [a]);
      const head = await store.auditHead();
      const b = makeLicence({ serial: "2430600" });

      const sameId = await store.apply({
        insertLicences: [b, { ...a, publicToken: "a-fresh-token-000000000" }],
        audit: [auditInput("licence.issue", b.identifier, b.holder.code)],
      });
      expect(sameId).toEqual({ ok: false, conflict: "duplicate", identifier: a.identifier });

      const c = makeLicence({ serial: "2430601" });
      const sameToken = await store.apply({
        insertLicences: [{ ...c, publicToken: a.publicToken }],
        audit: [auditInput("licence.issue", c.identifier, c.holder.code)],
      });
      expect(sameToken).toEqual({ ok: false, conflict: "duplicate", identifier: c.identifier });

      expect(await store.getLicence(b.identifier)).toBeNull();
      expect(await store.getLicence(c.identifier)).toBeNull();
      expect(await store.auditHead()).toEqual(head);
      expect(await store.countByState()).toEqual({ "01": 1 });
    });

    it("updates with the expected revision and refuses a stale one, writing nothing", async () => {
      const a = makeLicence({ serial: "2430599" });
      await seed(store, [a]);
      const suspended: LicenceRecord = { ...a, state: "02", lastOperation: "03", revision: 2 };
      const ok = await store.apply({
        updateLicences: [{ record: suspended, expectedRevision: 1 }],
        transitions: [transition(a, "03", "01", "02", "2025-04-01T02:00:00.000Z")],
        audit: [auditInput("licence.suspend", a.identifier, a.holder.code, "2025-04-01T02:00:00.000Z")],
      });
      expect(ok.ok).toBe(true);
      expect(await store.getLicence(a.identifier)).toEqual(suspended);

      const head = await store.auditHead();
      const other = makeLicence({ serial: "2430600" });
      const stale = await store.apply({
        insertLicences: [other],
        updateLicences: [
          { record: { ...a, state: "07", lastOperation: "05", revision: 2 }, expectedRevision: 1 },
        ],
        transitions: [transition(a, "05", "01", "07", "2025-04-02T02:00:00.000Z")],
        audit: [auditInput("licence.revoke", a.identifier, a.holder.code, "2025-04-02T02:00:00.000Z")],
      });
      expect(stale).toEqual({ ok: false, conflict: "revision", identifier: a.identifier });
      expect(await store.getLicence(a.identifier)).toEqual(suspended);
      expect(await store.getLicence(other.identifier)).toBeNull();
      expect(await store.transitions(a.lineage)).toHaveLength(2);
      expect(await store.auditHead()).toEqual(head);

      const missing = makeLicence({ serial: "9999999", revision: 2 });
      expect(
        await store.apply({ updateLicences: [{ record: missing, expectedRevision: 1 }], audit: [] }),
      ).toEqual({
        ok: false,
        conflict: "revision",
        identifier: missing.identifier,
      });
    });

    it("rejects an update that does not bump the revision (REG_STORE_BAD_BATCH)", async () => {
      const a = makeLicence({ serial: "2430599" });
      await seed(store, [a]);
      await expect(
        store.apply({ updateLicences: [{ record: { ...a, state: "02" }, expectedRevision: 1 }], audit: [] }),
      ).rejects.toMatchObject({ code: "REG_STORE_BAD_BATCH" });
      expect(await store.getLicence(a.identifier)).toEqual(a);
    });

    it("stores the idempotency record with its batch and answers a replay with it, writing nothing", async () => {
      const a = makeLicence({ serial: "2430599" });
      const record: IdempotencyRecord = {
        scope: "k7Hq2mZp",
        key: "0b6f1c4e-3d1a-4f7e-9a53-2c8e5d7f9a10",
        requestHash: "9f2c".repeat(16),
        status: 201,
        body: {
          identifier: a.identifier,
          state: "01",
          links: { pdf: `/api/v1/licences/${a.identifier}/pdf` },
        },
        createdAt: "2025-03-02T08:30:00.000Z",
      };
      const first = await store.apply({
        insertLicences: [a],
        audit: [auditInput("licence.issue", a.identifier, a.holder.code)],
        idempotency: record,
      });
      expect(first.ok).toBe(true);
      expect(await store.getIdempotency(record.scope, record.key)).toEqual(record);
      const head = await store.auditHead();

      const b = makeLicence({ serial: "2430600" });
      const replay = await store.apply({
        insertLicences: [b],
        audit: [auditInput("licence.issue", b.identifier, b.holder.code)],
        idempotency: { ...record, requestHash: "77aa".repeat(16), createdAt: "2025-03-02T08:31:00.000Z" },
      });
      expect(replay).toEqual({ ok: false, conflict: "idempotency", existing: record });
      expect(await store.getLicence(b.identifier)).toBeNull();
      expect(await store.auditHead()).toEqual(head);

      const otherCaller = await store.apply({
        insertLicences: [b],
        audit: [auditInput("licence.issue", b.identifier, b.holder.code)],
        idempotency: { ...record, scope: "Zr81LmQa" },
      });
      expect(otherCaller.ok).toBe(true);
      expect(await store.getIdempotency("Zr81LmQa", record.key)).toEqual({ ...record, scope: "Zr81LmQa" });
      expect(await store.getIdempotency("nobody", record.key)).toBeNull();
    });

    it("chains audit events across batches with a dense seq that checkEvent accepts", async () => {
      const a = makeLicence({ serial: "2430599" });
      const results = [
        await store.apply({
          insertLicences: [a],
          audit: [
            auditInput("licence.issue", a.identifier, a.holder.code, "2025-03-02T08:30:00.000Z", {
              detail: { typeCode: a.typeCode, version: 1, fields: ["vehiclePlate", "seats"] },
            }),
            auditInput("document.seal", a.identifier, null, "2025-03-02T08:30:01.000Z"),
          ],
        }),
        await store.apply({ audit: [] }),
        await store.apply({
          audit: [
            auditInput("holder.lookup", a.holder.code, a.holder.code, "2025-03-05T01:10:00.000Z", {
              role: "clerk",
              purpose: "办理营业执照变更登记",
              department: null,
            }),
          ],
        }),
        await store.apply({
          audit: [
            auditInput("key.create", "Zr81LmQa", null, "2025-03-06T00:00:00.000Z", {
              actor: "cli:admin",
              role: "admin",
            }),
            auditInput("materials.check", a.holder.code, a.holder.code, "2025-03-06T00:05:00.000Z", {
              detail: { exempt: 2, mustSubmit: 1 },
            }),
          ],
        }),
      ];
      const written = results.flatMap((r) => (r.ok ? r.audit : []));
      const stored = await store.readAudit(0, 100);
      expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(stored).toEqual(written);
      expect(stored[0]?.detail).toEqual({
        typeCode: a.typeCode,
        version: 1,
        fields: ["vehiclePlate", "seats"],
      });
      expect(stored[2]?.purpose).toBe("办理营业执照变更登记");
      expect(await firstAuditBreak(store)).toBeNull();
      expect(await store.auditHead()).toEqual({ seq: 5, hash: stored[4]?.hash });
      expect((await store.readAudit(2, 2)).map((e) => e.seq)).toEqual([3, 4]);
      expect(await store.readAudit(5, 10)).toEqual([]);
    });

    it("lists a holder's audit events newest first", async () => {
      await store.apply({
        audit: [
          auditInput("holder.lookup", CITIZEN_WANG.code, CITIZEN_WANG.code, "2025-03-01T00:00:00.000Z"),
          auditInput("holder.lookup", COMPANY.code, COMPANY.code, "2025-03-01T00:01:00.000Z"),
          auditInput("key.create", "Zr81LmQa", null, "2025-03-01T00:02:00.000Z"),
        ],
      });
      await store.apply({
        audit: [
          auditInput("materials.check", CITIZEN_WANG.code, CITIZEN_WANG.code, "2025-03-02T00:00:00.000Z"),
          auditInput("holder.lookup", CITIZEN_WANG.code, CITIZEN_WANG.code, "2025-03-03T00:00:00.000Z"),
        ],
      });
      expect((await store.auditByHolder(CITIZEN_WANG.code, 10)).map((e) => e.seq)).toEqual([5, 4, 1]);
      expect((await store.auditByHolder(CITIZEN_WANG.code, 2)).map((e) => e.action)).toEqual([
        "holder.lookup",
        "materials.check",
      ]);
      expect((await store.auditByHolder(COMPANY.code, 10)).map((e) => e.seq)).toEqual([2]);
      expect(await store.auditByHolder(CITIZEN_LI.code, 10)).toEqual([]);
    });

    describe("listing", () => {
      const records = [
        makeLicence({ serial: "2430599" }),
        makeLicence({ serial: "2430600", state: "02", holder: COMPANY }),
        makeLicence({ serial: "2430601", issuer: ISSUER_COUNTY, holder: CITIZEN_LI }),
        makeLicence({ serial: "2430602", issuer: ISSUER_COUNTY, state: "07" }),
        makeLicence({ serial: "0000001", typeCode: TYPE_FOOD, holder: COMPANY }),
        makeLicence({
          serial: "0000002",
          typeCode: TYPE_FOOD,
          issuer: ISSUER_COUNTY,
          holder: COMPANY,
          state: "02",
        }),
        makeLicence({ serial: "P0017", validUntil: null, holder: CITIZEN_LI }),
      ];
      const sorted = (keep: (r: LicenceRecord) => boolean) => ids(records.filter(keep)).sort();

      it("filters by issuer, type, state and holder", async () => {
        await seed(store, records);
        const list = async (q: Omit<Parameters<Store["listLicences"]>[0], "limit">) =>
          ids((await store.listLicences({ ...q, limit: 500 })).items);
        expect(await list({})).toEqual(sorted(() => true));
        expect(await list({ issuerCode: ISSUER_COUNTY.code })).toEqual(
          sorted((r) => r.issuer === ISSUER_COUNTY),
        );
        expect(await list({ issuerCode: ISSUER_COUNTY.code, state: "02" })).toEqual(
          sorted((r) => r.issuer === ISSUER_COUNTY && r.state === "02"),
        );
        expect(await list({ typeCode: TYPE_FOOD })).toEqual(sorted((r) => r.typeCode === TYPE_FOOD));
        expect(await list({ state: "02" })).toEqual(sorted((r) => r.state === "02"));
        expect(await list({ holderCode: COMPANY.code, typeCode: TYPE_FOOD })).toEqual(
          sorted((r) => r.holder === COMPANY && r.typeCode === TYPE_FOOD),
        );
        expect(await list({ holderCode: "000000000000000000" })).toEqual([]);
      });

      it("pages with a cursor without gaps or duplicates, even when records arrive between pages", async () => {
        await seed(store, records);
        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await store.listLicences({ limit: 2, after });
          seen.push(...ids(page.items));
          after = page.next;
          pages += 1;
          // Sorts before every cursor: must never show up in a later page.
          if (pages === 1)
            await seed(store, [makeLicence({ serial: "0000000", typeCode: "11100000000000000A001" })]);
        } while (after !== undefined && pages < 10);
        expect(pages).toBe(4);
        expect(seen).toEqual(sorted(() => true));

        const first = await store.listLicences({ issuerCode: ISSUER_COUNTY.code, limit: 2 });
        expect(first.next).toBeDefined();
        const second = await store.listLicences({
          issuerCode: ISSUER_COUNTY.code,
          limit: 2,
          after: first.next,
        });
        expect(second.next).toBeUndefined();
        expect([...ids(first.items), ...ids(second.items)]).toEqual(
          sorted((r) => r.issuer === ISSUER_COUNTY),
        );
      });

      it("rejects a bad page size or a forged cursor (REG_STORE_BAD_QUERY)", async () => {
        await expect(store.listLicences({ limit: 0 })).rejects.toMatchObject({ code: "REG_STORE_BAD_QUERY" });
        await expect(store.listLicences({ limit: 501 })).rejects.toMatchObject({
          code: "REG_STORE_BAD_QUERY",
        });
        await expect(store.listLicences({ limit: 10, after: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({
          code: "REG_STORE_BAD_QUERY",
        });
      });

      it("counts licences by state", async () => {
        expect(await store.countByState()).toEqual({});
        await seed(store, records);
        expect(await store.countByState()).toEqual({ "01": 4, "02": 2, "07": 1 });
      });
    });

    it("lists every licence of a holder, newest first", async () => {
      const older = makeLicence({ serial: "2430599", createdAt: "2024-11-02T03:00:00.000Z" });
      const newer = makeLicence({
        serial: "0000001",
        typeCode: TYPE_FOOD,
        createdAt: "2025-02-10T03:00:00.000Z",
      });
      const sameTimeLow = makeLicence({ serial: "2430700", createdAt: "2025-01-05T03:00:00.000Z" });
      const sameTimeHigh = makeLicence({ serial: "2430701", createdAt: "2025-01-05T03:00:00.000Z" });
      const someoneElse = makeLicence({ serial: "2430702", holder: COMPANY });
      await seed(store, [sameTimeLow, older, someoneElse, newer, sameTimeHigh]);
      expect(ids(await store.licencesByHolder(CITIZEN_WANG.code))).toEqual(
        ids([newer, sameTimeHigh, sameTimeLow, older]),
      );
      expect(await store.licencesByHolder(CITIZEN_LI.code)).toEqual([]);
    });

    it("keeps a lineage oldest version first and its transitions in the order they happened", async () => {
      const v1 = makeLicence({ serial: "2430599", createdAt: "2024-05-01T02:00:00.000Z" });
      const unrelated = makeLicence({ serial: "2430600" });
      await seed(store, [v1, unrelated]);

      const v2 = makeLicence({ serial: "2430599", version: 2, previousIdentifier: v1.identifier });
      const v1Replaced: LicenceRecord = { ...v1, nextIdentifier: v2.identifier, revision: 2 };
      const amended = await store.apply({
        insertLicences: [v2],
        updateLicences: [{ record: v1Replaced, expectedRevision: 1 }],
        transitions: [
          transition(v2, "09", null, "01", "2025-03-02T08:30:00.000Z", "变更经营范围"),
          transition(v1, "09", "01", "01", "2025-03-02T08:30:00.000Z", `由 ${v2.identifier} 替代`),
        ],
        audit: [auditInput("licence.amend", v2.identifier, v2.holder.code)],
      });
      expect(amended.ok).toBe(true);
      await store.apply({
        transitions: [transition(unrelated, "03", "01", "02", "2025-03-03T00:00:00.000Z")],
        audit: [],
      });
      await store.apply({
        updateLicences: [
          { record: { ...v2, state: "02", lastOperation: "03", revision: 2 }, expectedRevision: 1 },
        ],
        transitions: [transition(v2, "03", "01", "02", "2025-03-04T00:00:00.000Z", "年检逾期")],
        audit: [auditInput("licence.suspend", v2.identifier, v2.holder.code, "2025-03-04T00:00:00.000Z")],
      });

      const versions = await store.lineage(v1.lineage);
      expect(ids(versions)).toEqual([v1.identifier, v2.identifier]);
      expect(versions[0]).toEqual(v1Replaced);
      expect(await store.transitions(v1.lineage)).toEqual([
        transition(v1, "01", null, "01", v1.createdAt),
        transition(v2, "09", null, "01", "2025-03-02T08:30:00.000Z", "变更经营范围"),
        transition(v1, "09", "01", "01", "2025-03-02T08:30:00.000Z", `由 ${v2.identifier} 替代`),
        transition(v2, "03", "01", "02", "2025-03-04T00:00:00.000Z", "年检逾期"),
      ]);
      expect(await store.transitions(unrelated.lineage)).toHaveLength(2);
      expect(await store.lineage("no.such.lineage")).toEqual([]);

      // Order comes from the version, not from the order of insertion.
      const paper = [3, 1, 2].map((version) => makeLicence({ serial: "P0017", version }));
      await seed(store, paper);
      expect((await store.lineage(paper[0]!.lineage)).map((r) => r.version)).toEqual([1, 2, 3]);
    });

    describe("live status by token", () => {
      const KEYS = [
        "entered",
        "identifier",
        "nextIdentifier",
        "nextToken",
        "state",
        "stateText",
        "successors",
        "supersededOn",
        "validFrom",
        "validUntil",
        "version",
      ];

      it("answers the status facts only, null for an unknown token, and follows every change", async () => {
        const a = makeLicence({ serial: "2430599", holder: CITIZEN_LI });
        const longTerm = makeLicence({ serial: "P0017", validUntil: null });
        await seed(store, [a, longTerm]);
        const valid = await store.statusByToken(a.publicToken);
        expect(valid).toEqual({
          identifier: a.identifier,
          state: "01",
          stateText: null,
          version: 1,
          validFrom: a.validFrom,
          validUntil: "2030-03-01",
          supersededOn: null,
          nextIdentifier: null,
          nextToken: null,
          successors: [],
          entered: null,
        });
        expect(Object.keys(valid ?? {}).sort()).toEqual(KEYS);
        expect(JSON.stringify(valid)).not.toContain(CITIZEN_LI.code);
        expect((await store.statusByToken(longTerm.publicToken))?.validUntil).toBeNull();
        expect(await store.statusByToken("no-such-token-00000000")).toBeNull();
        expect(await store.statusByToken(a.identifier)).toBeNull();

        // Suspended, reinstated, suspended again: the latest entry into the current state, with its reason.
        const steps = [
          ["02", "03", "2025-04-01T00:00:00.000Z", "年检逾期"],
          ["01", "06", "2025-05-01T00:00:00.000Z", "整改完成"],
          ["02", "03", "2025-06-01T00:00:00.000Z", "再次逾期"],
        ] as const;
        let revision = 1;
        for (const [state, operation, at, reason] of steps) {
          const from = (await store.getLicence(a.identifier))?.state ?? "01";
          const r = await store.apply({
            updateLicences: [
              {
                record: { ...a, state, lastOperation: operation, revision: revision + 1 },
                expectedRevision: revision,
              },
            ],
            transitions: [transition(a, operation, from, state, at, reason)],
            audit: [],
          });
          expect(r.ok).toBe(true);
          revision++;
        }
        expect(await store.statusByToken(a.publicToken)).toMatchObject({
          state: "02",
          entered: { at: "2025-06-01T00:00:00.000Z", reason: "再次逾期" },
        });
        // Valid again: no date with the answer.
        const reinstated = await store.apply({
          updateLicences: [
            {
              record: { ...a, state: "01", lastOperation: "06", validUntil: "2031-03-01", revision: 5 },
              expectedRevision: 4,
            },
          ],
          transitions: [transition(a, "06", "02", "01", "2025-07-01T00:00:00.000Z")],
          audit: [],
        });
        expect(reinstated.ok).toBe(true);
        expect(await store.statusByToken(a.publicToken)).toMatchObject({
          state: "01",
          validUntil: "2031-03-01",
          entered: null,
        });
      });

      it("names a replaced version's successor and its token, dated by the replacing transition only", async () => {
        const v1 = makeLicence({ serial: "2430599" });
        const sibling = makeLicence({ serial: "2430599", version: 3 });
        await seed(store, [v1, sibling]);
        // Another version of the lineage entering 99 must not date v1.
        await store.apply({
          updateLicences: [
            { record: { ...sibling, state: "99", stateText: "档案迁移", revision: 2 }, expectedRevision: 1 },
          ],
          transitions: [transition(sibling, "07", "01", "99", "2025-03-05T00:00:00.000Z", "档案迁移")],
          audit: [],
        });
        const v2 = makeLicence({ serial: "2430599", version: 2, previousIdentifier: v1.identifier });
        const replaced: LicenceRecord = {
          ...v1,
          state: "99",
          stateText: "superseded",
          nextIdentifier: v2.identifier,
          revision: 2,
        };
        const r = await store.apply({
          insertLicences: [v2],
          updateLicences: [{ record: replaced, expectedRevision: 1 }],
          transitions: [
            transition(v1, "09", "01", "99", "2025-03-06T00:00:00.000Z", "变更 (superseded)"),
            transition(v2, "09", null, "01", "2025-03-06T00:00:00.000Z", "变更"),
          ],
          audit: [],
        });
        expect(r.ok).toBe(true);
        expect(await store.statusByToken(v1.publicToken)).toEqual({
          identifier: v1.identifier,
          state: "99",
          stateText: "superseded",
          version: 1,
          validFrom: v1.validFrom,
          validUntil: "2030-03-01",
          supersededOn: null,
          nextIdentifier: v2.identifier,
          nextToken: v2.publicToken,
          // Every later version of the lineage, oldest first: the status answer picks the one in force.
          successors: [v2, sibling].map((v) => ({
            identifier: v.identifier,
            token: v.publicToken,
            validFrom: v.validFrom,
          })),
          entered: { at: "2025-03-06T00:00:00.000Z", reason: "变更 (superseded)" },
        });
        expect(await store.statusByToken(v2.publicToken)).toMatchObject({
          state: "01",
          version: 2,
          nextIdentifier: null,
          nextToken: null,
        });
        expect(await store.statusByToken(sibling.publicToken)).toMatchObject({
          state: "99",
          stateText: "档案迁移",
          entered: { at: "2025-03-05T00:00:00.000Z", reason: "档案迁移" },
        });
      });
    });

    it("refuses a transition for a licence that does not exist (REG_STORE_BAD_BATCH), writing nothing", async () => {
      const a = makeLicence({ serial: "2430599" });
      const ghost = makeLicence({ serial: "9999999" });
      await expect(
        store.apply({
          insertLicences: [a],
          transitions: [transition(ghost, "03", "01", "02", "2025-03-04T00:00:00.000Z")],
          audit: [auditInput("licence.suspend", ghost.identifier, ghost.holder.code)],
        }),
      ).rejects.toMatchObject({ code: "REG_STORE_BAD_BATCH" });
      expect(await store.getLicence(a.identifier)).toBeNull();
      expect(await store.auditHead()).toBeNull();
    });

    it("finds valid or suspended licences whose validity ended before today", async () => {
      const lapsedValid = makeLicence({ serial: "2430599", validUntil: "2025-05-31" });
      const lapsedSuspended = makeLicence({ serial: "2430600", state: "02", validUntil: "2024-01-01" });
      const endsToday = makeLicence({ serial: "2430601", validUntil: "2025-06-01" });
      const revoked = makeLicence({ serial: "2430602", state: "07", validUntil: "2020-01-01" });
      const longTerm = makeLicence({ serial: "2430603", validUntil: null });
      const current = makeLicence({ serial: "2430604", validUntil: "2030-01-01" });
      await seed(store, [lapsedValid, lapsedSuspended, endsToday, revoked, longTerm, current]);
      expect(ids(await store.findLapsed("2025-06-01", 100))).toEqual(ids([lapsedSuspended, lapsedValid]));
      expect(ids(await store.findLapsed("2025-06-01", 1))).toEqual(ids([lapsedSuspended]));
      expect(await store.findLapsed("2023-01-01", 100)).toEqual([]);
    });

    it("reads a renewal made in advance: supersededOn in the status row, and due successions by date", async () => {
      const v1 = makeLicence({ serial: "2430599", validUntil: "2031-03-01" });
      const v2 = {
        ...makeLicence({ serial: "2430599", version: 2, previousIdentifier: v1.identifier }),
        validFrom: "2031-03-02",
        validUntil: "2036-03-01",
        takesEffectOn: "2031-03-02",
      };
      const waiting: LicenceRecord = {
        ...v1,
        nextIdentifier: v2.identifier,
        supersededOn: "2031-03-02",
        revision: 2,
      };
      const expiredWaiting = {
        ...makeLicence({ serial: "2430600", state: "05", validUntil: "2030-01-01" }),
        nextIdentifier: "x",
        supersededOn: "2030-06-01",
      };
      const revokedWaiting = {
        ...makeLicence({ serial: "2430601", state: "07" }),
        nextIdentifier: "y",
        supersededOn: "2030-06-01",
      };
      const plain = makeLicence({ serial: "2430602" });
      await seed(store, [v1, expiredWaiting, revokedWaiting, plain]);
      const r = await store.apply({
        insertLicences: [v2],
        updateLicences: [{ record: waiting, expectedRevision: 1 }],
        transitions: [transition(v2, "02", null, "01", "2026-12-07T00:00:00.000Z", "延续")],
        audit: [],
      });
      expect(r.ok).toBe(true);
      expect(await store.getLicence(v2.identifier)).toEqual(v2);
      expect(await store.statusByToken(v1.publicToken)).toMatchObject({
        identifier: v1.identifier,
        state: "01",
        supersededOn: "2031-03-02",
        nextIdentifier: v2.identifier,
        nextToken: v2.publicToken,
        entered: null,
      });
      expect(await store.statusByToken(v2.publicToken)).toMatchObject({
        identifier: v2.identifier,
        validFrom: "2031-03-02",
        supersededOn: null,
      });
      // Revoked meanwhile: never superseded by the sweep. Oldest supersededOn first, limit honoured.
      expect(await store.findDueSuccessions("2030-05-31", 100)).toEqual([]);
      expect(ids(await store.findDueSuccessions("2030-06-01", 100))).toEqual(ids([expiredWaiting]));
      expect(ids(await store.findDueSuccessions("2031-03-02", 100))).toEqual(ids([expiredWaiting, waiting]));
      expect(ids(await store.findDueSuccessions("2031-03-02", 1))).toEqual(ids([expiredWaiting]));
      expect(await store.findDueSuccessions("2031-03-02", 0)).toEqual([]);
      // The renewal withdrawn: the old version written back without supersededOn (an update that merged fields
      // instead of replacing the record would keep it, and the sweep would supersede it by a cancelled version).
      const restored: LicenceRecord = { ...waiting, nextIdentifier: null, revision: 3 };
      delete restored.supersededOn;
      const back = await store.apply({
        updateLicences: [{ record: restored, expectedRevision: 2 }],
        transitions: [],
        audit: [],
      });
      expect(back.ok).toBe(true);
      expect(await store.getLicence(v1.identifier)).not.toHaveProperty("supersededOn");
      expect(await store.statusByToken(v1.publicToken)).toMatchObject({
        supersededOn: null,
        nextIdentifier: null,
        nextToken: null,
      });
      expect(ids(await store.findDueSuccessions("2031-03-02", 100))).toEqual(ids([expiredWaiting]));
    });

    it("finds paper-converted licences by type, issuer and paper number, every version, many numbers at once", async () => {
      const paper = (serial: string, paperNumber: string, spec: Partial<LicenceSpec> = {}): LicenceRecord => {
        const r = makeLicence({ serial, ...spec });
        return {
          ...r,
          provenance: {
            kind: "paper",
            paperNumber,
            operator: "cli:zhang",
            convertedOn: "2025-01-15",
            sourceRow: 7,
          },
        };
      };
      const a1 = paper("P0001", "浙交运 0001");
      const a2 = { ...paper("P0001", "浙交运 0001", { version: 2, previousIdentifier: a1.identifier }) };
      const b = paper("P0002", "浙交运 0002", { holder: COMPANY });
      const otherType = paper("P0003", "浙交运 0001", { typeCode: TYPE_FOOD });
      const otherIssuer = paper("P0004", "浙交运 0001", { issuer: ISSUER_COUNTY });
      const bornDigital = makeLicence({ serial: "2430599" });
      const nearMiss = paper("P0005", "浙交运 00011");
      await seed(store, [a1, a2, b, otherType, otherIssuer, bornDigital, nearMiss]);
      const { typeCode } = a1;
      const issuer = a1.issuer.code;
      const sorted = (records: LicenceRecord[]) => ids(records).sort();

      expect(sorted(await store.findByPaperNumbers(typeCode, issuer, ["浙交运 0001"]))).toEqual(
        ids([a1, a2]).sort(),
      );
      const found = await store.findByPaperNumbers(typeCode, issuer, [
        "浙交运 0002",
        "浙交运 0001",
        "浙交运 0002",
        "无此编号",
      ]);
      expect(sorted(found)).toEqual(ids([a1, a2, b]).sort());
      expect(found.find((r) => r.identifier === b.identifier)).toEqual(b);
      expect(await store.findByPaperNumbers(typeCode, issuer, [])).toEqual([]);
      expect(await store.findByPaperNumbers(typeCode, ISSUER_COUNTY.code, ["浙交运 0002"])).toEqual([]);
      expect(ids(await store.findByPaperNumbers(TYPE_FOOD, issuer, ["浙交运 0001"]))).toEqual(
        ids([otherType]),
      );

      // More numbers than one statement binds: the store splits them and still finds each.
      const many = Array.from({ length: 1300 }, (_, i) => `浙交运 X${i}`);
      expect(
        sorted(await store.findByPaperNumbers(typeCode, issuer, [...many, "浙交运 00011", ...many])),
      ).toEqual(ids([nearMiss]));
    });

    it("finds licences by type and licence number, any issuer, every version, many numbers at once", async () => {
      const numbered = (serial: string, licenceNumber: string, spec: Partial<LicenceSpec> = {}) => ({
        ...makeLicence({ serial, ...spec }),
        licenceNumber,
      });
      const a1 = numbered("2430601", "JY0001");
      const a2 = numbered("2430601", "JY0001", { version: 2, previousIdentifier: a1.identifier });
      const otherIssuer = numbered("2430602", "JY0001", { issuer: ISSUER_COUNTY });
      const b = numbered("2430603", "JY0002", { holder: COMPANY });
      const otherType = numbered("2430604", "JY0001", { typeCode: TYPE_FOOD });
      const unnumbered = makeLicence({ serial: "2430605" });
      await seed(store, [a1, a2, otherIssuer, b, otherType, unnumbered]);
      const sorted = (records: LicenceRecord[]) => ids(records).sort();
      expect(sorted(await store.findByLicenceNumbers(a1.typeCode, ["JY0001"]))).toEqual(
        ids([a1, a2, otherIssuer]).sort(),
      );
      const found = await store.findByLicenceNumbers(a1.typeCode, ["JY0002", "JY0001", "JY0002", "JY9"]);
      expect(sorted(found)).toEqual(ids([a1, a2, otherIssuer, b]).sort());
      expect(found.find((r) => r.identifier === b.identifier)).toEqual(b);
      expect(await store.findByLicenceNumbers(a1.typeCode, [])).toEqual([]);
      expect(ids(await store.findByLicenceNumbers(TYPE_FOOD, ["JY0001"]))).toEqual(ids([otherType]));
      const many = Array.from({ length: 1300 }, (_, i) => `JYX${i}`);
      expect(ids(await store.findByLicenceNumbers(a1.typeCode, [...many, "JY0002"]))).toEqual(ids([b]));
    });

    it("inserts, reads, lists and revokes API keys", async () => {
      const admin = apiKey("Adm1nKey", "admin", "2025-01-01T00:00:00.000Z");
      const issuer = apiKey("k7Hq2mZp", "issuer", "2025-01-02T00:00:00.000Z", "11220000013544541J");
      const created = await store.apply({
        insertKeys: [issuer, admin],
        audit: [auditInput("key.create", issuer.id, null), auditInput("key.create", admin.id, null)],
      });
      expect(created.ok).toBe(true);
      expect(await store.getKey(issuer.id)).toEqual(issuer);
      expect(await store.getKey("nokey")).toBeNull();
      expect(await store.listKeys()).toEqual([admin, issuer]);

      const revoke = (id: string, revokedAt: string) =>
        store.apply({
          revokeKeys: [{ id, revokedAt }],
          audit: [auditInput("key.revoke", id, null, revokedAt)],
        });
      expect((await revoke(issuer.id, "2025-02-01T00:00:00.000Z")).ok).toBe(true);
      expect((await revoke(issuer.id, "2025-02-05T00:00:00.000Z")).ok).toBe(true);
      expect(await store.getKey(issuer.id)).toEqual({ ...issuer, revokedAt: "2025-02-01T00:00:00.000Z" });
      expect(await revoke("nokey", "2025-02-01T00:00:00.000Z")).toEqual({
        ok: false,
        conflict: "revision",
        identifier: "nokey",
      });

      const head = await store.auditHead();
      const sameId = await store.apply({ insertKeys: [{ ...admin, hash: "ab".repeat(32) }], audit: [] });
      expect(sameId).toEqual({ ok: false, conflict: "duplicate", identifier: admin.id });
      const sameHash = await store.apply({
        insertKeys: [{ ...apiKey("Cl3rkKey", "clerk", "2025-03-01T00:00:00.000Z"), hash: admin.hash }],
        audit: [auditInput("key.create", "Cl3rkKey", null)],
      });
      expect(sameHash).toEqual({ ok: false, conflict: "duplicate", identifier: "Cl3rkKey" });
      expect(await store.listKeys()).toHaveLength(2);
      expect(await store.auditHead()).toEqual(head);
    });

    describe("seal-usage ledger", () => {
      const a = makeLicence({ serial: "2430599" });
      const b = makeLicence({ serial: "2430600", holder: COMPANY });
      const c = makeLicence({ serial: "2430601", issuer: ISSUER_COUNTY });

      /** Stores the sealed document's hash on the licence and the seal usage in one batch, as sealing does. */
      const sealDocument = async (record: LicenceRecord, seal: typeof SEAL_CITY_A, at: string) => {
        const stored = await store.getLicence(record.identifier);
        if (!stored) throw new Error(`test setup: ${record.identifier} is not stored`);
        const usage = sealUsage(seal, record, at);
        const sealed: LicenceRecord = {
          ...stored,
          documentSha256: usage.documentSha256,
          updatedAt: at,
          revision: stored.revision + 1,
        };
        const result = await store.apply({
          updateLicences: [{ record: sealed, expectedRevision: stored.revision }],
          sealUsage: [usage],
          audit: [auditInput("document.seal", record.identifier, null, at)],
        });
        expect(result.ok).toBe(true);
        return { usage, sealed };
      };

      /** Six usages in four batches: a and b by seal A, c by the county seal, a by seal B, b by B and a by A. */
      const ledger = [
        sealUsage(SEAL_CITY_A, a, "2025-03-02T09:00:00.000Z", "B-B"),
        sealUsage(SEAL_CITY_A, b, "2025-03-02T09:00:01.000Z", "B-B"),
        sealUsage(SEAL_COUNTY, c, "2025-03-03T09:00:00.000Z"),
        sealUsage(SEAL_CITY_B, a, "2025-03-04T09:00:00.000Z"),
        sealUsage(SEAL_CITY_B, b, "2025-03-05T09:00:00.000Z"),
        sealUsage(SEAL_CITY_A, a, "2025-03-05T09:00:01.000Z"),
      ];
      const seedLedger = async () => {
        await seed(store, [a, b, c]);
        for (const usages of [ledger.slice(0, 2), ledger.slice(2, 3), ledger.slice(3, 4), ledger.slice(4)])
          expect((await store.apply({ sealUsage: usages, audit: [] })).ok).toBe(true);
      };
      const listAll = async (query: Omit<Parameters<Store["listSealUsage"]>[0], "limit">) =>
        (await store.listSealUsage({ ...query, limit: 500 })).items;

      it("records a seal usage in the same batch as the document hash on the licence", async () => {
        await seed(store, [a, b]);
        expect(await store.listSealUsage({ limit: 10 })).toEqual({ items: [] });
        const { usage, sealed } = await sealDocument(a, SEAL_CITY_A, "2025-03-02T09:00:00.000Z");
        expect(await store.getLicence(a.identifier)).toEqual(sealed);
        expect(await store.listSealUsage({ limit: 10 })).toEqual({ items: withSeq([usage]) });

        // A licence and its seal usage may also arrive in the one batch that inserts the licence.
        const d = makeLicence({ serial: "2430602" });
        const dUsage = sealUsage(SEAL_CITY_B, d, "2025-03-02T09:05:00.000Z");
        const inserted = await store.apply({
          insertLicences: [{ ...d, documentSha256: dUsage.documentSha256 }],
          sealUsage: [dUsage],
          audit: [auditInput("licence.issue", d.identifier, d.holder.code)],
        });
        expect(inserted.ok).toBe(true);
        expect(await listAll({})).toEqual(withSeq([usage, dUsage]));
        expect(ids(await store.findUnsealed(10))).toEqual(ids([b]));
      });

      it("tells which document hashes no licence version and no seal usage names (the janitor's orphans)", async () => {
        await seed(store, [a, b]);
        const { usage } = await sealDocument(a, SEAL_CITY_A, "2025-03-02T09:00:00.000Z");
        // An annotated copy: a seal-usage entry whose document no licence names.
        const copy = sealUsage(SEAL_CITY_B, b, "2025-03-02T09:30:00.000Z");
        expect((await store.apply({ sealUsage: [copy], audit: [] })).ok).toBe(true);
        // A licence naming a document with no ledger entry (sealed before the ledger existed).
        const legacy = { ...makeLicence({ serial: "2430603" }), documentSha256: "ab".repeat(32) };
        await seed(store, [legacy]);
        const orphan = "cd".repeat(32);
        const candidates = [usage.documentSha256, copy.documentSha256, legacy.documentSha256, orphan];
        expect(await store.unreferencedDocuments(candidates)).toEqual([orphan]);
        expect(await store.unreferencedDocuments([])).toEqual([]);
      });

      it("writes no seal usage when its batch fails, and a failed batch leaves no gap in seq", async () => {
        const key = apiKey("k7Hq2mZp", "issuer", "2025-01-02T00:00:00.000Z");
        const idempotency: IdempotencyRecord = {
          scope: key.id,
          key: "seal-1",
          requestHash: "00".repeat(32),
          status: 200,
          body: {},
          createdAt: "2025-03-02T08:00:00.000Z",
        };
        await seed(store, [a]);
        expect((await store.apply({ insertKeys: [key], idempotency, audit: [] })).ok).toBe(true);
        const { usage: first, sealed } = await sealDocument(a, SEAL_CITY_A, "2025-03-02T09:00:00.000Z");
        const head = await store.auditHead();
        const again = sealUsage(SEAL_CITY_B, a, "2025-03-03T09:00:00.000Z");

        // The licence changed since it was read: the revision conflict takes the seal usage with it.
        const stale = await store.apply({
          updateLicences: [
            { record: { ...a, documentSha256: again.documentSha256, revision: 2 }, expectedRevision: 1 },
          ],
          sealUsage: [again],
          audit: [auditInput("document.seal", a.identifier, null)],
        });
        expect(stale).toEqual({ ok: false, conflict: "revision", identifier: a.identifier });

        // The seal usage is written before the keys: a duplicate key rolls it back.
        const duplicateKey = await store.apply({
          sealUsage: [again],
          insertKeys: [key],
          audit: [auditInput("document.seal", a.identifier, null)],
        });
        expect(duplicateKey).toEqual({ ok: false, conflict: "duplicate", identifier: key.id });

        const replay = await store.apply({ sealUsage: [again], idempotency, audit: [] });
        expect(replay).toEqual({ ok: false, conflict: "idempotency", existing: idempotency });

        // A seal usage for a licence neither stored nor in the batch breaks the contract.
        const ghost = makeLicence({ serial: "9999999" });
        await expect(
          store.apply({
            insertLicences: [b],
            sealUsage: [again, sealUsage(SEAL_CITY_A, ghost, "2025-03-03T09:00:00.000Z")],
            audit: [auditInput("licence.issue", b.identifier, b.holder.code)],
          }),
        ).rejects.toMatchObject({ code: "REG_STORE_BAD_BATCH" });
        expect(await store.getLicence(b.identifier)).toBeNull();

        expect(await listAll({})).toEqual(withSeq([first]));
        expect(await store.getLicence(a.identifier)).toEqual(sealed);
        expect(await store.auditHead()).toEqual(head);

        expect((await store.apply({ sealUsage: [again], audit: [] })).ok).toBe(true);
        expect(await listAll({})).toEqual(withSeq([first, again]));
      });

      it("applies many sealing batches in one call: each commits or conflicts on its own, in order", async () => {
        await seed(store, [a, b, c]);
        const head = await store.auditHead();
        /** The batch sealing does for one stored record, built against `stored` as it was read. */
        const sealBatch = (stored: LicenceRecord, seal: typeof SEAL_CITY_A, at: string) => {
          const usage = sealUsage(seal, stored, at);
          const sealed: LicenceRecord = {
            ...stored,
            documentSha256: usage.documentSha256,
            updatedAt: at,
            revision: stored.revision + 1,
          };
          const batch: WriteBatch = {
            updateLicences: [{ record: sealed, expectedRevision: stored.revision }],
            sealUsage: [usage],
            audit: [auditInput("licence.seal", stored.identifier, null, at)],
          };
          return { usage, sealed, batch };
        };
        const storedOf = async (r: LicenceRecord) => {
          const stored = await store.getLicence(r.identifier);
          if (!stored) throw new Error(`test setup: ${r.identifier} is not stored`);
          return stored;
        };
        expect(await store.applyEach([])).toEqual([]);

        const sa = sealBatch(await storedOf(a), SEAL_CITY_A, "2025-03-02T09:00:00.000Z");
        const sb = sealBatch(await storedOf(b), SEAL_CITY_A, "2025-03-02T09:00:01.000Z");
        const sc = sealBatch(await storedOf(c), SEAL_COUNTY, "2025-03-02T09:00:02.000Z");
        // b changed after it was read for sealing: its batch conflicts, the batches around it still commit.
        expect(
          (
            await store.apply({
              updateLicences: [{ record: { ...b, stateText: "moved", revision: 2 }, expectedRevision: 1 }],
              audit: [],
            })
          ).ok,
        ).toBe(true);
        // The same record sealed twice in one call: the second batch sees the first and conflicts (no duplicate).
        const again = sealBatch(await storedOf(a), SEAL_CITY_B, "2025-03-02T09:00:03.000Z");
        const results = await store.applyEach([sa.batch, sb.batch, sc.batch, again.batch]);

        expect(results.map((r) => (r.ok ? "ok" : r.conflict))).toEqual(["ok", "revision", "ok", "revision"]);
        expect(results[1]).toEqual({ ok: false, conflict: "revision", identifier: b.identifier });
        expect(results[3]).toEqual({ ok: false, conflict: "revision", identifier: a.identifier });
        const seqs = results.flatMap((r) => (r.ok ? r.audit.map((e) => e.seq) : []));
        expect(seqs).toEqual([(head?.seq ?? 0) + 1, (head?.seq ?? 0) + 2]);
        expect(await firstAuditBreak(store)).toBeNull();
        expect(await store.getLicence(a.identifier)).toEqual(sa.sealed);
        expect(await store.getLicence(c.identifier)).toEqual(sc.sealed);
        expect((await store.getLicence(b.identifier))?.documentSha256).toBeNull();
        expect(await listAll({})).toEqual(withSeq([sa.usage, sc.usage]));
        expect(ids(await store.findUnsealed(10))).toEqual(ids([b]));

        // Anything but a conflict (here a seal usage for a licence that does not exist) writes none of the batches.
        const sb2 = sealBatch(await storedOf(b), SEAL_CITY_A, "2025-03-03T09:00:00.000Z");
        const ghost = makeLicence({ serial: "9999999" });
        const afterFirstCall = await store.auditHead();
        await expect(
          store.applyEach([
            sb2.batch,
            { sealUsage: [sealUsage(SEAL_CITY_A, ghost, "2025-03-03T09:00:01.000Z")], audit: [] },
          ]),
        ).rejects.toMatchObject({ code: "REG_STORE_BAD_BATCH" });
        await expect(
          store.applyEach([
            sb2.batch,
            { updateLicences: [{ record: { ...a, revision: 7 }, expectedRevision: 1 }], audit: [] },
          ]),
        ).rejects.toMatchObject({ code: "REG_STORE_BAD_BATCH" });
        expect(await store.auditHead()).toEqual(afterFirstCall);
        expect(await listAll({})).toEqual(withSeq([sa.usage, sc.usage]));
        expect(ids(await store.findUnsealed(10))).toEqual(ids([b]));

        expect((await store.applyEach([sb2.batch])).map((r) => r.ok)).toEqual([true]);
        expect(await listAll({})).toEqual(withSeq([sa.usage, sc.usage, sb2.usage]));
        expect(await store.findUnsealed(10)).toEqual([]);
      });

      it("filters by seal serial, licence and department, oldest first", async () => {
        await seedLedger();
        const [u1, u2, u3, u4, u5, u6] = withSeq(ledger);
        expect(await listAll({})).toEqual([u1, u2, u3, u4, u5, u6]);
        expect(await listAll({ sealSerial: SEAL_CITY_A.sealSerial })).toEqual([u1, u2, u6]);
        expect(await listAll({ sealSerial: SEAL_CITY_B.sealSerial })).toEqual([u4, u5]);
        expect(await listAll({ identifier: a.identifier })).toEqual([u1, u4, u6]);
        expect(await listAll({ identifier: c.identifier })).toEqual([u3]);
        expect(await listAll({ department: SEAL_CITY_A.department })).toEqual([u1, u2, u4, u5, u6]);
        expect(await listAll({ department: SEAL_COUNTY.department })).toEqual([u3]);
        expect(await listAll({ sealSerial: SEAL_CITY_B.sealSerial, identifier: b.identifier })).toEqual([u5]);
        expect(await listAll({ department: SEAL_CITY_A.department, identifier: c.identifier })).toEqual([]);
        expect(await listAll({ sealSerial: "00" })).toEqual([]);
      });

      it("pages without gaps or duplicates, even when usages arrive between pages", async () => {
        await seedLedger();
        const late = sealUsage(SEAL_CITY_A, a, "2025-03-06T09:00:00.000Z");
        const seen: number[] = [];
        const sizes: number[] = [];
        let after: string | undefined;
        do {
          const page = await store.listSealUsage({ limit: 2, after });
          seen.push(...page.items.map((u) => u.seq));
          sizes.push(page.items.length);
          after = page.next;
          if (sizes.length === 1) expect((await store.apply({ sealUsage: [late], audit: [] })).ok).toBe(true);
        } while (after !== undefined && sizes.length < 10);
        expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(sizes).toEqual([2, 2, 2, 1]);

        const first = await store.listSealUsage({ identifier: a.identifier, limit: 2 });
        expect(first.items.map((u) => u.seq)).toEqual([1, 4]);
        expect(first.next).toBeDefined();
        const second = await store.listSealUsage({ identifier: a.identifier, limit: 2, after: first.next });
        expect(second).toEqual({ items: [...withSeq(ledger.slice(5), 6), ...withSeq([late], 7)] });

        const exact = await store.listSealUsage({ department: SEAL_COUNTY.department, limit: 1 });
        expect(exact.items).toHaveLength(1);
        expect(exact.next).toBeUndefined();
      });

      it("rejects a bad page size or a cursor it did not issue (REG_STORE_BAD_QUERY)", async () => {
        await seedLedger();
        const badQuery = { code: "REG_STORE_BAD_QUERY" };
        await expect(store.listSealUsage({ limit: 0 })).rejects.toMatchObject(badQuery);
        await expect(store.listSealUsage({ limit: 501 })).rejects.toMatchObject(badQuery);
        await expect(store.listSealUsage({ limit: 10, after: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject(
          badQuery,
        );
        const licencePage = await store.listLicences({ limit: 1 });
        expect(licencePage.next).toBeDefined();
        await expect(store.listSealUsage({ limit: 10, after: licencePage.next })).rejects.toMatchObject(
          badQuery,
        );
        const sealPage = await store.listSealUsage({ limit: 1 });
        expect(sealPage.next).toBeDefined();
        await expect(store.listLicences({ limit: 10, after: sealPage.next })).rejects.toMatchObject(badQuery);
      });
    });

    it("finds licence versions without a sealed document, oldest first, within the limit", async () => {
      const old = makeLicence({ serial: "2430599", createdAt: "2024-11-02T03:00:00.000Z" });
      const sealedOlder = {
        ...makeLicence({ serial: "2430600", createdAt: "2024-10-01T03:00:00.000Z" }),
        documentSha256: "ab".repeat(32),
      };
      const paperV1 = makeLicence({ serial: "P0017", createdAt: "2024-12-01T03:00:00.000Z" });
      const paperV2 = makeLicence({
        serial: "P0017",
        version: 2,
        previousIdentifier: paperV1.identifier,
        createdAt: "2025-02-01T03:00:00.000Z",
      });
      const superseded: LicenceRecord = { ...paperV1, nextIdentifier: paperV2.identifier };
      const sameTimeLow = makeLicence({ serial: "2430700", createdAt: "2025-01-05T03:00:00.000Z" });
      const sameTimeHigh = makeLicence({ serial: "2430701", createdAt: "2025-01-05T03:00:00.000Z" });
      const newest = makeLicence({
        serial: "0000001",
        typeCode: TYPE_FOOD,
        issuer: ISSUER_COUNTY,
        createdAt: "2025-03-01T00:00:00.000Z",
      });
      const sealedNewer = {
        ...makeLicence({ serial: "2430702", createdAt: "2025-02-15T03:00:00.000Z" }),
        documentSha256: "cd".repeat(32),
      };
      expect(await store.findUnsealed(10)).toEqual([]);
      await seed(store, [
        newest,
        sameTimeHigh,
        sealedNewer,
        paperV2,
        old,
        superseded,
        sealedOlder,
        sameTimeLow,
      ]);

      const unsealed = await store.findUnsealed(100);
      expect(ids(unsealed)).toEqual(ids([old, superseded, sameTimeLow, sameTimeHigh, paperV2, newest]));
      expect(unsealed[1]).toEqual(superseded);
      expect(ids(await store.findUnsealed(3))).toEqual(ids([old, superseded, sameTimeLow]));
      expect(await store.findUnsealed(0)).toEqual([]);

      // Counted per issuing department: the issuer's own waiting licences only.
      const department = old.issuer.code;
      const waiting = unsealed.filter((r) => r.issuer.code === department).length;
      expect(waiting).toBe(unsealed.length - 1);
      expect(await store.countUnsealed(department)).toBe(waiting);
      expect(await store.countUnsealed("11330100MB0000000X")).toBe(0);

      const sealed: LicenceRecord = { ...sameTimeLow, documentSha256: "ef".repeat(32), revision: 2 };
      await store.apply({ updateLicences: [{ record: sealed, expectedRevision: 1 }], audit: [] });
      expect(ids(await store.findUnsealed(3))).toEqual(ids([old, superseded, sameTimeHigh]));
      expect(await store.countUnsealed(department)).toBe(waiting - 1);
      expect(await store.countUnsealed(ISSUER_COUNTY.code)).toBe(1);
    });

    it("skips parked versions and, given a time, those waiting out a back-off; counts and lists the parked ones", async () => {
      const at = (d: string) => `2025-0${d}T03:00:00.000Z`;
      // The queue's head is parked: it must not hide the versions behind it.
      const parked: LicenceRecord = {
        ...makeLicence({ serial: "2430801", createdAt: at("1-01") }),
        sealing: {
          attempts: 1,
          lastError: { code: "REG_FIELD_UNPRINTABLE", message: "holder.name holds U+20000" },
          lastAttemptAt: at("3-01"),
          parkedAt: at("3-01"),
        },
      };
      const backingOff: LicenceRecord = {
        ...makeLicence({ serial: "2430802", createdAt: at("1-02") }),
        sealing: {
          attempts: 2,
          lastError: { code: "REG_SEAL_FAILED", message: "sealing failed with Error" },
          lastAttemptAt: at("3-01"),
          retryAt: at("3-05"),
        },
      };
      const fresh = makeLicence({ serial: "2430803", createdAt: at("1-03") });
      const v1 = makeLicence({ serial: "P0021", createdAt: at("1-04") });
      const v2 = makeLicence({
        serial: "P0021",
        version: 2,
        previousIdentifier: v1.identifier,
        createdAt: at("2-01"),
      });
      // Parked, then replaced by an amendment: still parked, but no longer current.
      const parkedReplaced: LicenceRecord = {
        ...v1,
        nextIdentifier: v2.identifier,
        sealing: { ...parked.sealing!, parkedAt: at("3-02") },
      };
      const sealedOnce: LicenceRecord = {
        ...makeLicence({ serial: "2430804", createdAt: at("1-05") }),
        documentSha256: "ab".repeat(32),
      };
      await seed(store, [fresh, parkedReplaced, sealedOnce, v2, backingOff, parked]);

      expect(ids(await store.findUnsealed(10))).toEqual(ids([backingOff, fresh, v2]));
      expect(ids(await store.findUnsealed(1))).toEqual(ids([backingOff]));
      expect(ids(await store.findUnsealed(10, at("3-04")))).toEqual(ids([fresh, v2]));
      expect(ids(await store.findUnsealed(1, at("3-04")))).toEqual(ids([fresh]));
      expect(ids(await store.findUnsealed(10, at("3-05")))).toEqual(ids([backingOff, fresh, v2]));
      expect(await store.findUnsealed(0, at("3-05"))).toEqual([]);

      expect(await store.findSealingParked(10)).toEqual([parked, parkedReplaced]);
      expect(ids(await store.findSealingParked(1))).toEqual(ids([parked]));
      expect(ids(await store.findSealingParked(10, { current: true }))).toEqual(ids([parked]));
      expect(await store.findSealingParked(0)).toEqual([]);
      expect(await store.countSealingParked()).toBe(2);
      expect(await store.countSealingParked({ current: true })).toBe(1);
      // Parked versions still wait for their document.
      expect(await store.countUnsealed(parked.issuer.code)).toBe(5);

      // Unparked, it heads the queue again; sealed, it is neither parked nor waiting.
      const { sealing: _gone, ...rest } = parked;
      const unparked: LicenceRecord = { ...rest, revision: 2 };
      expect(
        (await store.apply({ updateLicences: [{ record: unparked, expectedRevision: 1 }], audit: [] })).ok,
      ).toBe(true);
      expect(ids(await store.findUnsealed(1, at("3-04")))).toEqual(ids([unparked]));
      expect(await store.countSealingParked({ current: true })).toBe(0);
      const sealed: LicenceRecord = { ...parkedReplaced, documentSha256: "cd".repeat(32), revision: 2 };
      expect(
        (await store.apply({ updateLicences: [{ record: sealed, expectedRevision: 1 }], audit: [] })).ok,
      ).toBe(true);
      expect(await store.countSealingParked()).toBe(0);
      expect(await store.findSealingParked(10)).toEqual([]);
    });

    describe("holder share codes", () => {
      const code = (over: Partial<ShareCodeRecord> = {}): ShareCodeRecord => ({
        id: "sc_7Hq2mZpK4w",
        holderCode: CITIZEN_LI.code,
        codeHash: "ab".repeat(32),
        department: ISSUER_COUNTY.code,
        createdBy: "k7Hq2mZp",
        createdAt: "2025-03-02T08:30:00.000Z",
        expiresAt: "2025-03-09T08:30:00.000Z",
        usedAt: null,
        ...over,
      });
      const use = (id: string, usedAt = "2025-03-03T01:00:00.000Z") =>
        store.apply({
          useShareCodes: [{ id, usedAt }],
          audit: [auditInput("holder.share-code.use", id, CITIZEN_LI.code, usedAt)],
        });

      it("stores a share code with its audit event and finds it by holder and hash only", async () => {
        const a = code();
        const created = await store.apply({
          insertShareCodes: [a],
          audit: [auditInput("holder.share-code.create", a.id, a.holderCode)],
        });
        expect(created.ok).toBe(true);
        expect(await store.getShareCode(a.holderCode, a.codeHash)).toEqual(a);
        expect(await store.getShareCode(CITIZEN_WANG.code, a.codeHash)).toBeNull();
        expect(await store.getShareCode(a.holderCode, "cd".repeat(32))).toBeNull();
        const noDepartment = code({ id: "sc_other00001", codeHash: "ef".repeat(32), department: null });
        expect((await store.apply({ insertShareCodes: [noDepartment], audit: [] })).ok).toBe(true);
        expect(await store.getShareCode(a.holderCode, noDepartment.codeHash)).toEqual(noDepartment);
      });

      it("marks a code used once: a second use is a revision conflict and writes nothing", async () => {
        const a = code();
        await store.apply({ insertShareCodes: [a], audit: [] });
        expect((await use(a.id)).ok).toBe(true);
        expect(await store.getShareCode(a.holderCode, a.codeHash)).toEqual({
          ...a,
          usedAt: "2025-03-03T01:00:00.000Z",
        });
        const head = await store.auditHead();
        expect(await use(a.id, "2025-03-04T01:00:00.000Z")).toEqual({
          ok: false,
          conflict: "revision",
          identifier: a.id,
        });
        expect(await use("sc_unknown0001")).toEqual({
          ok: false,
          conflict: "revision",
          identifier: "sc_unknown0001",
        });
        expect((await store.getShareCode(a.holderCode, a.codeHash))?.usedAt).toBe("2025-03-03T01:00:00.000Z");
        expect(await store.auditHead()).toEqual(head);
      });

      it("refuses a duplicate id or the same hash for the same holder, writing nothing of that batch", async () => {
        const a = code();
        await store.apply({ insertShareCodes: [a], audit: [] });
        const head = await store.auditHead();
        const fresh = makeLicence({ serial: "2430599" });
        const sameId = await store.apply({
          insertLicences: [fresh],
          insertShareCodes: [code({ codeHash: "cd".repeat(32) })],
          audit: [auditInput("holder.share-code.create", a.id, a.holderCode)],
        });
        expect(sameId).toEqual({ ok: false, conflict: "duplicate", identifier: a.id });
        const sameHash = await store.apply({ insertShareCodes: [code({ id: "sc_second0001" })], audit: [] });
        expect(sameHash).toEqual({ ok: false, conflict: "duplicate", identifier: "sc_second0001" });
        expect(await store.getLicence(fresh.identifier)).toBeNull();
        expect(await store.auditHead()).toEqual(head);
        // The same hash for another holder is another code (the hash is salted with the holder code anyway).
        const other = code({ id: "sc_third00001", holderCode: CITIZEN_WANG.code });
        expect((await store.apply({ insertShareCodes: [other], audit: [] })).ok).toBe(true);
      });
    });

    describe("audit events by action and time", () => {
      const at = (day: number, hour = 0, ms = 0) =>
        `2025-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00.${String(ms).padStart(3, "0")}Z`;

      beforeEach(async () => {
        // Written out of time order on purpose (two clocks): the method orders by time, then seq.
        const events = [
          auditInput("materials.check", "h1", CITIZEN_LI.code, at(2, 9), { detail: { n: 1 } }),
          auditInput("holder.lookup", "h1", CITIZEN_LI.code, at(2, 10)),
          auditInput("materials.check", "h2", CITIZEN_WANG.code, at(1, 23), { detail: { n: 2 } }),
          auditInput("materials.check", "h3", CITIZEN_WANG.code, at(2, 9), { detail: { n: 3 } }),
          auditInput("materials.check", "h4", CITIZEN_LI.code, at(3, 0), { detail: { n: 4 } }),
          auditInput("materials.check", "h5", CITIZEN_LI.code, at(4, 12), { detail: { n: 5 } }),
        ];
        expect((await store.apply({ audit: events })).ok).toBe(true);
      });

      it("returns the events of one action with from <= at < to, by time then seq, with their detail", async () => {
        const page = await store.auditByAction("materials.check", at(2), at(3), 100);
        expect(page.next).toBeUndefined();
        expect(page.items.map((e) => [e.target, e.seq])).toEqual([
          ["h1", 1],
          ["h3", 4],
        ]);
        expect(page.items[0]?.detail).toEqual({ n: 1 });
        expect(page.items[0]?.holderCode).toBe(CITIZEN_LI.code);
        expect(
          (await store.auditByAction("materials.check", at(1), at(5), 100)).items.map((e) => e.target),
        ).toEqual(["h2", "h1", "h3", "h4", "h5"]);
        expect(
          (await store.auditByAction("holder.lookup", at(1), at(5), 100)).items.map((e) => e.target),
        ).toEqual(["h1"]);
        expect((await store.auditByAction("licence.issue", at(1), at(5), 100)).items).toEqual([]);
        expect((await store.auditByAction("materials.check", at(3), at(3), 100)).items).toEqual([]);
      });

      it("pages without gaps or duplicates, also between events of the same instant, and refuses a forged cursor", async () => {
        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await store.auditByAction("materials.check", at(1), at(5), 2, after);
          seen.push(...page.items.map((e) => e.target));
          after = page.next;
          pages++;
        } while (after !== undefined);
        expect(seen).toEqual(["h2", "h1", "h3", "h4", "h5"]);
        expect(pages).toBe(3);
        const first = await store.auditByAction("materials.check", at(1), at(5), 1);
        await expect(
          store.auditByAction(
            "materials.check",
            at(1),
            at(5),
            1,
            Buffer.from("seq1:3").toString("base64url"),
          ),
        ).rejects.toMatchObject({ code: "REG_STORE_BAD_QUERY" });
        await expect(store.auditByAction("materials.check", at(1), at(5), 0)).rejects.toMatchObject({
          code: "REG_STORE_BAD_QUERY",
        });
        expect(first.next).toBeDefined();
      });
    });

    it("leaves nothing of a batch that fails part-way", async () => {
      const existing = makeLicence({ serial: "2430599" });
      await seed(store, [existing]);
      const head = await store.auditHead();
      const fresh = makeLicence({ serial: "2430600" });
      const key = apiKey("k7Hq2mZp", "issuer", "2025-01-02T00:00:00.000Z");
      const result = await store.apply({
        insertLicences: [fresh, { ...existing, publicToken: "another-token-123456789" }],
        transitions: [transition(fresh, "01", null, "01", "2025-03-02T08:30:00.000Z")],
        audit: [
          auditInput("licence.issue", fresh.identifier, fresh.holder.code),
          auditInput("licence.issue", existing.identifier, existing.holder.code),
        ],
        idempotency: {
          scope: "k7Hq2mZp",
          key: "batch-1",
          requestHash: "00".repeat(32),
          status: 201,
          body: {},
          createdAt: "2025-03-02T08:30:00.000Z",
        },
        insertKeys: [key],
      });
      expect(result).toEqual({ ok: false, conflict: "duplicate", identifier: existing.identifier });
      expect(await store.getLicence(fresh.identifier)).toBeNull();
      expect(await store.transitions(fresh.lineage)).toEqual([]);
      expect(await store.auditHead()).toEqual(head);
      expect(await store.readAudit(0, 100)).toHaveLength(1);
      expect(await store.getIdempotency("k7Hq2mZp", "batch-1")).toBeNull();
      expect(await store.getKey(key.id)).toBeNull();
      expect(await store.countByState()).toEqual({ "01": 1 });
    });
  });
}
