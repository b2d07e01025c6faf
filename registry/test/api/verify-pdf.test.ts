// POST /api/v1/verify/pdf end to end: a licence issued (and sealed) by the registry verifies as TOTAL-PASSED with
// the registry's live answers; its old version after an amendment is "superseded", after its end date "expired"; a
// tampered copy fails; wrong requests get 400 and oversize uploads 413 without being read.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, chinaDate } from "@elicence/core";
import { auth, exampleIssue, pdfUpload, startHarness, TYPES, type Harness } from "../support/harness.js";

interface Report {
  verdict: string;
  identifier?: string;
  checks: {
    name: string;
    status: string;
    reason: { code: string; message: { zh: string; en: string } };
    data?: unknown;
  }[];
  summary: { zh: string; en: string };
  licence?: {
    typeCode: string;
    typeName: { zh: string };
    holder: { kind: string; name: string; masked: boolean };
    publicFields: { field: string; label: string; value: string }[];
    status: { status: string; revokedAt?: string; reason?: string; supersededBy: string | null };
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date(), verifyPdf: { rateLimitMax: 1000 } });
});
afterAll(async () => {
  await h?.close();
});

async function verify(file: Uint8Array, field = "file") {
  return h.app.inject({ method: "POST", url: "/api/v1/verify/pdf", ...pdfUpload(file, field) });
}

const status = (r: Report, name: string) => {
  const c = r.checks.find((x) => x.name === name);
  return `${c?.status}:${c?.reason.code}`;
};

async function issue(typeCode: string, validUntil?: string) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": `verify-${randomBytes(6).toString("hex")}` }),
    payload: { ...exampleIssue(h.catalogue, typeCode), ...(validUntil ? { validUntil } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  const lic = res.json<{ identifier: string; validUntil: string | null }>();
  const pdf = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${lic.identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(h.key.auditor),
  });
  expect(pdf.statusCode).toBe(200);
  return { ...lic, pdf: new Uint8Array(pdf.rawPayload) };
}

describe("POST /api/v1/verify/pdf", () => {
  it("verifies a licence the registry sealed: TOTAL-PASSED, current, the very document it issued", async () => {
    const lic = await issue(TYPES.food);
    const res = await verify(lic.pdf);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<Report>();
    expect(r.verdict).toBe("TOTAL-PASSED");
    expect(r.identifier).toBe(lic.identifier);
    expect(status(r, "licence-status")).toBe("VALID:VER_PDF_LICENCE_CURRENT");
    expect(status(r, "document-hash")).toBe("VALID:VER_PDF_DOCUMENT_HASH_MATCHES");
    expect(status(r, "revocation")).toBe("VALID:VER_PDF_REVOCATION_GOOD");
    expect(r.summary.zh).toMatch(/^真实有效/);
    // Which licence it is: the type, the organisation in full, the public fields, today's status.
    const record = await h.store.getLicence(lic.identifier);
    expect(r.licence).toMatchObject({
      typeCode: TYPES.food,
      typeName: { zh: h.catalogue.get(TYPES.food)?.name.zh },
      holder: { kind: "organisation", name: record?.holder.name, masked: false },
      status: { status: "valid", supersededBy: null },
    });
    expect(r.licence?.publicFields.length).toBeGreaterThan(0);

    // One byte changed in the signed part: not genuine.
    const tampered = new Uint8Array(lic.pdf);
    const at = Buffer.from(tampered).indexOf("stream\n") + 60;
    tampered[at] = (tampered[at] as number) ^ 0xff;
    const bad = (await verify(tampered)).json<Report>();
    expect(bad.verdict).toBe("TOTAL-FAILED");
    expect(status(bad, "cms-digest")).toBe("INVALID:VER_PDF_CMS_DIGEST_MISMATCH");
    expect(status(bad, "document-hash")).toBe("INVALID:VER_PDF_DOCUMENT_HASH_MISMATCH");
    // A document that is not what the department sealed never makes the registry describe a licence under its name.
    expect(bad.licence).toBeUndefined();
  });

  it("reports the old version of an amended licence as superseded, and a licence past its end date as expired", async () => {
    const v1 = await issue(TYPES.food);
    const amend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/amend`,
      headers: auth(h.key.issuer),
      payload: { reason: "法定代表人变更", fields: { legalRepresentative: "陈海峰" } },
    });
    expect(amend.statusCode, amend.body).toBe(201);
    const superseded = (await verify(v1.pdf)).json<Report & { reason?: { code: string } }>();
    // The seal is intact, but a replaced licence may not be relied on: failed, with the licence state as the reason.
    expect(superseded.verdict).toBe("TOTAL-FAILED");
    expect(superseded.reason?.code).toBe("VER_PDF_LICENCE_SUPERSEDED");
    expect(status(superseded, "cms-signature")).toBe("VALID:VER_PDF_CMS_SIGNATURE_OK");
    expect(status(superseded, "licence-status")).toBe("INVALID:VER_PDF_LICENCE_SUPERSEDED");
    expect(superseded.checks.find((c) => c.name === "licence-status")?.data).toMatchObject({
      supersededBy: amend.json<{ identifier: string }>().identifier,
    });
    expect(superseded.summary.en).toMatch(/^The seal is genuine, but the licence may not be relied on: /);
    expect(superseded.summary.zh).toMatch(/^印章真实，但该证照不能作为依据：/);
    expect(superseded.licence?.status).toMatchObject({
      status: "superseded",
      supersededBy: amend.json<{ identifier: string }>().identifier,
    });

    const lic = await issue(TYPES.food);
    expect(lic.validUntil).not.toBeNull();
    const before = h.clock.now;
    h.clock.now = new Date(`${lic.validUntil as string}T23:00:00+08:00`);
    h.clock.now = new Date(h.clock.now.getTime() + 86_400_000);
    try {
      const expired = (await verify(lic.pdf)).json<Report>();
      expect(status(expired, "licence-status")).toBe("INVALID:VER_PDF_LICENCE_EXPIRED");
      expect(expired.verdict).toBe("INDETERMINATE");
    } finally {
      h.clock.now = before;
    }
  });

  it("fails the PDF of a revoked or a suspended licence with the licence state as the reason, not a seal code", async () => {
    const act = async (identifier: string, action: string, reason: string) => {
      const res = await h.app.inject({
        method: "POST",
        url: `/api/v1/licences/${identifier}/${action}`,
        headers: auth(h.key.issuer),
        payload: { reason },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    for (const [action, code] of [
      ["revoke", "VER_PDF_LICENCE_REVOKED"],
      ["suspend", "VER_PDF_LICENCE_SUSPENDED"],
    ] as const) {
      const lic = await issue(TYPES.food);
      expect((await verify(lic.pdf)).json<Report>().verdict).toBe("TOTAL-PASSED");
      await act(lic.identifier, action, action === "revoke" ? "revoked-by-law" : "rectification-ordered");
      const r = (await verify(lic.pdf)).json<Report & { reason?: { code: string } }>();
      expect(r.verdict, action).toBe("TOTAL-FAILED");
      expect(r.reason?.code).toBe(code);
      expect(status(r, "licence-status")).toBe(`INVALID:${code}`);
      // Every seal check still passes: the failure is the licence's, and the report says so.
      for (const name of ["byte-range", "cms-digest", "cms-signature", "chain"])
        expect(status(r, name)).toMatch(/^VALID:/);
      expect(r.summary.en).toMatch(/^The seal is genuine, but the licence may not be relied on: /);
      expect(r.licence?.status).toMatchObject(
        action === "revoke"
          ? { status: "revoked", revokedAt: expect.any(String), reason: "revoked-by-law" }
          : { status: "suspended", reason: "rectification-ordered" },
      );
    }
  });

  it("keeps the PDF of a version renewed in advance current until the renewal takes effect; the new one is not yet in force", async () => {
    // Ending in 60 days: inside the food licence's renewal window (90 days before its end).
    const v1 = await issue(TYPES.food, addDays(chinaDate(h.clock.now), 60));
    const renew = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/renew`,
      headers: auth(h.key.issuer),
      payload: { reason: "提前申请延续" },
    });
    expect(renew.statusCode, renew.body).toBe(201);
    const v2 = renew.json<{ identifier: string; validFrom: string }>();
    const old = (await verify(v1.pdf)).json<Report>();
    expect(old.verdict).toBe("TOTAL-PASSED");
    expect(status(old, "licence-status")).toBe("VALID:VER_PDF_LICENCE_CURRENT");
    const pdf = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${v2.identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
      headers: auth(h.key.auditor),
    });
    expect(pdf.statusCode).toBe(200);
    const fresh = (await verify(new Uint8Array(pdf.rawPayload))).json<Report>();
    expect(status(fresh, "licence-status")).toBe("INVALID:VER_PDF_LICENCE_NOT_YET_IN_FORCE");
    expect(fresh.verdict).toBe("INDETERMINATE");
    // From the renewal's first day (China time) the old version's PDF names its successor.
    const before = h.clock.now;
    h.clock.now = new Date(`${v2.validFrom}T00:00:00+08:00`);
    try {
      const later = (await verify(v1.pdf)).json<Report>();
      expect(status(later, "licence-status")).toBe("INVALID:VER_PDF_LICENCE_SUPERSEDED");
    } finally {
      h.clock.now = before;
    }
  });

  it("answers 400 to anything but a multipart upload with a part named file, and 200 with a report for junk", async () => {
    const json = await h.app.inject({ method: "POST", url: "/api/v1/verify/pdf", payload: {} });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ code: "REG_BAD_REQUEST", details: [{ field: "file" }] });
    const wrongField = await verify(new Uint8Array([1, 2, 3]), "document");
    expect(wrongField.statusCode).toBe(400);
    const junk = await verify(new Uint8Array(randomBytes(4096)));
    expect(junk.statusCode).toBe(200);
    expect(junk.json<Report>().verdict).toBe("TOTAL-FAILED");
    expect(status(junk.json<Report>(), "structure")).toBe("INVALID:VER_PDF_NOT_PDF");
  });

  it("refuses uploads over 20 MiB with 413 REG_PAYLOAD_TOO_LARGE: a declared 100 MB body unread, a 20 MiB + 1 file while streaming", async () => {
    const huge = await verify(new Uint8Array(100 * 1024 * 1024));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe("REG_PAYLOAD_TOO_LARGE");
    const justOver = await verify(new Uint8Array(20 * 1024 * 1024 + 1));
    expect(justOver.statusCode).toBe(413);
    expect(justOver.json().code).toBe("REG_PAYLOAD_TOO_LARGE");
  });
});
