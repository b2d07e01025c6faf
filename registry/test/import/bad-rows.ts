// The kinds of bad row a paper register has, each with the problems (column, code) the import must report for it:
// shared by the CSV and XLSX tests, so both formats are held to the same report.
import { randomValidIdNumber, seededRng } from "@elicence/core";
import { creditCode, goodFoodRow, rowCells, type FoodColumn, type FoodRow } from "./register-fixtures.js";

export const row = (i: number, change: Partial<FoodRow> = {}): string[] =>
  rowCells({ ...goodFoodRow(i), ...change });

export interface Kind {
  kind: string;
  cells: string[];
  /** Every problem the row must produce: [column, code]. */
  expect: [string, string][];
}

/** Row `i` with one cell changed, and the one problem that column must report. */
const one = (kind: string, i: number, column: FoodColumn, value: string, code: string): Kind => ({
  kind,
  cells: row(i, { [column]: value }),
  expect: [[column, code]],
});

/** Rows 1001 and 1002 are converted first from an earlier register, for the duplicate and conflict kinds against the store. */
export function badKinds(): Kind[] {
  const good = goodFoodRow(7);
  const code = good.统一社会信用代码;
  const wrongCheck = code.slice(0, 17) + (code.endsWith("1") ? "2" : "1");
  const otherHolder = creditCode(seededRng(99));
  return [
    one(
      "credit code with a wrong check character",
      11,
      "统一社会信用代码",
      wrongCheck,
      "REG_USCC_CHECK_MISMATCH",
    ),
    one(
      "citizen ID number where a credit code is required",
      12,
      "统一社会信用代码",
      randomValidIdNumber(seededRng(3), { province: "44" }),
      "REG_HOLDER_CODE_TYPE_MISMATCH",
    ),
    one(
      "credit code stored as a spreadsheet float",
      13,
      "统一社会信用代码",
      "9.14415E+17",
      "REG_ID_FLOAT_PRECISION_LOST",
    ),
    one(
      "credit code with a letter it never uses",
      14,
      "统一社会信用代码",
      code.slice(0, 10) + "O" + code.slice(11),
      "REG_USCC_FORBIDDEN_LETTER",
    ),
    one(
      "credit code one character short",
      15,
      "统一社会信用代码",
      code.slice(0, 17),
      "REG_USCC_WRONG_LENGTH",
    ),
    one("holder name empty", 16, "经营者名称", "   ", "REG_HOLDER_NAME_REQUIRED"),
    one("holder name too long", 17, "经营者名称", "海".repeat(201), "REG_HOLDER_NAME_TOO_LONG"),
    one("paper number empty", 18, "许可证编号", "", "REG_IMPORT_PAPER_NUMBER_REQUIRED"),
    one("paper number stored as a float", 19, "许可证编号", "2.44152E+13", "REG_IMPORT_NUMBER_AS_FLOAT"),
    one("licence number of the wrong form", 20, "许可证编号", "JY5441521000020", "REG_FIELD_FORMAT"),
    one("主体业态 not one of the allowed values", 21, "主体业态", "餐饮店", "REG_FIELD_ENUM"),
    one("经营项目 empty", 22, "经营项目", "、", "REG_FIELD_REQUIRED"),
    one(
      "经营项目 with more than 30 entries",
      23,
      "经营项目",
      Array.from({ length: 31 }, (_, i) => `项目${i}`).join("、"),
      "REG_FIELD_TOO_LONG",
    ),
    one("住所 longer than 200 characters", 24, "住所", "广东省汕尾市海丰县".repeat(25), "REG_FIELD_TOO_LONG"),
    one("complaint hotline with words in it", 25, "投诉举报电话", "12315转8", "REG_FIELD_FORMAT"),
    one("法定代表人 empty", 26, "法定代表人（负责人）", "", "REG_FIELD_REQUIRED"),
    one("issue date that is not a real date", 27, "发证日期", "2019-02-30", "REG_IMPORT_DATE_INVALID"),
    one("issue date written day-first", 28, "发证日期", "03/04/2019", "REG_IMPORT_DATE_INVALID"),
    one("issue date empty", 29, "发证日期", "", "REG_IMPORT_ISSUE_DATE_REQUIRED"),
    one("issue date in the future", 30, "发证日期", "2030-01-01", "REG_DATE_INVALID"),
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
    one(
      "a spreadsheet error where the holder name should be",
      34,
      "经营者名称",
      "#N/A",
      "REG_IMPORT_CELL_ERROR",
    ),
    one(
      "a formula saved without its result",
      35,
      "主体业态",
      "=VLOOKUP(B36,业态!A:B,2,FALSE)",
      "REG_IMPORT_FORMULA_NO_RESULT",
    ),
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
