// The shipped licence types through the Catalogue API: examples pass, mangled fields fail with every problem at
// once, issuing rights, holder code types and validity dates.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CatalogueError } from "./catalogue-error.js";
import { loadCatalogue } from "./load-catalogue.js";

const TEMPLATES = fileURLToPath(new URL("../../../templates", import.meta.url));
const catalogue = loadCatalogue(TEMPLATES);

const BUSINESS = "11100000MB0143028R001";
const FOOD = "11100000MB0143028R013";
const ROAD = "11100000000019713D008";
const TEACHER = "11100000000013303A001";
const SAMR_HAIFENG = "11441521MB2C97310M";
const TRANSPORT_HAIFENG = "114415210071938455";
const EDUCATION_HAIFENG = "114415210071937149";

const pairs = (r: ReturnType<typeof catalogue.validateFields>) =>
  r.ok ? [] : r.problems.map((p) => [p.field, p.code]);

describe("shipped licence types", () => {
  it("has the four types, each with its example passing its own schema", () => {
    expect(catalogue.list().map((t) => t.code)).toEqual(
      expect.arrayContaining([BUSINESS, FOOD, ROAD, TEACHER]),
    );
    for (const t of catalogue.list()) {
      expect(catalogue.validateFields(t.code, t.example), t.code).toEqual({ ok: true, value: t.example });
    }
  });

  it.each([BUSINESS, FOOD, ROAD, TEACHER])(
    "%s: a mangled example reports a missing field and an unknown one together",
    (code) => {
      const type = catalogue.get(code);
      if (type === undefined) throw new Error("type missing");
      const firstRequired = type.schema.required[0] as string;
      const mangled: Record<string, unknown> = { ...type.example, notAField: "x" };
      delete mangled[firstRequired];
      expect(pairs(catalogue.validateFields(code, mangled))).toEqual([
        [`fields.${firstRequired}`, "REG_FIELD_REQUIRED"],
        ["fields.notAField", "REG_FIELD_UNKNOWN"],
      ]);
    },
  );

  it("hands out frozen objects with holder titles and derived holder code type", () => {
    const food = catalogue.get(FOOD);
    expect(Object.isFrozen(food)).toBe(true);
    expect(Object.isFrozen(food?.schema.properties)).toBe(true);
    expect(food?.holderTitles).toEqual({ name: "经营者名称", code: "统一社会信用代码" });
    expect(catalogue.get("11100000MB0143028R999")).toBeUndefined();
  });
});

describe("validateFields", () => {
  it("counts whitespace-only text as missing where the schema wants text (minLength 1): it would print nothing", () => {
    const example = catalogue.get(BUSINESS)?.example ?? {};
    const result = catalogue.validateFields(BUSINESS, {
      ...example,
      domicile: " \n\u3000 ",
      entityType: "\t",
    });
    expect(pairs(result)).toEqual([
      ["fields.entityType", "REG_FIELD_REQUIRED"],
      ["fields.domicile", "REG_FIELD_REQUIRED"],
    ]);
    expect(result.ok ? "" : result.problems[1]?.message).toBe(
      "住所 (domicile) is blank (whitespace only); give its text",
    );
    // Text with whitespace around it is fine.
    expect(catalogue.validateFields(BUSINESS, { ...example, domicile: " 海丰县 " }).ok).toBe(true);
  });

  it("reports every problem of a business licence at once, in schema order, with zh labels", () => {
    const example = catalogue.get(BUSINESS)?.example ?? {};
    const result = catalogue.validateFields(BUSINESS, {
      ...example,
      entityType: undefined,
      representativeRole: "董事长",
      legalRepresentative: 42,
      establishedOn: "2019-02-30",
      domicile: "",
      businessScope: "经".repeat(2001),
      registrationNumber: "441521000012345",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { field: "fields.entityType", code: "REG_FIELD_REQUIRED", message: "类型 (entityType) is required" },
      {
        field: "fields.representativeRole",
        code: "REG_FIELD_ENUM",
        message:
          "代表人职务 (representativeRole) must be one of: 法定代表人, 负责人, 执行事务合伙人, 经营者, 投资人",
      },
      {
        field: "fields.legalRepresentative",
        code: "REG_FIELD_TYPE",
        message: "法定代表人 (legalRepresentative) must be text (a JSON string)",
      },
      {
        field: "fields.establishedOn",
        code: "REG_FIELD_FORMAT",
        message: "成立日期 (establishedOn) must be a real calendar date written YYYY-MM-DD",
      },
      { field: "fields.domicile", code: "REG_FIELD_REQUIRED", message: "住所 (domicile) must not be empty" },
      {
        field: "fields.businessScope",
        code: "REG_FIELD_TOO_LONG",
        message: "经营范围 (businessScope) is longer than 2000 characters; shorten it",
      },
      {
        field: "fields.registrationNumber",
        code: "REG_FIELD_UNKNOWN",
        message: expect.stringContaining('"registrationNumber" is not a field'),
      },
    ]);
  });

  it("counts characters, not bytes or UTF-16 units: 2000 CJK characters fit", () => {
    const example = catalogue.get(BUSINESS)?.example ?? {};
    expect(catalogue.validateFields(BUSINESS, { ...example, businessScope: "𠀀".repeat(2000) }).ok).toBe(
      true,
    );
  });

  it("names list entries by index and shows an example for pattern fields", () => {
    const example = catalogue.get(FOOD)?.example ?? {};
    const result = catalogue.validateFields(FOOD, {
      ...example,
      operatorCategory: "餐馆",
      operatorCategoryNotes: ["网络经营", "网络经营"],
      businessItems: ["热食类食品制售", "制".repeat(101), 7],
      licenceNumber: "JY94415210001236",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ["fields.operatorCategory", "REG_FIELD_ENUM"],
      ["fields.operatorCategoryNotes", "REG_FIELD_INVALID"],
      ["fields.businessItems[1]", "REG_FIELD_TOO_LONG"],
      ["fields.businessItems[2]", "REG_FIELD_TYPE"],
      ["fields.licenceNumber", "REG_FIELD_FORMAT"],
    ]);
    expect(result.problems[2]?.message).toBe(
      "经营项目 (businessItems[1]) is longer than 100 characters; shorten it",
    );
    expect(result.problems[4]?.message).toBe(
      "许可证编号 (licenceNumber) does not have the expected format, e.g. JY24415210001236",
    );
  });

  it("treats an empty list as a missing required field", () => {
    const example = catalogue.get(FOOD)?.example ?? {};
    expect(pairs(catalogue.validateFields(FOOD, { ...example, businessItems: [] }))).toEqual([
      ["fields.businessItems", "REG_FIELD_REQUIRED"],
    ]);
  });

  it.each([null, 5, "text", ["a"]])("rejects fields that are not an object (%j)", (fields) => {
    expect(pairs(catalogue.validateFields(TEACHER, fields))).toEqual([["fields", "REG_FIELD_TYPE"]]);
  });

  it("returns a problem, not an exception, for an unknown type code", () => {
    expect(catalogue.validateFields("11100000MB0143028R999", {})).toEqual({
      ok: false,
      problems: [
        {
          field: "typeCode",
          code: "REG_LICENCE_TYPE_NOT_FOUND",
          message: 'no licence type has code "11100000MB0143028R999"',
        },
      ],
    });
  });
});

describe("mayIssue", () => {
  it("allows listed departments only", () => {
    expect(catalogue.mayIssue(BUSINESS, SAMR_HAIFENG)).toBe(true);
    expect(catalogue.mayIssue(FOOD, SAMR_HAIFENG)).toBe(true);
    expect(catalogue.mayIssue(ROAD, TRANSPORT_HAIFENG)).toBe(true);
    expect(catalogue.mayIssue(TEACHER, EDUCATION_HAIFENG)).toBe(true);
    expect(catalogue.mayIssue(BUSINESS, TRANSPORT_HAIFENG)).toBe(false);
    expect(catalogue.mayIssue(TEACHER, SAMR_HAIFENG)).toBe(false);
    expect(catalogue.mayIssue(BUSINESS, SAMR_HAIFENG.toLowerCase())).toBe(false);
    expect(catalogue.mayIssue("11100000MB0143028R999", SAMR_HAIFENG)).toBe(false);
  });
});

describe("holderCodeType", () => {
  it("is 111 for person holders and 001 for organisations", () => {
    expect(catalogue.holderCodeType(TEACHER)).toBe("111");
    expect(catalogue.holderCodeType(BUSINESS)).toBe("001");
    expect(catalogue.holderCodeType(FOOD)).toBe("001");
    expect(catalogue.holderCodeType(ROAD)).toBe("001");
  });
  it("throws REG_LICENCE_TYPE_NOT_FOUND for an unknown type", () => {
    expect(() => catalogue.holderCodeType("nope")).toThrow(
      expect.objectContaining({ code: "REG_LICENCE_TYPE_NOT_FOUND" }),
    );
  });
});

describe("computeValidUntil", () => {
  it("is N years minus one day for typed validity, null for long-term", () => {
    expect(catalogue.computeValidUntil(FOOD, "2024-03-12")).toBe("2029-03-11");
    expect(catalogue.computeValidUntil(FOOD, "2024-02-29")).toBe("2029-02-28");
    expect(catalogue.computeValidUntil(ROAD, "2024-02-29")).toBe("2028-02-28");
    expect(catalogue.computeValidUntil(ROAD, "2024-03-01")).toBe("2028-02-29");
    expect(catalogue.computeValidUntil(BUSINESS, "2024-03-12")).toBeNull();
    expect(catalogue.computeValidUntil(TEACHER, "2024-02-29")).toBeNull();
  });
  it("rejects a date that is not real", () => {
    expect(() => catalogue.computeValidUntil(FOOD, "2023-02-29")).toThrow(CatalogueError);
    expect(() => catalogue.computeValidUntil(FOOD, "2023-02-29")).toThrow(
      expect.objectContaining({ code: "REG_DATE_INVALID" }),
    );
  });
});
