// kill -9 in the middle of an import, then the same import again: exactly one licence per good row, no gaps, no
// duplicates, an intact audit chain. The import runs as the real CLI in a child process.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/audit/verify-audit.js";
import type { LicenceRecord } from "../../src/domain/licence.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import {
  FOOD,
  FOOD_HEADER,
  MARKET,
  TITLE,
  goodFoodRow,
  rowCells,
  toCsv,
  writeRegister,
} from "./register-fixtures.js";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scripts/elicence.mjs");
const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 3000;

/** 3,000 data rows: every 97th invalid, every 250th a copy of the row 50 above it; the rest good. */
function register(): { csv: string; good: Map<string, number> } {
  const lines: string[][] = [[TITLE], [...FOOD_HEADER]];
  const good = new Map<string, number>();
  for (let i = 1; i <= ROWS; i++) {
    const row = lines.length + 1;
    if (i % 97 === 0) lines.push(rowCells({ ...goodFoodRow(i), 主体业态: "小卖部" }));
    else if (i % 250 === 0) lines.push(rowCells(goodFoodRow(i - 50)));
    else {
      const r = goodFoodRow(i);
      lines.push(rowCells(r));
      good.set(r.许可证编号, row);
    }
  }
  return { csv: toCsv(lines), good };
}

function startImport(file: string, dataDir: string, batchSize: number) {
  const child = spawn(
    process.execPath,
    [
      CLI,
      "import",
      file,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--batch-size",
      String(batchSize),
      "--json",
      // The rows are what is tested here; sealing their PDFs afterwards is tested in cli-import.test.ts.
      "--no-seal",
    ],
    {
      env: { ...process.env, ELICENCE_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

function countLicences(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT count(*) FROM licences").pluck().get() as number;
  } finally {
    db.close();
  }
}

describe("crash and resume", () => {
  it("leaves exactly one licence per good row after kill -9 mid-import and a re-run", async () => {
    const { csv, good } = register();
    const file = path.join(dir, "register.csv");
    writeRegister(file, csv, "gbk");
    const dataDir = path.join(dir, "data");
    const dbPath = path.join(dataDir, "registry.sqlite");

    // Small batches make the first run slow enough to be caught half-way.
    const first = startImport(file, dataDir, 20);
    let seen = 0;
    const deadline = Date.now() + 60_000;
    while (seen === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
      if (!existsSync(dbPath)) continue;
      try {
        seen = countLicences(dbPath);
      } catch {
        // The schema is still being created, or the file is locked for a moment.
      }
    }
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    const stored = countLicences(dbPath);
    expect(stored).toBeGreaterThan(0);
    expect(stored, "the first run finished before it was killed; nothing was tested").toBeLessThan(good.size);

    const second = await startImport(file, dataDir, 500).exited;
    expect(second.code, second.stderr).toBe(1); // the invalid rows and in-file duplicates are still there
    const summary = JSON.parse(second.stdout);
    expect(summary.counts).toEqual({
      rows: ROWS,
      blank: 0,
      invalid: Math.floor(ROWS / 97),
      duplicates: ROWS / 250, // no multiple of 250, nor the row 50 above it, is a multiple of 97
      conflicts: 0,
      alreadyImported: stored,
      imported: good.size - stored,
    });

    const store = openSqliteStore(dbPath);
    try {
      const records = (store.db.prepare("SELECT record FROM licences").pluck().all() as string[]).map(
        (r) => JSON.parse(r) as LicenceRecord,
      );
      expect(records).toHaveLength(good.size);
      const rowsByPaper = new Map(
        records.map((r) =>
          r.provenance.kind === "paper" ? [r.provenance.paperNumber, r.provenance.sourceRow] : ["", 0],
        ),
      );
      expect(rowsByPaper.size).toBe(good.size);
      expect(rowsByPaper).toEqual(good);
      const issued = store.db
        .prepare("SELECT count(*) FROM audit_events WHERE action = 'licence.issue'")
        .pluck()
        .get();
      expect(issued).toBe(good.size);
      expect((await verifyAuditChain(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
