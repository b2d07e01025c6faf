// A full disk and a read-only data directory, for real, on a small tmpfs (needs root; skipped with the reason
// otherwise, failed under ELICENCE_REQUIRE_TOOLS=1): each request that would write gets a named 503 (never a 500),
// /readyz answers 503 with the disk check down under the same code, reads keep working, and once space returns or the
// disk is writable again everything recovers without a restart: the disk check is ok, the refused request succeeds
// when retried, background sealing resumes, and nothing acknowledged before was lost.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { goodRegister } from "../import/register-fixtures.js";
import { diskProbe } from "../../src/health/disk-probe.js";
import { Janitor } from "../../src/maintenance/janitor.js";
import { storageFault } from "../../src/storage/storage-fault.js";
import { mountTmpfs, rootAvailable, type Tmpfs } from "../../../test-support/tmpfs.js";

const MiB = 1024 * 1024;
const root = rootAvailable("disk faults");

function issue(h: Harness, idempotencyKey: string, payload: unknown) {
  return h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": idempotencyKey }),
    payload: payload as Record<string, unknown>,
  });
}

async function readyz(h: Harness) {
  const res = await h.app.inject({ method: "GET", url: "/readyz" });
  return { status: res.statusCode, body: res.json() };
}

/** The named 503 every refused write gets: the code, the request id to report, a Retry-After. */
function expectStorage503(res: Awaited<ReturnType<typeof issue>>, code: string) {
  expect(res.statusCode, res.body).toBe(503);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/nothing was stored/);
  expect(body.requestId).toBe(res.headers["x-request-id"]);
  expect(res.headers["retry-after"]).toBeDefined();
}

async function importRegister(h: Harness, rows: number): Promise<void> {
  const form = new FormData();
  form.append("typeCode", TYPES.food);
  form.append("file", new Blob([goodRegister(rows, 900)]), "register.csv");
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/imports",
    headers: auth(h.key.issuer),
    payload: form,
  });
  expect(res.statusCode, res.body).toBe(202);
  for (let i = 0; i < 400; i++) {
    const job = (
      await h.app.inject({ method: "GET", url: res.json().progress, headers: auth(h.key.issuer) })
    ).json();
    if (job.state === "done") return;
    expect(job.state).not.toBe("failed");
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the import did not finish");
}

describe.runIf(root)("a full disk (the whole data directory on a 48 MiB tmpfs)", () => {
  let disk: Tmpfs;
  let h: Harness;
  beforeAll(async () => {
    disk = mountTmpfs(48 * MiB);
    h = await startHarness({
      signing: true,
      start: new Date(),
      dataDir: path.join(disk.dir, "data"),
      importsInDataDir: true,
    });
    h.readiness.add("disk", diskProbe(h.dir, MiB));
  }, 60_000);
  afterAll(async () => {
    try {
      disk?.unfill();
      await h?.close();
    } finally {
      disk?.unmount();
    }
  });

  it("refuses writes with 503 REG_STORAGE_FULL, says so on /readyz, and recovers when space returns", async () => {
    const before = await issue(h, "disk-full-before-0001", exampleIssue(h.catalogue, TYPES.food));
    expect(before.statusCode, before.body).toBe(201);
    const acknowledged = before.json();
    // Licences stored by an import wait for their PDFs: background sealing must stop, then resume.
    await importRegister(h, 3);
    expect(await h.store.countUnsealed(acknowledged.issuer.code)).toBe(3);
    expect((await readyz(h)).status).toBe(200);

    expect(disk.fill()).toBeGreaterThan(0);

    const ready = await readyz(h);
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe("REG_NOT_READY");
    expect(ready.body.checks.disk).toMatchObject({ state: "down", code: "REG_STORAGE_FULL" });
    expect(ready.body.details).toContainEqual(
      expect.objectContaining({ field: "checks.disk", code: "REG_STORAGE_FULL" }),
    );

    const payload = exampleIssue(h.catalogue, TYPES.food);
    expectStorage503(await issue(h, "disk-full-during-0001", payload), "REG_STORAGE_FULL");
    // An upload is spooled into the data directory: refused by name too, and nothing of it kept.
    const form = new FormData();
    form.append("typeCode", TYPES.food);
    form.append("file", new Blob([goodRegister(50, 950)]), "register.csv");
    const spooled = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: auth(h.key.issuer),
      payload: form,
    });
    expectStorage503(spooled, "REG_STORAGE_FULL");
    expect(h.imports.pendingBytes()).toBe(0);
    const sealing = await h.service.sealPending().then(
      () => null,
      (e: unknown) => e,
    );
    expect(storageFault(sealing)?.code).toBe("REG_STORAGE_FULL");
    // Reads that write nothing still work; a read of personal data writes its audit event first, so it is refused by
    // name like any write when SQLite has no room left for it (200 when its log still had room).
    const types = await h.app.inject({ method: "GET", url: "/api/v1/licence-types" });
    expect(types.statusCode).toBe(200);
    const audited = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${acknowledged.identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
      headers: auth(h.key.auditor),
    });
    if (audited.statusCode !== 200) expectStorage503(audited, "REG_STORAGE_FULL");
    // The refused request left nothing behind.
    expect((await h.store.listLicences({ limit: 100 })).items).toHaveLength(4);

    disk.unfill();

    const recovered = await readyz(h);
    expect(recovered.status).toBe(200);
    expect(recovered.body.checks.disk).toEqual({ state: "ok" });
    const retried = await issue(h, "disk-full-during-0001", payload);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(await h.service.sealPending()).toBe(3);
    expect(await h.store.countUnsealed(acknowledged.issuer.code)).toBe(0);
    // Nothing acknowledged was lost: the licence issued before the fault, its document intact.
    expect(await h.store.getLicence(acknowledged.identifier)).toMatchObject({
      documentSha256: acknowledged.documentSha256,
    });
    expect((await h.store.listLicences({ limit: 100 })).items).toHaveLength(5);

    // The janitor, even with no grace period at all, removes only what nothing names: every licence's document stays,
    // and whatever the refused writes left (temp files, a PDF whose commit failed) is gone.
    const swept = await new Janitor({ dataDir: h.dir, store: h.store, graceMs: 0 }).sweep();
    expect(swept.failures).toBe(0);
    const files = readdirSync(path.join(h.dir, "documents"), { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const hashes = files.filter((f) => f.endsWith(".pdf")).map((f) => path.basename(f, ".pdf"));
    expect(await h.store.unreferencedDocuments(hashes)).toEqual([]);
    for (const licence of (await h.store.listLicences({ limit: 100 })).items)
      expect(hashes).toContain(licence.documentSha256);
  }, 60_000);
});

// A file system cannot be remounted read-only while a file on it is open for writing (EBUSY), and SQLite keeps its
// database open: here the sealed documents' folder is the tmpfs, the database beside it. (A read-only database is
// covered where SQLite opens it: the CLI refuses to start on a read-only data directory, scripts/cli/disk-faults.test.ts.)
describe.runIf(root)("a read-only data directory (the documents folder remounted read-only)", () => {
  let disk: Tmpfs;
  let h: Harness;
  let documents: string;
  beforeAll(async () => {
    h = await startHarness({ signing: true, start: new Date() });
    documents = path.join(h.dir, "documents");
    disk = mountTmpfs(16 * MiB, documents);
    h.readiness.add("disk", diskProbe(documents, 0));
  }, 60_000);
  afterAll(async () => {
    try {
      disk?.readWrite();
      disk?.unmount();
    } finally {
      await h?.close();
    }
  });

  it("refuses writes with 503 REG_STORAGE_READ_ONLY, says so on /readyz, and recovers once writable", async () => {
    const before = await issue(h, "disk-ro-before-00001", exampleIssue(h.catalogue, TYPES.food));
    expect(before.statusCode, before.body).toBe(201);

    disk.readOnly();

    const ready = await readyz(h);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.disk).toMatchObject({ state: "down", code: "REG_STORAGE_READ_ONLY" });
    expect(ready.body.checks.disk.message).toMatch(/EROFS/);
    expect(ready.body.details).toContainEqual(
      expect.objectContaining({ field: "checks.disk", code: "REG_STORAGE_READ_ONLY" }),
    );
    const payload = exampleIssue(h.catalogue, TYPES.food);
    expectStorage503(await issue(h, "disk-ro-during-000001", payload), "REG_STORAGE_READ_ONLY");
    expect((await h.store.listLicences({ limit: 100 })).items).toHaveLength(1);

    disk.readWrite();

    expect((await readyz(h)).status).toBe(200);
    const retried = await issue(h, "disk-ro-during-000001", payload);
    expect(retried.statusCode, retried.body).toBe(201);
    const sha = retried.json().documentSha256 as string;
    expect(existsSync(path.join(documents, sha.slice(0, 2), `${sha}.pdf`))).toBe(true);
    expect(await h.store.getLicence(before.json().identifier)).not.toBeNull();
    // The failed write left no temp file behind.
    expect(readdirSync(documents, { recursive: true }).filter((f) => String(f).endsWith(".tmp"))).toEqual([]);
  }, 60_000);
});
