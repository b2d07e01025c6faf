// `elicence import` in-process: usage errors exit 2, a dry run stores nothing and writes the report, bad rows make exit
// code 1 with the first problems on stderr; an XLSX register with an XLSX report; the stored licences sealed after
// the rows, through a pool of sealing workers.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import { PROBLEMS_SHEET } from "../../src/conversion/xlsx-report-writer.js";
import {
  FOOD,
  FOOD_HEADER,
  MARKET,
  goodFoodRow,
  goodRegister,
  rowCells,
  TITLE,
  toCsv,
  writeRegister,
} from "./register-fixtures.js";
import { writeXlsxRegister } from "./xlsx-fixtures.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-cli-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  return cliIn(path.join(dir, "data"), ...args);
}

async function cliIn(dataDir: string, ...args: string[]) {
  const log: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    { log: (s) => log.push(s), err: (s) => err.push(s) },
    { ELICENCE_DATA_DIR: dataDir },
  );
  return { code, log: log.join("\n"), err: err.join("\n") };
}

describe("elicence import", () => {
  it("exits 2 on bad usage or a missing file", async () => {
    expect((await cli("import", "--type", FOOD)).code).toBe(2);
    const file = path.join(dir, "r.csv");
    writeRegister(file, goodRegister(2));
    expect(
      (await cli("import", file, "--type", FOOD, "--department", MARKET, "--seal-threads", "0")).code,
    ).toBe(2);
    const missing = await cli("import", path.join(dir, "nope.csv"), "--type", FOOD, "--department", MARKET);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("REG_IMPORT_FILE_UNREADABLE") });
  });

  it("dry-runs with a report and stores nothing, then imports, exiting 1 for a bad row", async () => {
    const file = path.join(dir, "register.csv");
    writeRegister(
      file,
      toCsv([
        [...FOOD_HEADER],
        rowCells(goodFoodRow(1)),
        rowCells({ ...goodFoodRow(2), 主体业态: "小卖部" }),
      ]),
      "utf-8-bom",
    );
    const report = path.join(dir, "report.csv");
    const dry = await cli(
      "import",
      file,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--dry-run",
      "--report",
      report,
      "--json",
    );
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.log)).toMatchObject({
      dryRun: true,
      encoding: "utf-8-bom",
      counts: { imported: 1, invalid: 1 },
    });
    expect(readFileSync(report, "utf8")).toContain("3,G,主体业态,REG_FIELD_ENUM");

    const real = await cli(
      "import",
      file,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--operator",
      "zhangwei",
      "--no-seal",
    );
    expect(real.code).toBe(1);
    expect(real.err).toContain("row 3 [G 主体业态]: REG_FIELD_ENUM");
    expect(real.log).toMatch(/2 rows: imported 1, already imported 0, invalid 1/);
    expect(real.log).not.toContain("sealed");
    const again = await cli("import", file, "--type", FOOD, "--department", MARKET, "--json", "--no-seal");
    expect(JSON.parse(again.log).counts).toMatchObject({ imported: 0, alreadyImported: 1 });
    expect(existsSync(path.join(dir, "data", "registry.sqlite"))).toBe(true);
  });

  it("imports an XLSX register and writes the report as XLSX, chosen by the report's name", async () => {
    const file = path.join(dir, "register.xlsx");
    await writeXlsxRegister(file, [
      [TITLE],
      [...FOOD_HEADER],
      rowCells(goodFoodRow(31)),
      rowCells({ ...goodFoodRow(32), 主体业态: "小卖部" }),
    ]);
    const report = path.join(dir, "report.xlsx");
    const r = await cli(
      "import",
      file,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--report",
      report,
      "--no-seal",
    );
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/from .*register\.xlsx \(xlsx,/);
    expect(r.log).toMatch(/2 rows: imported 1, already imported 0, invalid 1/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(report);
    const line = (workbook.getWorksheet(PROBLEMS_SHEET)!.getRow(2).values as unknown[]).slice(1, 5);
    expect(line).toEqual([4, "G", "主体业态", "REG_FIELD_ENUM"]);
  });

  it("seals the stored licences after the rows, with a pool of sealing workers, and says how fast", async () => {
    const data = path.join(dir, "sealing-data");
    const file = path.join(dir, "to-seal.csv");
    writeRegister(file, goodRegister(3, 51));
    const r = await cliIn(
      data,
      "import",
      file,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--seal-threads",
      "1",
      "--json",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.log);
    expect(out.counts).toMatchObject({ imported: 3 });
    expect(out.sealing).toMatchObject({ sealed: 3, threads: 1, kind: "pool", cancelled: false, error: null });
    const store = openSqliteStore(path.join(data, "registry.sqlite"));
    try {
      expect(await store.findUnsealed(10)).toEqual([]);
      const page = await store.listLicences({ limit: 10 });
      const hashes = page.items.map((l) => l.documentSha256);
      expect(hashes.every((h) => /^[0-9a-f]{64}$/u.test(h ?? ""))).toBe(true);
      const stored = readdirSync(path.join(data, "documents"), { recursive: true }).filter((f) =>
        String(f).endsWith(".pdf"),
      );
      expect(stored.map((f) => path.basename(String(f), ".pdf")).sort()).toEqual([...hashes].sort());
      const seals = (await store.readAudit(0, 1000)).filter((e) => e.action === "licence.seal");
      expect(seals).toHaveLength(3);
    } finally {
      await store.close();
    }
    // A re-run stores nothing and finds nothing to seal.
    const again = await cliIn(data, "import", file, "--type", FOOD, "--department", MARKET, "--json");
    expect(JSON.parse(again.log)).not.toHaveProperty("sealing");
  }, 120_000);
});
