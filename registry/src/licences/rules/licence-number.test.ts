import { describe, expect, it } from "vitest";
import type { LicenceType } from "../../catalogue/index.js";
import type { LicenceRecord } from "../../domain/licence.js";
import { licenceNumberOf, licenceNumberProblem } from "./licence-number.js";

const TODAY = "2026-12-08";
const food = {
  numberField: "licenceNumber",
  schema: { properties: { licenceNumber: { title: "许可证编号", type: "string" } } },
} as unknown as LicenceType;
const record = (lineage: string, state: string, extra: Partial<LicenceRecord> = {}) =>
  ({
    identifier: `${lineage}.001`,
    lineage,
    licenceNumber: "JY1",
    state,
    validFrom: "2026-01-01",
    validUntil: "2030-12-31",
    issuer: { name: "海丰县市场监督管理局", code: "11441521MB2C97310M" },
    holder: { name: "某公司", code: "91441521MA55C7TBXR", codeType: "001" },
    ...extra,
  }) as LicenceRecord;

describe("licenceNumberOf", () => {
  it("is the type's number field, else a converted paper licence's paper number", () => {
    expect(licenceNumberOf(food, { licenceNumber: "JY1" }, { kind: "born-digital" })).toBe("JY1");
    const paper = { kind: "paper", paperNumber: "执照 7", operator: "x", convertedOn: TODAY } as const;
    expect(licenceNumberOf({}, {}, paper)).toBe("执照 7");
    expect(licenceNumberOf({}, {}, { kind: "born-digital" })).toBeNull();
  });
});

describe("licenceNumberProblem", () => {
  it("refuses a number a live licence of another lineage has, naming it with the holder masked", () => {
    const p = licenceNumberProblem(food, "JY1", null, [record("L1", "01")], TODAY);
    expect(p).toMatchObject({ field: "fields.licenceNumber", code: "REG_LICENCE_NUMBER_TAKEN" });
    expect(p?.message).toContain("L1.001");
    expect(p?.message).not.toContain("91441521MA55C7TBXR");
    expect(licenceNumberProblem(food, "JY1", null, [record("L1", "02")], TODAY)).not.toBeNull();
  });

  it("ignores the licence's own lineage and ended, expired or superseded versions", () => {
    expect(licenceNumberProblem(food, "JY1", "L1", [record("L1", "01")], TODAY)).toBeNull();
    for (const state of ["03", "04", "05", "07"])
      expect(licenceNumberProblem(food, "JY1", null, [record("L1", state)], TODAY)).toBeNull();
    const lapsed = record("L1", "01", { validUntil: "2026-12-07" });
    expect(licenceNumberProblem(food, "JY1", null, [lapsed], TODAY)).toBeNull();
    const replaced = record("L1", "99", { stateText: "superseded" });
    expect(licenceNumberProblem(food, "JY1", null, [replaced], TODAY)).toBeNull();
  });
});
