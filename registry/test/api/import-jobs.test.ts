// Bulk conversion over HTTP: upload (CSV or XLSX, told apart by content) → 202 job id → progress → report as CSV or
// XLSX; one job at a time per department, visible only to that department's issuers; re-uploading a file imports
// only what is missing; every job audited.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auth, DEPTS, startHarness, TYPES, type Harness } from "../support/harness.js";
import {
  FOOD_HEADER,
  goodFoodRow,
  goodRegister,
  rowCells,
  TITLE,
  toCsv,
} from "../import/register-fixtures.js";
import { writeXlsxRegister } from "../import/xlsx-fixtures.js";
import { PROBLEMS_SHEET, SUMMARY_SHEET } from "../../src/conversion/xlsx-report-writer.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function upload(
  csv: string | Buffer,
  fields: Record<string, string> = { typeCode: TYPES.food },
  key: string = h.key.issuer,
  fileName = "海丰县食品经营许可台账.csv",
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([csv]), fileName);
  return h.app.inject({ method: "POST", url: "/api/v1/imports", headers: auth(key), payload: form });
}

async function finished(jobId: string, key: string = h.key.issuer) {
  for (let i = 0; i < 400; i++) {
    const res = await h.app.inject({ method: "GET", url: `/api/v1/imports/${jobId}`, headers: auth(key) });
    expect(res.statusCode).toBe(200);
    const job = res.json();
    if (job.state === "done" || job.state === "failed") return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${jobId} did not finish`);
}

/** Five good rows, then a row with a bad credit code and no paper number. */
function registerWithProblems(): string {
  const bad = goodFoodRow(6);
  bad.统一社会信用代码 = "91441521MA55C7TBX";
  bad.许可证编号 = "";
  const lines = [[TITLE], [...FOOD_HEADER]];
  for (let i = 1; i <= 5; i++) lines.push(rowCells(goodFoodRow(i)));
  lines.push(rowCells(bad));
  return toCsv(lines);
}

describe("an import over HTTP", () => {
  it("runs in the background: 202 with a job id, then progress, then the CSV report; audited start and finish", async () => {
    const res = await upload(registerWithProblems());
    expect(res.statusCode).toBe(202);
    const { jobId, progress } = res.json();
    expect(jobId).toMatch(/^imp_[A-Za-z0-9_-]{22}$/);
    expect(res.headers.location).toBe(progress);

    const job = await finished(jobId);
    expect(job).toMatchObject({
      state: "done",
      typeCode: TYPES.food,
      typeName: "食品经营许可证",
      dryRun: false,
      fileName: "海丰县食品经营许可台账.csv",
      counts: { rows: 6, imported: 5, invalid: 1 },
      progress: { rowsRead: 6, stored: 5, percent: 100, etaSeconds: null },
      report: `/api/v1/imports/${jobId}/report`,
    });
    expect(job.progress.problems).toBeGreaterThanOrEqual(2);
    expect(job.fileSha256).toMatch(/^[0-9a-f]{64}$/);

    const report = await h.app.inject({ method: "GET", url: job.report, headers: auth(h.key.issuer) });
    expect(report.statusCode).toBe(200);
    expect(report.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(report.headers["content-disposition"]).toContain(
      encodeURIComponent("海丰县食品经营许可台账-report.csv"),
    );
    const lines = report.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toMatch(/^行号 Row,列 Column,表头 Header,代码 Code/);
    // Row 8 of the file (title, header, five good rows): both its problems, each with its column.
    expect(lines.filter((l) => l.startsWith("8,")).map((l) => l.split(",").slice(0, 4))).toEqual(
      expect.arrayContaining([
        ["8", "C", "统一社会信用代码", expect.stringMatching(/^REG_/)],
        ["8", "I", "许可证编号", "REG_IMPORT_PAPER_NUMBER_REQUIRED"],
      ]),
    );
    expect(report.body).toContain("文件 File,海丰县食品经营许可台账.csv");
    expect(report.body).not.toContain("register.upload");

    const stored = await h.store.listLicences({ limit: 100, typeCode: TYPES.food });
    expect(stored.items).toHaveLength(5);
    const key = (await h.store.listKeys()).find((k) => k.role === "issuer" && k.department === DEPTS.market);
    expect(stored.items[0]?.provenance).toMatchObject({
      kind: "paper",
      operator: key?.id,
      sourceFileSha256: job.fileSha256,
    });

    // The stored licences get their sealed PDFs in the background: the job says how many of the department's wait.
    expect(job.sealing).toEqual({ waiting: 5 });
    const first = stored.items[0]!;
    const sealed = await h.store.apply({
      updateLicences: [
        {
          record: { ...first, documentSha256: "ab".repeat(32), revision: first.revision + 1 },
          expectedRevision: first.revision,
        },
      ],
      audit: [],
    });
    expect(sealed.ok).toBe(true);
    const later = await h.app.inject({
      method: "GET",
      url: `/api/v1/imports/${jobId}`,
      headers: auth(h.key.issuer),
    });
    expect(later.json().sealing).toEqual({ waiting: 4 });

    const events = (await h.store.readAudit(0, 1000)).filter((e) => e.action.startsWith("import."));
    expect(events.map((e) => [e.action, e.target, e.department])).toEqual([
      ["import.start", jobId, DEPTS.market],
      ["import.finish", jobId, DEPTS.market],
    ]);
    expect(events[1]?.detail).toMatchObject({ state: "done", counts: { imported: 5 } });
  });

  it("imports only what is missing when the same file is uploaded again (jobs do not survive a restart)", async () => {
    const csv = goodRegister(4);
    const first = await finished((await upload(csv)).json().jobId);
    expect(first.counts).toMatchObject({ imported: 4, alreadyImported: 0 });
    const second = await finished((await upload(csv)).json().jobId);
    expect(second.counts).toMatchObject({ imported: 0, alreadyImported: 4 });
    expect((await h.store.listLicences({ limit: 100 })).items).toHaveLength(4);
  });

  it("stores nothing on a dry run, and reports a register it cannot read as a failed job with a report", async () => {
    const dry = await finished(
      (await upload(goodRegister(3), { typeCode: TYPES.food, dryRun: "true" })).json().jobId,
    );
    expect(dry).toMatchObject({ state: "done", dryRun: true, counts: { imported: 3 } });
    expect(dry.sealing).toBeUndefined();
    expect((await h.store.listLicences({ limit: 100 })).items).toHaveLength(0);

    const failed = await finished((await upload("name,colour\nfoo,blue\n")).json().jobId);
    expect(failed).toMatchObject({ state: "failed", error: { code: "REG_IMPORT_HEADER_NOT_FOUND" } });
    const report = await h.app.inject({ method: "GET", url: failed.report, headers: auth(h.key.issuer) });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain("REG_IMPORT_HEADER_NOT_FOUND");
    const xlsx = await h.app.inject({
      method: "GET",
      url: failed.reports.xlsx,
      headers: auth(h.key.issuer),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet(SUMMARY_SHEET)!.getRow(1).getCell(2).value).toMatch(
      /^REG_IMPORT_HEADER_NOT_FOUND: /,
    );
    const finish = (await h.store.readAudit(0, 1000)).filter((e) => e.action === "import.finish").at(-1);
    expect(finish?.detail).toMatchObject({ state: "failed", error: "REG_IMPORT_HEADER_NOT_FOUND" });
  });

  it("runs one job at a time per department; a queued job has no report yet", async () => {
    // A clock that moves on every reading, so that start and end times show the order the jobs ran in.
    let tick = h.clock.now.getTime();
    Object.defineProperty(h.clock, "now", { get: () => new Date((tick += 1)), configurable: true });
    const a = (await upload(goodRegister(1500, 1))).json().jobId;
    const b = (await upload(goodRegister(30, 2000))).json().jobId;
    const other = (await upload(goodRegister(5, 1), { typeCode: TYPES.road }, h.key.transportIssuer)).json();
    // The first job takes a while; the second waits for it.
    const queued = (
      await h.app.inject({ method: "GET", url: `/api/v1/imports/${b}`, headers: auth(h.key.issuer) })
    ).json();
    expect(queued).toMatchObject({
      state: "queued",
      startedAt: null,
      report: null,
      progress: { percent: null },
    });
    const pending = await h.app.inject({
      method: "GET",
      url: `/api/v1/imports/${b}/report`,
      headers: auth(h.key.issuer),
    });
    expect([pending.statusCode, pending.json().code]).toEqual([409, "REG_IMPORT_REPORT_PENDING"]);
    const [ja, jb] = [await finished(a), await finished(b)];
    expect([ja.state, jb.state]).toEqual(["done", "done"]);
    expect(Date.parse(jb.startedAt)).toBeGreaterThan(Date.parse(ja.finishedAt));
    // Another department's job did not wait for them (it is refused for its content, but it ran).
    const jo = await finished(other.jobId, h.key.transportIssuer);
    expect(Date.parse(jo.startedAt)).toBeLessThan(Date.parse(ja.finishedAt));
    expect(jb.counts.imported).toBe(30);
    expect(ja.counts.imported).toBe(1500);
  });
});

describe("an XLSX register over HTTP", () => {
  it("is recognised by its content whatever its name, and its report comes as XLSX or CSV", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "import-jobs-xlsx-"));
    try {
      const bad = goodFoodRow(6);
      bad.许可证编号 = "";
      const file = path.join(dir, "register.xlsx");
      await writeXlsxRegister(file, [
        [TITLE],
        [...FOOD_HEADER],
        ...[1, 2, 3].map((i) => rowCells(goodFoodRow(i))),
        rowCells(bad),
      ]);
      // Sent under a .csv name: the bytes say it is a workbook.
      const res = await upload(readFileSync(file), { typeCode: TYPES.food }, h.key.issuer, "台账.csv");
      expect(res.statusCode).toBe(202);
      const job = await finished(res.json().jobId);
      expect(job).toMatchObject({
        state: "done",
        counts: { rows: 4, imported: 3, invalid: 1 },
        reports: {
          csv: `/api/v1/imports/${job.jobId}/report?format=csv`,
          xlsx: `/api/v1/imports/${job.jobId}/report?format=xlsx`,
        },
      });

      const xlsx = await h.app.inject({ method: "GET", url: job.reports.xlsx, headers: auth(h.key.issuer) });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers["content-type"]).toBe(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      expect(xlsx.headers["content-disposition"]).toContain(encodeURIComponent("台账-report.xlsx"));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual([PROBLEMS_SHEET, SUMMARY_SHEET]);
      expect((workbook.getWorksheet(PROBLEMS_SHEET)!.getRow(2).values as unknown[]).slice(1, 5)).toEqual([
        6,
        "I",
        "许可证编号",
        "REG_IMPORT_PAPER_NUMBER_REQUIRED",
      ]);
      const summary = new Map<unknown, unknown>();
      workbook
        .getWorksheet(SUMMARY_SHEET)!
        .eachRow((r) => summary.set(r.getCell(1).value, r.getCell(2).value));
      expect(summary.get("文件 File")).toBe("台账.csv");
      expect(summary.get("编码 Encoding")).toBe("xlsx");

      const csv = await h.app.inject({ method: "GET", url: job.reports.csv, headers: auth(h.key.issuer) });
      expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(csv.body).toContain("6,I,许可证编号,REG_IMPORT_PAPER_NUMBER_REQUIRED");
      const pdf = await h.app.inject({
        method: "GET",
        url: `/api/v1/imports/${job.jobId}/report?format=pdf`,
        headers: auth(h.key.issuer),
      });
      expect(pdf.statusCode).toBe(400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("who sees an import", () => {
  it("only the department's own issuers: another department's issuer gets 404, as for an unknown job", async () => {
    const { jobId } = (await upload(goodRegister(2))).json();
    await finished(jobId);
    for (const url of [
      `/api/v1/imports/${jobId}`,
      `/api/v1/imports/${jobId}/report`,
      "/api/v1/imports/imp_unknown",
    ]) {
      const res = await h.app.inject({ method: "GET", url, headers: auth(h.key.transportIssuer) });
      expect([res.statusCode, res.json().code], url).toEqual([404, "REG_IMPORT_JOB_NOT_FOUND"]);
    }
    expect(
      (await h.app.inject({ method: "GET", url: `/api/v1/imports/${jobId}`, headers: auth(h.key.clerk) }))
        .statusCode,
    ).toBe(403);
  });
});

describe("a bad upload", () => {
  it("lists every problem at once and starts nothing", async () => {
    const form = new FormData();
    form.append("typeCode", "11100000MB0143028R099");
    form.append("dryRun", "perhaps");
    form.append("colour", "blue");
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: auth(h.key.issuer),
      payload: form,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual([
      ["colour", "REG_FIELD_UNKNOWN"],
      ["file", "REG_IMPORT_FILE_REQUIRED"],
      ["typeCode", "REG_LICENCE_TYPE_UNKNOWN"],
      ["dryRun", "REG_FIELD_FORMAT"],
    ]);
    const notMultipart = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: auth(h.key.issuer),
      payload: { typeCode: TYPES.food },
    });
    expect([notMultipart.statusCode, notMultipart.json().details[0].code]).toEqual([
      400,
      "REG_IMPORT_FILE_REQUIRED",
    ]);
    const otherDepartment = await upload(goodRegister(2), { typeCode: TYPES.food }, h.key.transportIssuer);
    expect(otherDepartment.statusCode).toBe(422);
    expect(otherDepartment.json().details).toEqual([
      expect.objectContaining({ field: "typeCode", code: "REG_DEPARTMENT_NOT_AUTHORISED" }),
    ]);
    const empty = await upload("");
    expect(empty.json().details).toEqual([
      expect.objectContaining({ field: "file", code: "REG_IMPORT_FILE_REQUIRED" }),
    ]);
    expect((await h.store.readAudit(0, 1000)).filter((e) => e.action.startsWith("import."))).toEqual([]);
  });
});
