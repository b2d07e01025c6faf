// The issuing office's as-typed checks against the food business licence's real type.json: the same problem codes
// and field paths as the registry's answer, all problems at once.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "@elicence/registry";
import {
  checkFields,
  fieldsBody,
  fieldsChanged,
  fieldSpecs,
  isIsoDate,
  type TypeSchema,
} from "./field-rules.js";

const FOOD = JSON.parse(
  readFileSync(
    path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      "../../../templates/11100000MB0143028R013/type.json",
    ),
    "utf8",
  ),
) as { schema: TypeSchema; example: Record<string, string | string[]> };
const specs = fieldSpecs(FOOD.schema);
const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates");

describe("the food business licence's form", () => {
  it("has a select for an enumeration, checkboxes for a list of values, lines for free entries", () => {
    const kind = (k: string) => specs.find((s) => s.key === k)?.kind;
    expect(kind("operatorCategory")).toBe("choice");
    expect(kind("operatorCategoryNotes")).toBe("multi");
    expect(kind("businessItems")).toBe("list");
    expect(kind("domicile")).toBe("text");
    expect(specs.find((s) => s.key === "legalRepresentative")).toMatchObject({
      required: true,
      maxLength: 50,
    });
  });

  it("passes the catalogue's example", () => {
    expect(checkFields(specs, FOOD.example)).toEqual([]);
  });

  it("names every problem at once, with the registry's codes and paths", () => {
    const values = {
      ...FOOD.example,
      legalRepresentative: "  ",
      licenceNumber: "JY9",
      operatorCategory: "小卖部",
      supervisors: "王".repeat(51),
      businessItems: [],
      operatorCategoryNotes: ["网络经营", "夜市"],
    };
    expect(checkFields(specs, values)).toEqual([
      { field: "fields.legalRepresentative", code: "REG_FIELD_REQUIRED" },
      { field: "fields.operatorCategory", code: "REG_FIELD_ENUM" },
      { field: "fields.operatorCategoryNotes[1]", code: "REG_FIELD_ENUM" },
      { field: "fields.businessItems", code: "REG_FIELD_REQUIRED" },
      { field: "fields.licenceNumber", code: "REG_FIELD_FORMAT" },
      { field: "fields.supervisors", code: "REG_FIELD_TOO_LONG", limit: 50 },
    ]);
  });

  it("counts characters, not UTF-16 units, as the registry does", () => {
    const wide = "𠀀".repeat(50);
    expect(checkFields(specs, { ...FOOD.example, legalRepresentative: wide })).toEqual([]);
  });

  it("sends trimmed text and leaves empty optional fields out; an amendment sends only changes, null to empty", () => {
    const body = fieldsBody(specs, { ...FOOD.example, supervisors: "", domicile: " 住所 " });
    expect(body).not.toHaveProperty("supervisors");
    expect(body.domicile).toBe("住所");
    const changed = fieldsChanged(specs, FOOD.example, {
      ...FOOD.example,
      supervisors: "",
      premises: "新场所",
    });
    expect(changed).toEqual({ supervisors: null, premises: "新场所" });
  });

  it("knows a real date from a date-shaped string", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-2-3")).toBe(false);
  });
});

describe("against the registry's own validator", () => {
  it("finds the problems the registry finds, on the same paths, for every type in the catalogue", () => {
    const catalogue = loadCatalogue(TEMPLATES);
    for (const type of catalogue.list()) {
      const typeSpecs = fieldSpecs(type.schema as TypeSchema);
      // Every field broken the way its kind can be: emptied, too long, off the list, off the pattern.
      const broken: Record<string, string | string[]> = {};
      for (const s of typeSpecs) {
        if (s.kind === "multi") broken[s.key] = ["不在列表中"];
        else if (s.kind === "list") broken[s.key] = ["x".repeat((s.itemMaxLength ?? 10) + 1)];
        else if (s.kind === "choice") broken[s.key] = "不在列表中";
        else if (s.kind === "date") broken[s.key] = "2026-02-30";
        else if (s.maxLength !== undefined) broken[s.key] = "9".repeat(s.maxLength + 1);
        else broken[s.key] = "";
      }
      const ours = checkFields(typeSpecs, broken).map((p) => `${p.field} ${p.code}`);
      const check = catalogue.validateFields(type.code, fieldsBody(typeSpecs, broken));
      const theirs = check.ok ? [] : check.problems.map((p) => `${p.field} ${p.code}`);
      expect(ours.length, type.code).toBeGreaterThan(0);
      expect(new Set(ours), type.code).toEqual(new Set(theirs));
    }
  });
});
