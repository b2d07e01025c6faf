// XLSX registers through the same row pipeline as CSV: the 29 kinds of bad row plus the ones only a workbook has (IDs
// typed as numbers, error cells, formulas without a result, date cells), each named by the sheet's row number, column
// letter and header, in an XLSX report read back with exceljs; every kind of cell; the first visible sheet; rows
// left out of the file; Chinese text across the reader's chunk boundaries; damaged files.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { columnName } from "../../src/conversion/column-plan.js";
import { parseDateCell } from "../../src/conversion/cell-values.js";
import { XlsxReportWriter, PROBLEMS_SHEET, SUMMARY_SHEET } from "../../src/conversion/xlsx-report-writer.js";
import { PROBLEM_HEADER } from "../../src/conversion/report-layout.js";
import { xlsxRows } from "../../src/conversion/xlsx-rows.js";
import { IMPORT_CODES } from "../../src/conversion/import-codes.js";
import {
  FOOD_HEADER,
  TITLE,
  goodFoodRow,
  goodRegister,
  writeRegister,
  type FoodRow,
} from "./register-fixtures.js";
import { startImportHarness, type ImportHarness } from "./import-harness.js";
import { badKinds, row } from "./bad-rows.js";
import { writeXlsx, type XlsxCell } from "./xlsx-fixtures.js";

let h: ImportHarness;
beforeEach(async () => {
  h = await startImportHarness();
});
afterEach(async () => {
  await h.close();
});

const col = (header: (typeof FOOD_HEADER)[number]) => FOOD_HEADER.indexOf(header);
const letter = (header: string) => columnName(FOOD_HEADER.indexOf(header as (typeof FOOD_HEADER)[number]));
const utcDay = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** The spreadsheet day number of an ISO date (1900 date system). */
const serial = (iso: string) => (utcDay(iso).getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
const isoOf = (text: string) => {
  const d = parseDateCell(text);
  if (!d.ok || !("date" in d)) throw new Error(`not a date: ${text}`);
  return d.date;
};

/** A good row as a person keeps it in a workbook: numbers, date cells, day numbers, rich text, formulas. */
function typedRow(i: number, change: Partial<FoodRow> = {}): XlsxCell[] {
  const r = { ...goodFoodRow(i), ...change };
  const cells: XlsxCell[] = FOOD_HEADER.map((c) => r[c]);
  cells[col("序号")] = i;
  cells[col("投诉举报电话")] = 12315;
  const issued = isoOf(r.发证日期);
  cells[col("发证日期")] = i % 3 === 0 ? utcDay(issued) : i % 3 === 1 ? serial(issued) : r.发证日期;
  // One rich-text name only: exceljs's writer files every rich text under one shared string.
  if (i === 7)
    cells[col("经营者名称")] = {
      richText: [{ text: r.经营者名称.slice(0, 3) }, { font: { bold: true }, text: r.经营者名称.slice(3) }],
    };
  if (i % 5 === 0)
    cells[col("统一社会信用代码")] = {
      formula: `UPPER("${r.统一社会信用代码.toLowerCase()}")`,
      result: r.统一社会信用代码,
    };
  return cells;
}

function set(
  cells: XlsxCell[],
  changes: Partial<Record<(typeof FOOD_HEADER)[number], XlsxCell>>,
): XlsxCell[] {
  const out = [...cells];
  for (const [k, v] of Object.entries(changes)) out[col(k as (typeof FOOD_HEADER)[number])] = v;
  return out;
}

interface XlsxKind {
  kind: string;
  cells: XlsxCell[];
  expect: [string, string][];
}

/** Bad rows only a workbook has: typed cells. */
function workbookKinds(): XlsxKind[] {
  return [
    {
      kind: "credit code typed as a number: a spreadsheet float",
      // What the sheet holds after 914415217995512345 was typed: a double, its last digits gone.
      cells: set(typedRow(50), { 统一社会信用代码: Number("914415217995512345") }),
      expect: [["统一社会信用代码", "REG_ID_FLOAT_PRECISION_LOST"]],
    },
    {
      kind: "paper number typed as a number: a spreadsheet float",
      cells: set(typedRow(51), { 许可证编号: Number("24415210000201234") }),
      expect: [["许可证编号", "REG_IMPORT_NUMBER_AS_FLOAT"]],
    },
    {
      kind: "an error cell as the legal representative",
      cells: set(typedRow(52), { "法定代表人（负责人）": { error: "#REF!" } }),
      expect: [["法定代表人（负责人）", "REG_IMPORT_CELL_ERROR"]],
    },
    {
      kind: "a lookup formula that failed (#N/A) as the business type",
      cells: set(typedRow(53), {
        主体业态: { formula: "VLOOKUP(A55,字典!A:B,2,FALSE)", result: { error: "#N/A" } },
      }),
      expect: [["主体业态", "REG_IMPORT_FORMULA_NO_RESULT"]],
    },
    {
      kind: "a formula never calculated as the holder name",
      cells: set(typedRow(54), { 经营者名称: { formula: 'CONCATENATE("海丰县",L56)' } }),
      expect: [["经营者名称", "REG_IMPORT_FORMULA_NO_RESULT"]],
    },
    {
      kind: "an issue date cell in the future",
      cells: set(typedRow(55), { 发证日期: utcDay("2030-01-01") }),
      expect: [["发证日期", "REG_DATE_INVALID"]],
    },
    {
      kind: "a validity end date cell before the issue date cell",
      cells: set(typedRow(56), { 发证日期: utcDay("2020-05-01"), 有效期至: utcDay("2019-05-01") }),
      expect: [["有效期至", "REG_VALIDITY_REVERSED"]],
    },
  ];
}

const DATE_COLUMNS = [col("发证日期") + 1, col("有效期至") + 1];

describe("an XLSX register with every kind of bad row", () => {
  it("stores the good rows and names each bad row by sheet row, column letter and header, in an XLSX report", async () => {
    const earlier = h.file("earlier.csv");
    writeRegister(earlier, goodRegister(2, 1001));
    expect((await h.run({ file: earlier })).summary.counts.imported).toBe(2);

    const kinds = [
      ...badKinds().map((k) => ({ kind: k.kind, cells: k.cells, expect: k.expect })),
      ...workbookKinds(),
    ];
    expect(kinds.length).toBeGreaterThanOrEqual(35);
    // Row 1 title, row 2 header, row 3 a good row, row 4 left out of the file, then bad and good rows in turn.
    const rows: (XlsxCell[] | { at: number; cells: XlsxCell[] })[] = [[TITLE], [...FOOD_HEADER], typedRow(7)];
    const goodRows = [3];
    const goodIndex = new Map<number, number>([[3, 7]]);
    const expected = new Map<number, XlsxKind>();
    let at = 5;
    kinds.forEach((k, i) => {
      rows.push({ at, cells: k.cells });
      expected.set(at++, k);
      rows.push({ at, cells: typedRow(100 + i) });
      goodIndex.set(at, 100 + i);
      goodRows.push(at++);
    });
    rows.push({ at: at + 1, cells: ["", "", "", ""] });
    const file = h.file("register.xlsx");
    await writeXlsx(file, [
      // A hidden list sheet first (as data validation lists are kept), a notes sheet after the register.
      { name: "字典", state: "hidden", rows: [["餐饮服务经营者"], ["食品销售经营者"]] },
      { name: "台账", rows, dateColumns: DATE_COLUMNS },
      { name: "说明", rows: [["填表说明：统一社会信用代码请设为文本格式"]] },
    ]);
    const reportPath = h.file("report.xlsx");
    const { summary, problems } = await h.run({ file, report: new XlsxReportWriter(reportPath) });

    for (const [rowNumber, k] of expected) {
      const got = problems.filter((p) => p.row === rowNumber);
      expect(
        got.map((p) => [p.column, p.code]),
        k.kind,
      ).toEqual(expect.arrayContaining(k.expect));
      expect(got.length, `${k.kind}: ${JSON.stringify(got)}`).toBe(
        k.kind.startsWith("several") ? 4 : k.expect.length,
      );
      for (const p of got) expect(p.columnLetter, k.kind).toBe(p.column === "P" ? "P" : letter(p.column));
    }
    expect(problems.filter((p) => !expected.has(p.row))).toEqual([]);
    expect(summary).toMatchObject({ format: "xlsx", encoding: null, headerRow: 2 });
    expect(summary.counts).toEqual({
      rows: goodRows.length + kinds.length,
      // Row 4 and the row before the last, left out of the file, and the last row of empty cells.
      blank: 3,
      invalid: kinds.length - 4,
      duplicates: 2,
      conflicts: 2,
      alreadyImported: 0,
      imported: goodRows.length,
    });

    // Every kind of cell became the value a CSV of the same register gives.
    const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
    const imported = h
      .licences()
      .filter((l) => l.provenance.kind === "paper" && l.provenance.sourceFileSha256 === sha);
    expect(imported.map((l) => (l.provenance.kind === "paper" ? l.provenance.sourceRow : 0))).toEqual(
      goodRows,
    );
    for (const l of imported) {
      const sourceRow = l.provenance.kind === "paper" ? l.provenance.sourceRow! : 0;
      const g = goodFoodRow(goodIndex.get(sourceRow)!);
      expect(l, `row ${sourceRow}`).toMatchObject({
        holder: { name: g.经营者名称, code: g.统一社会信用代码 },
        issuedOn: isoOf(g.发证日期),
        fields: { complaintHotline: "12315", licenceNumber: g.许可证编号 },
      });
    }

    // The XLSX report, read back: a row per problem with the sheet's row, the column letter and header, and the
    // messages in English and Chinese; then the summary sheet.
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(reportPath);
    expect(report.worksheets.map((w) => w.name)).toEqual([PROBLEMS_SHEET, SUMMARY_SHEET]);
    const sheet = report.getWorksheet(PROBLEMS_SHEET)!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...PROBLEM_HEADER]);
    expect(sheet.rowCount).toBe(1 + problems.length);
    problems.forEach((p, i) => {
      const [rowNumber, columnLetter, header, code, en, zh, suggestion] = values(i + 2);
      expect([rowNumber, columnLetter, header, code, en]).toEqual([
        p.row,
        p.columnLetter,
        p.column === "P" ? undefined : p.column,
        p.code,
        p.message,
      ]);
      const catalogue = (IMPORT_CODES as Record<string, { zh: string }>)[p.code];
      if (catalogue) expect(zh).toBe(catalogue.zh);
      // Chinese first: every line has its Chinese explanation, not the fallback naming the code.
      expect(zh, p.code).toMatch(/[\u4e00-\u9fff]/u);
      expect(zh, p.code).not.toContain(p.code);
      expect(suggestion).toBe(p.suggestion);
    });
    // An enumeration typed loosely gets the allowed value it meant (餐饮店 → 餐饮服务经营者); nothing close, nothing.
    const enums = problems.filter((p) => p.code === "REG_FIELD_ENUM" && p.column === "主体业态");
    expect(enums.map((p) => p.suggestion)).toEqual(expect.arrayContaining(["餐饮服务经营者", undefined]));
    const floatLine = problems.findIndex((p) => p.code === "REG_ID_FLOAT_PRECISION_LOST");
    expect(values(floatLine + 2).slice(0, 4)).toEqual([
      problems[floatLine]!.row,
      "C",
      "统一社会信用代码",
      "REG_ID_FLOAT_PRECISION_LOST",
    ]);
    const summarySheet = report.getWorksheet(SUMMARY_SHEET)!;
    const summaryRows = new Map<unknown, unknown>();
    summarySheet.eachRow((r) => summaryRows.set(r.getCell(1).value, r.getCell(2).value));
    expect(summaryRows.get("已导入 Imported")).toBe(goodRows.length);
    expect(summaryRows.get("冲突 Conflicts")).toBe(2);
    expect(summaryRows.get("编码 Encoding")).toBe("xlsx");
    expect(summaryRows.get("汇总 Summary")).toBe("已完成 completed");
  });

  it("re-running the same workbook imports nothing new; a dry run stores nothing", async () => {
    const file = h.file("r.xlsx");
    await writeXlsx(file, [
      {
        name: "台账",
        rows: [[TITLE], [...FOOD_HEADER], ...[1, 2, 3, 4].map((i) => typedRow(i))],
        dateColumns: DATE_COLUMNS,
      },
    ]);
    const dry = await h.run({ file, dryRun: true });
    expect(dry.summary.counts).toMatchObject({ rows: 4, imported: 4 });
    expect(h.licences()).toEqual([]);
    expect((await h.run({ file, batchSize: 3 })).summary.counts).toMatchObject({ imported: 4 });
    const again = await h.run({ file });
    expect(again.summary.counts).toMatchObject({ imported: 0, alreadyImported: 4 });
    expect(h.licences()).toHaveLength(4);
  });
});

describe("reading workbooks", () => {
  it("keeps Chinese text intact across the reader's chunk boundaries, with shared or inline strings", async () => {
    // ~1 MB of sheet XML and shared strings, nearly all three-byte characters: hundreds of chunk boundaries, where
    // exceljs 4.4.0 on its own turns a split character into U+FFFD.
    const names = Array.from(
      { length: 3000 },
      (_, i) =>
        `海丰县${"城东镇梅陇镇公平镇可塘镇".slice(i % 9, (i % 9) + 3)}潮汕牛肉火锅店第${i}分店（${"鸿运来".repeat(1 + (i % 5))}）`,
    );
    for (const sharedStrings of [true, false]) {
      const file = h.file(`chinese-${sharedStrings}.xlsx`);
      await writeXlsx(file, [{ name: "台账", rows: names.map((n, i) => [i + 1, n, `${n}地址`]) }], {
        sharedStrings,
      });
      const read: string[] = [];
      for await (const r of xlsxRows(file)) read.push(r.cells[1] ?? "", r.cells[2] ?? "");
      expect(read.filter((t) => t.includes("\uFFFD"))).toEqual([]);
      expect(read).toEqual(names.flatMap((n) => [n, `${n}地址`]));
    }
  });

  it("refuses a ZIP without a worksheet, and a cut-off workbook instead of waiting forever", async () => {
    const empty = h.file("empty.xlsx");
    await writeXlsx(empty, []);
    await expect(h.run({ file: empty })).rejects.toMatchObject({
      code: "REG_IMPORT_FORMAT_UNSUPPORTED",
      message: expect.stringContaining("no worksheet"),
    });
    const whole = h.file("whole.xlsx");
    await writeXlsx(whole, [{ name: "台账", rows: [[TITLE], [...FOOD_HEADER], row(1), row(2)] }]);
    const cut = h.file("cut.xlsx");
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    // inspectFile refuses it before reading; the reader on its own finds no central directory.
    await expect(
      (async () => {
        for await (const r of xlsxRows(cut)) void r;
      })(),
    ).rejects.toMatchObject({
      code: "REG_IMPORT_FILE_UNREADABLE",
      message: expect.stringContaining("cut off"),
    });
  });
});
