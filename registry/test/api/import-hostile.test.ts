// A hostile XLSX uploaded for import over HTTP (issue 11): accepted as a job like any file, the job fails with the
// named code and its message, nothing is stored, the failure is audited, and no spilled strings stay in the job's
// folder. The limits reach the import from the registry's configuration (here a small shared-string count).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, DEPTS, startHarness, TYPES, type Harness } from "../support/harness.js";
import { hostile, writeHostileZip, type HostilePart } from "../import/hostile-xlsx.js";

let h: Harness;
const dir = mkdtempSync(path.join(os.tmpdir(), "import-hostile-"));
beforeAll(async () => {
  h = await startHarness({ limits: { xlsxSharedStrings: 1000 } });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importOf(name: string, parts: HostilePart[]) {
  const file = path.join(dir, `${name}.xlsx`);
  await writeHostileZip(file, parts);
  const form = new FormData();
  form.append("typeCode", TYPES.food);
  form.append("file", new Blob([readFileSync(file)]), `${name}.xlsx`);
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/imports",
    headers: auth(h.key.issuer),
    payload: form,
  });
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json<{ jobId: string }>();
  for (let i = 0; i < 2000; i++) {
    const poll = await h.app.inject({
      method: "GET",
      url: `/api/v1/imports/${jobId}`,
      headers: auth(h.key.issuer),
    });
    const job = poll.json<{ state: string; error: { code: string; message: string } | null }>();
    if (job.state === "failed" || job.state === "done") {
      const folder = h.imports.get(jobId, DEPTS.market)!.dir;
      const left = existsSync(folder)
        ? readdirSync(folder).filter((f) => f.startsWith("elicence-strings-"))
        : [];
      return { jobId, job, left };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${name} did not finish`);
}

describe("hostile XLSX imported over HTTP", () => {
  it("a ZIP bomb hiding its size: the job fails with REG_IMPORT_XLSX_COMPRESSION_RATIO, audited, nothing stored", async () => {
    const { jobId, job, left } = await importOf("bomb", hostile.bomb(256 << 20, true));
    expect(job.state).toBe("failed");
    expect(job.error?.code).toBe("REG_IMPORT_XLSX_COMPRESSION_RATIO");
    expect(job.error?.message).toMatch(/ZIP bomb/u);
    expect(left).toEqual([]);
    const finish = (await h.store.readAudit(0, 1000)).filter(
      (e) => e.action === "import.finish" && e.target === jobId,
    );
    expect(finish[0]?.detail).toMatchObject({ state: "failed", error: "REG_IMPORT_XLSX_COMPRESSION_RATIO" });
    expect((await h.store.listLicences({ limit: 10 })).items).toHaveLength(0);
  });

  it("more shared strings than the configured limit: REG_IMPORT_XLSX_TOO_MANY_STRINGS, the spill file gone", async () => {
    const { job, left } = await importOf("strings", hostile.manyStrings(1001));
    expect(job.state).toBe("failed");
    expect(job.error?.code).toBe("REG_IMPORT_XLSX_TOO_MANY_STRINGS");
    expect(job.error?.message).toMatch(/more than 1,000 shared strings/u);
    expect(left).toEqual([]);
  });
});
