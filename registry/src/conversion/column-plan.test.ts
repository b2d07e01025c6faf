// Header row → targets, on the shipped food-licence type: mapped headers, printed labels as a fallback, loose
// matching of how registers write headers, and the fatal cases named with what to add or rename.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../catalogue/index.js";
import { columnName, headerScore, normaliseHeader, planColumns } from "./column-plan.js";

const catalogue = loadCatalogue(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates"),
);
const food = catalogue.get("11100000MB0143028R013")!;
const HEADER = [
  "序号",
  "经营者名称",
  "统一社会信用代码",
  "法定代表人（负责人）",
  "住所",
  "经营场所",
  "主体业态",
  "经营项目",
  "许可证编号",
  "发证日期",
  "投诉举报电话",
  "备注",
];

describe("planColumns", () => {
  it("maps headers to targets; 许可证编号 feeds both the paper number and the licenceNumber field", () => {
    const plan = planColumns(food, HEADER, 2);
    expect(plan.columns.find((c) => c.header === "许可证编号")?.targets).toEqual([
      "provenance.paperNumber",
      "fields.licenceNumber",
    ]);
    expect(plan.headerOf("holder.code")).toBe("统一社会信用代码");
    expect(plan.headerOf("fields.businessItems")).toBe("经营项目");
    expect(plan.ignored).toEqual(["序号", "备注"]);
    expect(plan.width).toBe(HEADER.length);
  });

  it("matches headers written with full-width brackets, spaces or a required mark", () => {
    expect(normaliseHeader(" *法定代表人 (负责人)： ")).toBe(normaliseHeader("法定代表人（负责人）"));
    const loose = HEADER.map((h) =>
      h === "法定代表人（负责人）" ? "法定代表人(负责人)*" : h === "住所" ? "住　所" : h,
    );
    const plan = planColumns(food, loose, 1);
    expect(plan.headerOf("fields.legalRepresentative")).toBe("法定代表人(负责人)*");
    expect(plan.headerOf("fields.domicile")).toBe("住　所");
  });

  it("scores the header row above a title row", () => {
    expect(headerScore(food, ["海丰县食品经营许可登记台账（2019年）"])).toBe(0);
    expect(headerScore(food, HEADER)).toBe(10);
  });

  it("names every missing required column with the headers that would do (REG_IMPORT_COLUMNS_MISSING)", () => {
    const without = HEADER.filter((h) => h !== "许可证编号" && h !== "经营场所");
    expect(() => planColumns(food, without, 3)).toThrow(
      expect.objectContaining({
        code: "REG_IMPORT_COLUMNS_MISSING",
        details: [
          'provenance.paperNumber: a column headed "许可证编号"',
          'fields.premises: a column headed "经营场所"',
          'fields.licenceNumber: a column headed "许可证编号"',
        ],
      }),
    );
  });

  it("refuses two columns feeding one target (REG_IMPORT_COLUMN_REPEATED)", () => {
    expect(() => planColumns(food, [...HEADER, "住所 "], 2)).toThrow(
      expect.objectContaining({ code: "REG_IMPORT_COLUMN_REPEATED" }),
    );
  });

  it("names columns as spreadsheets do", () => {
    expect([0, 14, 25, 26, 701, 702].map(columnName)).toEqual(["A", "O", "Z", "AA", "ZZ", "AAA"]);
  });
});
