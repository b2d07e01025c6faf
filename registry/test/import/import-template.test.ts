// The register template of each licence type imports cleanly as it comes (dry run: the example row would be stored,
// with nothing to fix), as CSV (UTF-8 with BOM) and as XLSX; the XLSX carries a note per header, drop-down lists for
// the enumerations and text format for codes; the same files come from the CLI and the HTTP route.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.js";
import { loadCatalogue } from "../../src/catalogue/index.js";
import { templateColumns } from "../../src/conversion/import-template.js";
import {
  LISTS_SHEET,
  TEMPLATE_SHEET,
  templateCsv,
  templateXlsx,
} from "../../src/conversion/import-template-files.js";
import { startImportHarness, TEMPLATES, type ImportHarness } from "./import-harness.js";
import { FOOD, MARKET } from "./register-fixtures.js";
import { startHarness } from "../support/harness.js";

const catalogue = loadCatalogue(TEMPLATES);
const TYPES = catalogue.list().filter((t) => Object.keys(t.import?.columns ?? {}).length > 0);

let h: ImportHarness;
beforeEach(async () => {
  h = await startImportHarness();
});
afterEach(async () => {
  await h.close();
});

describe("the import template of every licence type", () => {
  it("covers every type with an import mapping", () => {
    expect(TYPES.map((t) => t.code)).toEqual(expect.arrayContaining([FOOD]));
    expect(TYPES.length).toBeGreaterThanOrEqual(4);
  });

  it.each(TYPES.map((t) => [t.code, t.name.zh] as const))(
    "%s %s: the CSV and the XLSX import cleanly (dry run)",
    async (code) => {
      const type = catalogue.get(code)!;
      const department = type.issuers[0]!.code;
      const csv = h.file("template.csv");
      writeFileSync(csv, templateCsv(type));
      expect(readFileSync(csv).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const xlsx = h.file("template.xlsx");
      writeFileSync(xlsx, await templateXlsx(type));
      for (const file of [csv, xlsx]) {
        const { summary, problems } = await h.run({ file, typeCode: code, department, dryRun: true });
        expect(problems, file).toEqual([]);
        expect(summary.counts, file).toMatchObject({ rows: 1, imported: 1, invalid: 0 });
        expect(summary.ignoredColumns, file).toEqual([]);
        expect(summary.headerRow).toBe(1);
      }
      expect(h.licences()).toEqual([]);
    },
  );

  it("XLSX: a note on each header, drop-down lists from a hidden sheet for enumerations, codes as text", async () => {
    const type = catalogue.get(FOOD)!;
    const columns = templateColumns(type);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateXlsx(type)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      [TEMPLATE_SHEET, "visible"],
      [LISTS_SHEET, "hidden"],
    ]);
    const sheet = wb.getWorksheet(TEMPLATE_SHEET)!;
    const col = (header: string) => columns.findIndex((c) => c.header === header) + 1;
    columns.forEach((c, i) => {
      const cell = sheet.getCell(1, i + 1);
      expect(cell.value).toBe(c.header);
      expect(typeof cell.note === "string" ? cell.note : JSON.stringify(cell.note)).toContain(
        c.note.slice(0, 10),
      );
    });
    const category = sheet.getCell(3, col("主体业态")).dataValidation;
    expect(category).toMatchObject({ type: "list", showErrorMessage: true });
    const range = /^选项!\$([A-Z]+)\$2:\$\1\$(\d+)$/u.exec(category.formulae[0] as string);
    expect(range).not.toBeNull();
    const lists = wb.getWorksheet(LISTS_SHEET)!;
    const values = Array.from(
      { length: Number(range![2]) - 1 },
      (_, i) => lists.getCell(`${range![1]}${i + 2}`).value,
    );
    expect(values).toEqual(["食品销售经营者", "餐饮服务经营者", "单位食堂"]);
    // A list column (several values joined with 、) offers the values but does not refuse combinations.
    const notes = sheet.getCell(3, col("主体业态标注")).dataValidation;
    expect(notes.type).toBe("list");
    expect(notes.showErrorMessage).not.toBe(true);
    expect(sheet.getCell(3, col("住所")).dataValidation).toBeUndefined();
    expect(sheet.getColumn(col("统一社会信用代码")).numFmt).toBe("@");
    expect(sheet.getColumn(col("许可证编号")).numFmt).toBe("@");
    expect(columns.find((c) => c.header === "有效期至")?.note).toContain("留空");
  });

  it("a type without an import mapping gets no template, and says why", () => {
    const type = catalogue.get(FOOD)!;
    expect(() => templateColumns({ ...type, import: { columns: {} } })).toThrow(
      expect.objectContaining({ code: "REG_IMPORT_NO_MAPPING" }),
    );
  });
});

describe("elicence import template", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-template-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  async function cli(...args: string[]) {
    const log: string[] = [];
    const err: string[] = [];
    const code = await main(
      args,
      { log: (s) => log.push(s), err: (s) => err.push(s) },
      { ELICENCE_DATA_DIR: path.join(dir, "data") },
    );
    return { code, log: log.join("\n"), err: err.join("\n") };
  }

  it("writes the CSV to stdout or a file, the XLSX to a file, without touching the data directory", async () => {
    const stdout = await cli("import", "template", "--type", FOOD);
    expect(stdout.code).toBe(0);
    expect(Buffer.from(`${stdout.log}\r\n`, "utf8")).toEqual(templateCsv(catalogue.get(FOOD)!));
    const out = path.join(dir, "food.xlsx");
    const written = await cli("import", "template", "--type", FOOD, "--xlsx", "--out", out);
    expect(written).toMatchObject({ code: 0, log: expect.stringContaining("14 columns") });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet(TEMPLATE_SHEET)!.getCell("A1").value).toBe("经营者名称");
    expect(readFileSync(path.join(dir, "food.xlsx")).length).toBeGreaterThan(1000);
    expect(() => readFileSync(path.join(dir, "data", "registry.sqlite"))).toThrow();
  });

  it("names each mistake with the template's usage, exit 2", async () => {
    const cases: [string[], string][] = [
      [["import", "template"], "--type CODE"],
      [["import", "template", "--type", "NOPE"], FOOD],
      [["import", "template", "--type", FOOD, "--xlsx"], "--out FILE.xlsx"],
      [["import", "template", "--type", FOOD, "--xlsx", "--out", path.join(dir, "x.csv")], "FILE.xlsx"],
      [["import", "template", "extra", "--type", FOOD], "takes no FILE"],
    ];
    for (const [args, text] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toContain(text);
      expect(r.err, args.join(" ")).toContain("usage: elicence import template");
    }
    const help = await cli("import", "template", "--help");
    expect(help).toMatchObject({ code: 0, log: expect.stringContaining("usage: elicence import template") });
  });

  it("a register file named template is imported when written as a path (./template)", async () => {
    const file = path.join(dir, "template");
    writeFileSync(file, templateCsv(catalogue.get(FOOD)!));
    const r = await cli("import", file, "--type", FOOD, "--department", MARKET, "--dry-run", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.log)).toMatchObject({ dryRun: true, counts: { imported: 1 } });
  });
});

describe("GET /api/v1/licence-types/{code}/import-template", () => {
  it("answers the CSV (default) and the XLSX as attachments, 404 for an unknown type, 400 for a bad format", async () => {
    const api = await startHarness();
    try {
      const type = catalogue.get(FOOD)!;
      const csv = await api.app.inject({
        method: "GET",
        url: `/api/v1/licence-types/${FOOD}/import-template`,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(csv.headers["content-disposition"]).toBe(`attachment; filename="${FOOD}-import-template.csv"`);
      expect(csv.rawPayload).toEqual(templateCsv(type));
      const xlsx = await api.app.inject({
        method: "GET",
        url: `/api/v1/licence-types/${FOOD}/import-template?format=xlsx`,
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.getWorksheet(TEMPLATE_SHEET)!.getCell("A2").value).toBe(type.exampleHolder!.name);
      expect(
        (await api.app.inject({ method: "GET", url: "/api/v1/licence-types/NOPE/import-template" }))
          .statusCode,
      ).toBe(404);
      const bad = await api.app.inject({
        method: "GET",
        url: `/api/v1/licence-types/${FOOD}/import-template?format=xls`,
      });
      expect(bad.statusCode).toBe(400);
    } finally {
      await api.close();
    }
  });
});
