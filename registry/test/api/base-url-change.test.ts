// The public base URL from recording to change: it is recorded with the PKI on first use; a different one is refused
// (naming both and the fix) unless accepted, which is audited and issues the seals again with the new links; reseal
// then gives the licences sealed under the old URL new documents, once, with the ledger and the audit log kept.
import "reflect-metadata";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { DocumentStore } from "../../src/documents/document-store.js";
import { resealSince, RESEAL_ACTION } from "../../src/licences/reseal.js";
import { readBaseUrlRecord, settleBaseUrl } from "../../src/public-url/base-url-record.js";
import { RegistryDocumentSealer } from "../../src/signing/document-sealer.js";
import { openSigning, type SigningRuntime } from "../../src/signing/signing-runtime.js";
import {
  auth,
  BASE_URL,
  DEPTS,
  exampleIssue,
  startHarness,
  TEMPLATES,
  TYPES,
  type Harness,
} from "../support/harness.js";

const NEW_BASE = "https://licences.gov.example/elicence";
const CLI = { id: "cli", role: "admin", department: null };

let h: Harness;
let moved: SigningRuntime | null = null;
beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date() });
});
afterAll(async () => {
  await moved?.close();
  await h.close();
});

const configFor = (baseUrl: string, extra: Record<string, string> = {}) =>
  loadConfig(
    {
      ELICENCE_DATA_DIR: h.dir,
      ELICENCE_BASE_URL: baseUrl,
      ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
      ...extra,
    },
    path.resolve(TEMPLATES, ".."),
  );

/** The bytes of the department's current seal certificate (its DER carries its CRL and OCSP URLs as plain text). */
const sealDer = (department: string) => {
  const pem = readFileSync(path.join(h.dir, "pki", "certs", `seal-${department}.pem`), "utf8");
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/gu, ""), "base64");
};
const hex = (s: string) => Buffer.from(s, "latin1").toString("hex");

async function issue(): Promise<{ identifier: string; documentSha256: string }> {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `base-${Math.random().toString(36).slice(2)}` }),
    payload: exampleIssue(h.catalogue, TYPES.food),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function auditActions(action: string) {
  const page = await h.store.auditByAction(action, "2000-01-01T00:00:00Z", "9999-01-01T00:00:00Z", 500);
  return page.items;
}

describe("the recorded public base URL", () => {
  let licence: { identifier: string; documentSha256: string };

  it("was recorded with the PKI when signing first opened, and the seals carry it", async () => {
    expect((await readBaseUrlRecord(h.dir))?.baseUrl).toBe(BASE_URL);
    expect(sealDer(DEPTS.market).toString("latin1")).toContain(`${BASE_URL}/pki/`);
    licence = await issue();
  });

  it("refuses a different configured one, naming both URLs and the fix, and changes nothing", async () => {
    const before = readFileSync(path.join(h.dir, "pki", "state.json"), "utf8");
    await expect(
      openSigning(configFor(NEW_BASE), h.catalogue, new Date(), { store: h.store }),
    ).rejects.toMatchObject({
      code: "REG_BASE_URL_CHANGED",
      message: expect.stringMatching(
        new RegExp(
          `\\(${NEW_BASE}\\).*\\(${BASE_URL}\\).*ELICENCE_BASE_URL=${BASE_URL}.*--accept-new-base-url`,
          "u",
        ),
      ) as unknown,
    });
    expect((await readBaseUrlRecord(h.dir))?.baseUrl).toBe(BASE_URL);
    expect(readFileSync(path.join(h.dir, "pki", "state.json"), "utf8")).toBe(before);
  });

  it("refuses a loopback base URL with NODE_ENV=production", async () => {
    await expect(settleBaseUrl(configFor(BASE_URL, { NODE_ENV: "production" }))).rejects.toMatchObject({
      code: "REG_BASE_URL_INVALID",
      message: expect.stringMatching(/loopback address, which NODE_ENV=production refuses/u) as unknown,
    });
  });

  it("accepted: recorded and audited, and the seals are issued again carrying the new URL", async () => {
    const oldSerial = h.signing?.pki.departments().find((d) => d.code === DEPTS.market)?.serial;
    moved = await openSigning(configFor(NEW_BASE), h.catalogue, new Date(), {
      acceptNew: true,
      store: h.store,
      actor: CLI,
    });
    expect(moved.baseUrl).toEqual({ outcome: "changed", baseUrl: NEW_BASE, previous: BASE_URL });
    expect((await readBaseUrlRecord(h.dir))?.baseUrl).toBe(NEW_BASE);
    const seal = sealDer(DEPTS.market).toString("latin1");
    expect(seal).toContain(`${NEW_BASE}/pki/`);
    expect(seal).not.toContain(BASE_URL);
    expect(moved.pki.departments().find((d) => d.code === DEPTS.market)?.serial).not.toBe(oldSerial);
    const events = await auditActions("config.base-url.change");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: "cli",
      target: NEW_BASE,
      detail: { from: BASE_URL, to: NEW_BASE },
    });
    // Opened again with the same URL: nothing more to record.
    const again = await openSigning(configFor(NEW_BASE), h.catalogue, new Date(), { store: h.store });
    expect(again.baseUrl.outcome).toBe("same");
    await again.close();
  });

  it("reseal: a new document carrying the new URL for the same version, ledgered and audited; a second run does nothing", async () => {
    if (!moved) throw new Error("previous test did not run");
    const documents = new DocumentStore(path.join(h.dir, "documents"));
    const sealer = new RegistryDocumentSealer(moved.sealer, documents, NEW_BASE);
    const options = {
      sinceIso: new Date(Date.now() - 86_400_000).toISOString(),
      baseUrl: NEW_BASE,
      dryRun: false,
      actor: CLI,
    };
    const dry = await resealSince(h.store, sealer, () => new Date(), { ...options, dryRun: true });
    expect(dry).toMatchObject({ matched: 1, resealed: 1, alreadyDone: 0 });
    expect((await h.store.getLicence(licence.identifier))?.documentSha256).toBe(licence.documentSha256);

    const report = await resealSince(h.store, sealer, () => new Date(), options);
    expect(report).toMatchObject({
      examined: 1,
      matched: 1,
      resealed: 1,
      alreadyDone: 0,
      unsealed: 0,
      conflicts: 0,
    });
    const rec = await h.store.getLicence(licence.identifier);
    expect(rec?.documentSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(rec?.documentSha256).not.toBe(licence.documentSha256);
    expect(rec?.version).toBe(1);
    // The new PDF's signature carries the re-issued seal certificate, whose links are the new URL's; the old PDF
    // stays in the store as it was.
    const fresh = Buffer.from((await documents.get(rec?.documentSha256 ?? "")) ?? [])
      .toString("latin1")
      .toLowerCase();
    expect(fresh).toContain(hex(`${NEW_BASE}/pki/`));
    const old = Buffer.from((await documents.get(licence.documentSha256)) ?? [])
      .toString("latin1")
      .toLowerCase();
    expect(old).toContain(hex(`${BASE_URL}/pki/`));
    expect(old).not.toContain(hex(NEW_BASE));

    const ledger = await h.store.listSealUsage({ identifier: licence.identifier, limit: 10 });
    expect(ledger.items.map((u) => u.documentSha256)).toEqual([licence.documentSha256, rec?.documentSha256]);
    const events = await auditActions(RESEAL_ACTION);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      target: licence.identifier,
      detail: {
        previousDocumentSha256: licence.documentSha256,
        documentSha256: rec?.documentSha256,
        baseUrl: NEW_BASE,
      },
    });

    const second = await resealSince(h.store, sealer, () => new Date(), options);
    expect(second).toMatchObject({ matched: 1, resealed: 0, alreadyDone: 1 });
    expect(await auditActions(RESEAL_ACTION)).toHaveLength(1);
  });
});
