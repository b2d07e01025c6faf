// The service methods bulk conversion stands on: checkIssue (every problem, nothing written) and issueMany (many
// licences in one atomic batch, each with its own transition and audit event, hooks fired once each).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/audit/verify-audit.js";
import type { LicenceRecord } from "../../src/domain/licence.js";
import {
  LicenceService,
  type Actor,
  type IssueInput,
  type IssuePlan,
} from "../../src/licences/licence-service.js";
import { startImportHarness, NOW, type ImportHarness } from "./import-harness.js";
import { EDUCATION, FOOD, MARKET, goodFoodRow } from "./register-fixtures.js";

let h: ImportHarness;
beforeEach(async () => {
  h = await startImportHarness();
});
afterEach(async () => {
  await h.close();
});

const actor: Actor = { id: "cli:zhangwei", role: "issuer", department: MARKET };

function input(i: number, extra: Partial<IssueInput> = {}): IssueInput {
  const row = goodFoodRow(i);
  return {
    typeCode: FOOD,
    holder: { name: row.经营者名称, code: row.统一社会信用代码 },
    fields: { ...h.catalogue.get(FOOD)!.example, licenceNumber: row.许可证编号 },
    provenance: { kind: "paper", paperNumber: row.许可证编号, sourceRow: i + 2 },
    ...extra,
  };
}

describe("LicenceService.checkIssue", () => {
  it("returns every problem without writing, and throws only for a department that may not issue the type", async () => {
    const bad = h.service.checkIssue(
      actor,
      input(1, {
        holder: { name: "", code: "91441521MA55C7TBX1" },
        issuedOn: "2031-01-01",
        fields: { complaintHotline: "x" },
      }),
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.details.map((d) => [d.field, d.code])).toEqual(
      expect.arrayContaining([
        ["holder.name", "REG_HOLDER_NAME_REQUIRED"],
        ["holder.code", "REG_USCC_CHECK_MISMATCH"],
        ["fields.legalRepresentative", "REG_FIELD_REQUIRED"],
        ["fields.complaintHotline", "REG_FIELD_FORMAT"],
        ["issuedOn", "REG_DATE_INVALID"],
      ]),
    );
    expect(() => h.service.checkIssue({ ...actor, department: EDUCATION }, input(1))).toThrow(
      expect.objectContaining({ code: "REG_DEPARTMENT_NOT_AUTHORISED" }),
    );
    expect(await h.store.auditHead()).toBeNull();
  });

  it("keeps the paper licence's issue date, runs the validity from it, and refuses an issue date on a born-digital licence", () => {
    const ok = h.service.checkIssue(actor, input(1, { issuedOn: "2019-03-12" }));
    expect(ok.ok && ok.plan).toMatchObject({
      issuedOn: "2019-03-12",
      validFrom: "2019-03-12",
      validUntil: "2024-03-11",
      provenance: { sourceRow: 3, operator: "cli:zhangwei", convertedOn: "2026-11-29" },
    });
    const born = h.service.checkIssue(
      actor,
      input(1, { issuedOn: "2019-03-12", provenance: { kind: "born-digital" } }),
    );
    expect(!born.ok && born.details).toEqual([
      expect.objectContaining({ field: "issuedOn", code: "REG_DATE_INVALID" }),
    ]);
  });
});

describe("LicenceService.issueMany", () => {
  it("stores all licences of a batch with one transition and one audit event each, then fires the hook for each", async () => {
    const created: LicenceRecord[] = [];
    const service = new LicenceService(h.store, h.catalogue, () => NOW, {
      onVersionCreated: (r) => created.push(r),
    });
    const plans = [1, 2, 3].map((i) => {
      const c = service.checkIssue(actor, input(i));
      if (!c.ok) throw new Error(JSON.stringify(c.details));
      return c.plan;
    });
    const records = await service.issueMany(actor, plans);
    expect(records.map((r) => r.holder.code)).toEqual(plans.map((p) => p.holder.code));
    expect(new Set(records.map((r) => r.serial)).size).toBe(3);
    expect(created).toEqual(records);
    expect(
      h
        .licences()
        .map((r) => r.identifier)
        .sort(),
    ).toEqual(records.map((r) => r.identifier).sort());
    const events = await h.store.readAudit(0, 10);
    expect(events.map((e) => [e.seq, e.action, e.target, e.actor])).toEqual(
      records.map((r, i) => [i + 1, "licence.issue", r.identifier, "cli:zhangwei"]),
    );
    for (const r of records)
      expect(await h.store.transitions(r.lineage)).toEqual([
        expect.objectContaining({ operation: "01", toState: "01", actor: "cli:zhangwei" }),
      ]);
    expect((await verifyAuditChain(h.store)).ok).toBe(true);
    expect(await service.issueMany(actor, [])).toEqual([]);
  });

  it("refuses a plan checked for another department, writing nothing", async () => {
    const c = h.service.checkIssue(actor, input(1));
    const plan = (c.ok ? c.plan : null) as IssuePlan;
    await expect(h.service.issueMany({ ...actor, department: EDUCATION }, [plan])).rejects.toMatchObject({
      code: "REG_DEPARTMENT_NOT_AUTHORISED",
    });
    expect(h.licences()).toEqual([]);
  });
});
