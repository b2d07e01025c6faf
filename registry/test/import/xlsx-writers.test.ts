// Registers as real offices produce them: one register written by openpyxl (absolute relationship targets, as pandas
// writes too), LibreOffice (converted from the CSV), exceljs, and by hand the way WPS and Excel vary their files. Each
// workbook must store the same licences, from the same sheet rows, as the equivalent CSV.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDateCell } from "../../src/conversion/cell-values.js";
import { startImportHarness } from "./import-harness.js";
import { FOOD_HEADER, TITLE, goodFoodRow, toCsv, writeRegister } from "./register-fixtures.js";
import { writeOoxml, type OoxmlVariant, type PlainCell } from "./ooxml-fixtures.js";
import { writeXlsx } from "./xlsx-fixtures.js";
import { hasTool, toolsAvailable } from "../../../test-support/tools.js";
import type { LicenceRecord } from "../../src/domain/licence.js";

const col = (h: (typeof FOOD_HEADER)[number]) => FOOD_HEADER.indexOf(h);
const DATE_COLUMNS = [col("发证日期"), col("有效期至")];
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/u;
const isoOf = (text: string) => {
  const d = parseDateCell(text);
  if (!d.ok || !("date" in d)) throw new Error(`not a date: ${text}`);
  return d.date;
};

/** Title, header, good rows with an empty row among them (row 6) and one at the end, as typed in a sheet. */
function register(): PlainCell[][] {
  const rows: PlainCell[][] = [[TITLE], [...FOOD_HEADER]];
  for (let i = 1; i <= 8; i++) {
    if (i === 4) rows.push([]);
    const r = goodFoodRow(i);
    const cells: PlainCell[] = FOOD_HEADER.map((h) => r[h]);
    cells[col("序号")] = i;
    cells[col("投诉举报电话")] = 12315;
    cells[col("发证日期")] = isoOf(r.发证日期);
    if (i % 2 === 0) cells[col("有效期至")] = `${2024 + (i % 3)}-0${i % 9 || 1}-15`;
    // A value that looks like a number but is text in every writer: the number must not lose its leading zero.
    cells[col("备注")] = i === 5 ? "0012" : "";
    rows.push(cells);
  }
  rows.push([]);
  return rows;
}

const csvOf = (rows: PlainCell[][]) => toCsv(rows.map((r) => r.map(String)));

/** What a workbook and its CSV must agree on: everything a licence holds from the register, and the sheet row. */
function stored(licences: LicenceRecord[]) {
  return licences.map((l) => ({
    holder: l.holder,
    fields: l.fields,
    issuedOn: l.issuedOn,
    validUntil: l.validUntil,
    row: l.provenance.kind === "paper" ? l.provenance.sourceRow : null,
  }));
}

async function importFile(file: string) {
  const h = await startImportHarness();
  try {
    const { summary, problems } = await h.run({ file });
    return { summary, problems, licences: stored(h.licences()) };
  } finally {
    await h.close();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-writers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

let expected: Awaited<ReturnType<typeof importFile>>;
beforeAll(async () => {
  writeRegister(file("register.csv"), csvOf(register()), "utf-8-bom");
  expected = await importFile(file("register.csv"));
  expect(expected.problems).toEqual([]);
  expect(expected.licences).toHaveLength(8);
});

async function expectSameAsCsv(workbook: string): Promise<void> {
  const got = await importFile(workbook);
  expect(got.problems).toEqual([]);
  expect(got.summary).toMatchObject({ format: "xlsx", headerRow: 2 });
  expect(got.summary.counts).toMatchObject({ rows: expected.summary.counts.rows, imported: 8 });
  expect(got.licences).toEqual(expected.licences);
}

const BASE: OoxmlVariant = { strings: "shared", dates: "builtin", numbers: "number", targets: "relative" };

const VARIANTS: [string, Partial<OoxmlVariant>][] = [
  ["Excel: shared strings, day numbers with the built-in date style", {}],
  [
    "WPS: inline strings, a custom 年月日 date style, numbers stored as text",
    { strings: "inline", dates: "custom", numbers: "text" },
  ],
  ['formula results (t="str") and dates as text', { strings: "formula", dates: "text" }],
  [
    "absolute targets, a sheet not named sheet1, a hidden list sheet first and a notes sheet after",
    { targets: "absolute", sheetPart: "xl/worksheets/台账数据.xml", extraSheets: true },
  ],
  [
    "targets with ../, the workbook part outside xl/",
    { targets: "dotdot", workbookPart: "book/main.xml", sheetPart: "book/sheets/register.xml" },
  ],
  ["x: namespace prefixes on every SpreadsheetML element", { prefix: "x", extraSheets: true }],
  ["rows and cells without their r attribute", { noAddresses: true, prefix: "x" }],
  ["phonetic guides (<rPh>) in shared strings", { phonetic: true }],
  ["rich text runs and phonetic guides in shared strings", { runs: true, phonetic: true }],
  [
    "rich text runs and phonetic guides, in inline strings",
    { strings: "inline", runs: true, phonetic: true, prefix: "x" },
  ],
  ["Strict Open XML namespaces and relationship types", { strict: true, prefix: "x" }],
  ['ISO 8601 date cells (t="d"), as some writers store dates', { dates: "iso" }],
  [
    "a byte order mark before every part, no dimension, stored (not deflated)",
    { bom: true, dimension: false, stored: true },
  ],
  [
    "empty rows kept as <row/>, the title merged across the header",
    { emptyRowsKept: true, merged: ["A1:O1"] },
  ],
  [
    "everything at once",
    {
      strings: "inline",
      dates: "custom",
      numbers: "text",
      targets: "absolute",
      prefix: "x",
      bom: true,
      dimension: false,
      extraSheets: true,
      emptyRowsKept: true,
      merged: ["A1:O1", "O3:O4"],
      sheetPart: "xl/worksheets/Sheet 2.xml",
    },
  ],
];

describe("workbooks as WPS and Excel vary them, made by hand", () => {
  it.each(VARIANTS)("%s: the same licences as the CSV", async (_name, change) => {
    const variant = { ...BASE, ...change };
    const target = file(`variant-${VARIANTS.findIndex(([, c]) => c === change)}.xlsx`);
    writeOoxml(target, register(), variant, DATE_COLUMNS);
    await expectSameAsCsv(target);
  });

  it("an empty column A before the register: the same licences", async () => {
    const target = file("shifted.xlsx");
    writeOoxml(
      target,
      register().map((r) => (r.length > 0 ? ["", ...r] : r)),
      BASE,
      DATE_COLUMNS.map((c) => c + 1),
    );
    await expectSameAsCsv(target);
  });
});

describe("workbooks from real writers", () => {
  it("exceljs: typed cells, a hidden list sheet first", async () => {
    const target = file("exceljs.xlsx");
    const rows = register().map((r) =>
      r.map((v, c) =>
        DATE_COLUMNS.includes(c) && typeof v === "string" && ISO_DAY.test(v)
          ? new Date(`${v}T00:00:00Z`)
          : v === ""
            ? undefined
            : v,
      ),
    );
    await writeXlsx(target, [
      { name: "字典", state: "hidden", rows: [["餐饮服务经营者"]] },
      { name: "台账", rows, dateColumns: DATE_COLUMNS.map((c) => c + 1) },
    ]);
    await expectSameAsCsv(target);
  });

  // Debian's python3 (pyenv's may lack the package).
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const hasOpenpyxl = (() => {
    try {
      execFileSync(python, ["-c", "import openpyxl"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  if (!hasOpenpyxl) {
    const msg =
      "openpyxl workbooks: skipped because python3-openpyxl is not installed (apt-get install python3-openpyxl)";
    if (process.env.ELICENCE_REQUIRE_TOOLS === "1") throw new Error(msg.replace("skipped", "cannot run"));
    console.warn(msg);
  }
  it.runIf(hasOpenpyxl)(
    "openpyxl (as pandas writes too): absolute relationship targets, date cells",
    async () => {
      const target = file("openpyxl.xlsx");
      const script = `
import sys, json, re, datetime, openpyxl
spec = json.load(sys.stdin)
wb = openpyxl.Workbook()
lists = wb.active
lists.title = "字典"
lists.append(["餐饮服务经营者"])
lists.sheet_state = "hidden"
ws = wb.create_sheet("台账")
wb.active = 1
for r, cells in enumerate(spec["rows"], start=1):
    for c, v in enumerate(cells, start=1):
        if v == "":
            continue
        day = c - 1 in spec["dateColumns"] and re.fullmatch(r"\\d{4}-\\d{2}-\\d{2}", str(v))
        if day:
            v = datetime.datetime.strptime(v, "%Y-%m-%d")
        cell = ws.cell(row=r, column=c, value=v)
        if day:
            cell.number_format = "yyyy-mm-dd"
ws.merge_cells("A1:O1")
wb.save(spec["path"])
`;
      execFileSync(python, ["-c", script], {
        input: JSON.stringify({ path: target, rows: register(), dateColumns: DATE_COLUMNS }),
        timeout: 60_000,
      });
      await expectSameAsCsv(target);
    },
  );

  const hasSoffice = hasTool("soffice") || toolsAvailable("LibreOffice workbooks", "soffice");
  it.runIf(hasSoffice)(
    "LibreOffice: the CSV converted headless (credit code and paper number columns as text, as an office sets them)",
    async () => {
      const csv = file("lo-register.csv");
      writeRegister(csv, csvOf(register()), "utf-8");
      // A profile of its own: another LibreOffice running on the machine must not be joined or disturbed.
      execFileSync(
        "soffice",
        [
          `-env:UserInstallation=file://${file("lo-profile")}`,
          "--headless",
          // Comma, double quote, UTF-8 (76), from line 1; columns 3 and 9 as text (2).
          "--infilter=CSV:44,34,76,1,3/2/9/2",
          "--convert-to",
          "xlsx",
          "--outdir",
          dir,
          csv,
        ],
        { stdio: "ignore", timeout: 120_000 },
      );
      await expectSameAsCsv(file("lo-register.xlsx"));
    },
    150_000,
  );
});
