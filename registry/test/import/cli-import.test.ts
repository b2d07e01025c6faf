// `elicence import` in-process: usage errors and refused report formats exit 2, a dry run stores nothing and writes
// the report, bad rows make exit code 1 with the first problems on stderr.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.js";
import {
  FOOD,
  FOOD_HEADER,
  MARKET,
  goodFoodRow,
  goodRegister,
  rowCells,
  toCsv,
  writeRegister,
} from "./register-fixtures.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-cli-import-"));
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

describe("elicence import", () => {
  it("exits 2 on bad usage, a missing file or an XLSX report", async () => {
    expect((await cli("import", "--type", FOOD)).code).toBe(2);
    const missing = await cli("import", path.join(dir, "nope.csv"), "--type", FOOD, "--department", MARKET);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("REG_IMPORT_FILE_UNREADABLE") });
    const file = path.join(dir, "r.csv");
    writeRegister(file, goodRegister(2));
    const xlsx = await cli(
      "import",
      file,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--report",
      path.join(dir, "out.xlsx"),
    );
    expect(xlsx).toMatchObject({ code: 2, err: expect.stringContaining("REG_IMPORT_FORMAT_UNSUPPORTED") });
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
    expect(readFileSync(report, "utf8")).toContain("3,主体业态,REG_FIELD_ENUM");

    const real = await cli("import", file, "--type", FOOD, "--department", MARKET, "--operator", "zhangwei");
    expect(real.code).toBe(1);
    expect(real.err).toContain("row 3 [主体业态]: REG_FIELD_ENUM");
    expect(real.log).toMatch(/2 rows: imported 1, already imported 0, invalid 1/);
    const again = await cli("import", file, "--type", FOOD, "--department", MARKET, "--json");
    expect(JSON.parse(again.log).counts).toMatchObject({ imported: 0, alreadyImported: 1 });
    expect(existsSync(path.join(dir, "data", "registry.sqlite"))).toBe(true);
  });
});
