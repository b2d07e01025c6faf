// The kinds of bad row a paper register has, each with the problems (column, code) the import must report for it:
// shared by the CSV and XLSX tests, so both formats are held to the same report.
import { randomValidIdNumber, seededRng } from "../../src/identifiers/index.js";
import { creditCode, goodFoodRow, rowCells, type FoodRow } from "./register-fixtures.js";

export const row = (i: number, change: Partial<FoodRow> = {}): string[] =>
  rowCells({ ...goodFoodRow(i), ...change });

export interface Kind {
  kind: string;
  cells: string[];
  /** Every problem the row must produce: [column, code]. */
  expect: [string, string][];
}

/** Rows 1001 and 1002 are converted first from an earlier register, for the duplicate and conflict kinds against the store. */
export function badKinds(): Kind[] {
  const good = goodFoodRow(7);
  const code = good.统一社会信用代码;
  const wrongCheck = code.slice(0, 17) + (code.endsWith("1") ? "2" : "1");
  const otherHolder = creditCode(seededRng(99));
  return [
    {
      kind: "credit code with a wrong check character",
      cells: row(11, { 统一社会信用代码: wrongCheck }),
      expect: [["统一社会信用代码", "REG_USCC_CHECK_MISMATCH"]],
    },
    {
      kind: "citizen ID number where a credit code is required",
      cells: row(12, { 统一社会信用代码: randomValidIdNumber(seededRng(3), { province: "44" }) }),
      expect: [["统一社会信用代码", "REG_HOLDER_CODE_TYPE_MISMATCH"]],
    },
    {
      kind: "credit code stored as a spreadsheet float",
      cells: row(13, { 统一社会信用代码: "9.14415E+17" }),
      expect: [["统一社会信用代码", "REG_ID_FLOAT_PRECISION_LOST"]],
    },
    {
      kind: "credit code with a letter it never uses",
      cells: row(14, { 统一社会信用代码: code.slice(0, 10) + "O" + code.slice(11) }),
      expect: [["统一社会信用代码", "REG_USCC_FORBIDDEN_LETTER"]],
    },
    {
      kind: "credit code one character short",
      cells: row(15, { 统一社会信用代码: code.slice(0, 17) }),
      expect: [["统一社会信用代码", "REG_USCC_WRONG_LENGTH"]],
    },
    {
      kind: "holder name empty",
      cells: row(16, { 经营者名称: "   " }),
      expect: [["经营者名称", "REG_HOLDER_NAME_REQUIRED"]],
    },
    {
      kind: "holder name too long",
      cells: row(17, { 经营者名称: "海".repeat(201) }),
      expect: [["经营者名称", "REG_HOLDER_NAME_TOO_LONG"]],
    },
    {
      kind: "paper number empty",
      cells: row(18, { 许可证编号: "" }),
      expect: [["许可证编号", "REG_IMPORT_PAPER_NUMBER_REQUIRED"]],
    },
    {
      kind: "paper number stored as a float",
      cells: row(19, { 许可证编号: "2.44152E+13" }),
      expect: [["许可证编号", "REG_IMPORT_NUMBER_AS_FLOAT"]],
    },
    {
      kind: "licence number of the wrong form",
      cells: row(20, { 许可证编号: "JY5441521000020" }),
      expect: [["许可证编号", "REG_FIELD_FORMAT"]],
    },
    {
      kind: "主体业态 not one of the allowed values",
      cells: row(21, { 主体业态: "餐饮店" }),
      expect: [["主体业态", "REG_FIELD_ENUM"]],
    },
    {
      kind: "经营项目 empty",
      cells: row(22, { 经营项目: "、" }),
      expect: [["经营项目", "REG_FIELD_REQUIRED"]],
    },
    {
      kind: "经营项目 with more than 30 entries",
      cells: row(23, { 经营项目: Array.from({ length: 31 }, (_, i) => `项目${i}`).join("、") }),
      expect: [["经营项目", "REG_FIELD_TOO_LONG"]],
    },
    {
      kind: "住所 longer than 200 characters",
      cells: row(24, { 住所: "广东省汕尾市海丰县".repeat(25) }),
      expect: [["住所", "REG_FIELD_TOO_LONG"]],
    },
    {
      kind: "complaint hotline with words in it",
      cells: row(25, { 投诉举报电话: "12315转8" }),
      expect: [["投诉举报电话", "REG_FIELD_FORMAT"]],
    },
    {
      kind: "法定代表人 empty",
      cells: row(26, { "法定代表人（负责人）": "" }),
      expect: [["法定代表人（负责人）", "REG_FIELD_REQUIRED"]],
    },
    {
      kind: "issue date that is not a real date",
      cells: row(27, { 发证日期: "2019-02-30" }),
      expect: [["发证日期", "REG_IMPORT_DATE_INVALID"]],
    },
    {
      kind: "issue date written day-first",
      cells: row(28, { 发证日期: "03/04/2019" }),
      expect: [["发证日期", "REG_IMPORT_DATE_INVALID"]],
    },
    {
      kind: "issue date empty",
      cells: row(29, { 发证日期: "" }),
      expect: [["发证日期", "REG_IMPORT_ISSUE_DATE_REQUIRED"]],
    },
    {
      kind: "issue date in the future",
      cells: row(30, { 发证日期: "2030-01-01" }),
      expect: [["发证日期", "REG_DATE_INVALID"]],
    },
    {
      kind: "validity ending before the issue date",
      cells: row(31, { 发证日期: "2020-05-01", 有效期至: "2019-05-01" }),
      expect: [["有效期至", "REG_VALIDITY_REVERSED"]],
    },
    {
      kind: "cells shifted by an unquoted comma",
      cells: [...row(32), "多出的一格"],
      expect: [["P", "REG_IMPORT_EXTRA_CELLS"]],
    },
    {
      kind: "a spreadsheet error where the holder name should be",
      cells: row(34, { 经营者名称: "#N/A" }),
      expect: [["经营者名称", "REG_IMPORT_CELL_ERROR"]],
    },
    {
      kind: "a formula saved without its result",
      cells: row(35, { 主体业态: "=VLOOKUP(B36,业态!A:B,2,FALSE)" }),
      expect: [["主体业态", "REG_IMPORT_FORMULA_NO_RESULT"]],
    },
    {
      kind: "the same licence twice in the file",
      cells: row(7),
      expect: [["许可证编号", "REG_IMPORT_DUPLICATE"]],
    },
    {
      kind: "a paper number used for two holders in the file",
      cells: row(7, { 统一社会信用代码: otherHolder }),
      expect: [["许可证编号", "REG_IMPORT_CONFLICT"]],
    },
    {
      kind: "a licence the registry already holds",
      cells: row(1001),
      expect: [["许可证编号", "REG_IMPORT_DUPLICATE"]],
    },
    {
      kind: "a paper number the registry holds for another holder",
      cells: row(1002, { 统一社会信用代码: otherHolder }),
      expect: [["许可证编号", "REG_IMPORT_CONFLICT"]],
    },
    {
      kind: "several problems in one row, all reported",
      cells: row(33, {
        统一社会信用代码: wrongCheck,
        主体业态: "小卖部",
        发证日期: "2019-13-01",
        经营项目: "",
      }),
      expect: [
        ["统一社会信用代码", "REG_USCC_CHECK_MISMATCH"],
        ["主体业态", "REG_FIELD_ENUM"],
        ["发证日期", "REG_IMPORT_DATE_INVALID"],
        ["经营项目", "REG_FIELD_REQUIRED"],
      ],
    },
  ];
}
