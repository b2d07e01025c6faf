import { describe, expect, it } from "vitest";
import type { LicenceType } from "../../catalogue/index.js";
import { citizenIdFactProblems, citizenIdFacts } from "./citizen-id-facts.js";

// 441521199306180028: born 1993-06-18, digit 17 is 2 (even): 女.
const ID = "441521199306180028";
const type = {
  schema: {
    type: "object",
    properties: {
      gender: { title: "性别", type: "string", enum: ["男", "女"] },
      birthDate: { title: "出生日期", type: "string", format: "date" },
    },
    required: [],
    additionalProperties: false,
  },
} as unknown as LicenceType;
const person = { code: ID, codeType: "111" as const };

describe("citizenIdFacts", () => {
  it("reads the birth date from digits 7–14 and the sex from digit 17", () => {
    expect(citizenIdFacts(ID)).toEqual({ birthDate: "1993-06-18", sex: "女" });
    expect(citizenIdFacts("11010519491231001X")).toEqual({ birthDate: "1949-12-31", sex: "男" });
    expect(citizenIdFacts("91441521MA55C7TBXR")).toBeNull();
  });
});

describe("citizenIdFactProblems", () => {
  it("accepts fields that agree with the ID number", () => {
    expect(citizenIdFactProblems(type, person, { gender: "女", birthDate: "1993-06-18" })).toEqual([]);
  });

  it("names both fields at once, with the value the ID number gives", () => {
    const problems = citizenIdFactProblems(type, person, { gender: "男", birthDate: "1993-08-16" });
    expect(problems.map((p) => [p.field, p.code, p.suggestion])).toEqual([
      ["fields.birthDate", "REG_ID_BIRTH_DATE_MISMATCH", "1993-06-18"],
      ["fields.gender", "REG_ID_SEX_MISMATCH", "女"],
    ]);
    expect(problems[0]?.message).toContain("出生日期 (birthDate) is 1993-08-16");
  });

  it("leaves organisations and types without those fields alone", () => {
    expect(citizenIdFactProblems(type, { code: ID, codeType: "001" }, { gender: "男" })).toEqual([]);
    const other = { schema: { properties: {} } } as unknown as LicenceType;
    expect(citizenIdFactProblems(other, person, { gender: "男", birthDate: "2000-01-01" })).toEqual([]);
  });
});
