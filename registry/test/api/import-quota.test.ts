// Import uploads are bounded together (ELICENCE_IMPORT_QUOTA): an upload that would take the registers waiting or
// running past it is refused with 507 REG_IMPORT_QUOTA_EXCEEDED and not kept; an ended job's upload stops counting,
// and the janitor's pass removes it after its retention while the reports stay downloadable.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { goodRegister } from "../import/register-fixtures.js";
import type { ImportDeps } from "../../src/conversion/index.js";
import { ImportJobs } from "../../src/conversion/jobs/import-jobs.js";

let h: Harness;
const register = goodRegister(3);
const size = Buffer.byteLength(register);

afterEach(async () => {
  await h.close();
});

function upload(body: string) {
  const form = new FormData();
  form.append("typeCode", TYPES.food);
  form.append("file", new Blob([body]), "register.csv");
  return h.app.inject({ method: "POST", url: "/api/v1/imports", headers: auth(h.key.issuer), payload: form });
}

async function finished(jobId: string) {
  for (let i = 0; i < 400; i++) {
    const job = (
      await h.app.inject({ method: "GET", url: `/api/v1/imports/${jobId}`, headers: auth(h.key.issuer) })
    ).json();
    if (job.state === "done" || job.state === "failed") return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${jobId} did not finish`);
}

describe("the import upload quota", () => {
  beforeEach(async () => {
    h = await startHarness({ limits: { importQuotaBytes: size + 100 } });
  });

  it("refuses an upload past the quota with 507 REG_IMPORT_QUOTA_EXCEEDED, keeps nothing of it, and frees the quota", async () => {
    const big = await upload(register + register);
    expect(big.statusCode, big.body).toBe(507);
    expect(big.json()).toMatchObject({ code: "REG_IMPORT_QUOTA_EXCEEDED", details: [] });
    expect(big.json().message).toMatch(/ELICENCE_IMPORT_QUOTA/);
    expect(h.imports.pendingBytes()).toBe(0);
    const probe = h.imports.prepare();
    const kept = readdirSync(path.dirname(probe.dir)).filter((n) => n !== path.basename(probe.dir));
    h.imports.discard(probe);
    expect(kept).toEqual([]);

    // Within the quota: accepted, counted while it waits or runs, released when it ends.
    const ok = await upload(register);
    expect(ok.statusCode, ok.body).toBe(202);
    expect((await finished(ok.json().jobId)).state).toBe("done");
    expect(h.imports.pendingBytes()).toBe(0);
    const again = await upload(register);
    expect(again.statusCode, again.body).toBe(202);
    await finished(again.json().jobId);
  });

  it("removes an ended job's upload after its retention on the janitor's pass, keeping the reports", async () => {
    const res = await upload(register);
    const job = await finished(res.json().jobId);
    const report = () => h.app.inject({ method: "GET", url: job.report, headers: auth(h.key.issuer) });
    expect(h.imports.sweep()).toEqual({ uploads: 0, bytes: 0 }); // just ended: kept

    h.clock.now = new Date(h.clock.now.getTime() + 2 * 3600_000);
    expect(h.imports.sweep()).toEqual({ uploads: 1, bytes: size });
    expect((await report()).statusCode).toBe(200);
    expect(h.imports.sweep()).toEqual({ uploads: 0, bytes: 0 });
  });
});

describe("ImportJobs.admit", () => {
  it("counts uploads arriving together against the quota, and a discarded one no longer", async () => {
    const jobs = new ImportJobs({} as ImportDeps, { clock: () => new Date(), quotaBytes: 1000 });
    try {
      const a = jobs.prepare();
      const b = jobs.prepare();
      expect(jobs.admit(a, 600)).toBe(true);
      expect(jobs.admit(b, 300)).toBe(true);
      expect(jobs.admit(b, 101)).toBe(false); // 1001 together
      expect(jobs.pendingBytes()).toBe(900);
      jobs.discard(a);
      expect(jobs.pendingBytes()).toBe(300);
      expect(jobs.admit(b, 700)).toBe(true);
      expect(existsSync(a.dir)).toBe(false);
      expect(readdirSync(path.dirname(b.dir))).toEqual([path.basename(b.dir)]);
    } finally {
      await jobs.close();
    }
  });
});
