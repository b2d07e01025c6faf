// POST /api/v1/licences/:identifier/annotated-copy through the whole registry with signing: the PDF with its headers,
// for an issuer's Bearer key and for the desk session (with its CSRF token, for the applicant it looked up), that our
// validator passes with the note's facts (the service item's name from the catalogue); every bad request problem at once; 409 for a licence that is not valid, not sealed yet, or sealed before
// annotated copies existed; and the copy in the audit log and in the holder's access log with its purpose.
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { sealPdf, trustListBody } from "@elicence/signer";
import { validatePdf } from "@elicence/signer/verify";
import { DocumentStore } from "../../src/documents/document-store.js";
import { buildLicenceIdentifier } from "@elicence/core";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { deskWithApplicant, handOutShareCode, holderSignIn, withSession } from "../support/sessions.js";

let h: Harness;
const ITEM = "food-business-renewal";
/** The note's words: the service item's name in the catalogue (templates/service-items/food-business-renewal.json). */
const NOTE = "食品经营许可（延续）";
/** The harness clock is 2026-11-29T02:00Z: 10:00 in China, the same calendar day. */
const TODAY = "2026-11-29";

beforeAll(async () => {
  h = await startHarness({ signing: true });
});
afterAll(async () => {
  await h?.close();
});

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function issue(extra: Record<string, unknown> = {}, key = h.key.issuer) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(key, { "idempotency-key": `annot-${Math.random().toString(36).slice(2)}` }),
    payload: { ...exampleIssue(h.catalogue, TYPES.food), ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{
    identifier: string;
    documentSha256: string;
    holder: { code: string };
    validUntil: string;
  }>();
}

function annotate(identifier: string, payload: object, headers: Record<string, string> = auth(h.key.issuer)) {
  return h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/annotated-copy`,
    headers,
    payload,
  });
}

const detailCodes = (res: { json(): unknown }) =>
  (res.json() as { details: { field: string; code: string }[] }).details.map((d) => `${d.field}:${d.code}`);

describe("an annotated copy", () => {
  it("is the sealed PDF plus a signed note, served with its names and period, that our validator passes", async () => {
    const lic = await issue();
    const res = await annotate(lic.identifier, { serviceItem: ITEM });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    // A readable name (type and the day it was made) as RFC 6266 filename*, an ASCII fallback for the rest.
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="annotated-copy-${TODAY}.pdf"; filename*=UTF-8''${encodeURIComponent("食品经营许可证-加注件-2026年11月29日.pdf")}`,
    );
    expect(res.headers["x-annotation-valid-until"]).toBe("2026-12-29");
    const bytes = new Uint8Array(res.rawPayload);
    const stored = await new DocumentStore(path.join(h.dir, "documents")).get(lic.documentSha256);
    expect(stored).not.toBeNull();
    expect(Buffer.from(bytes.subarray(0, stored!.length)).equals(Buffer.from(stored!))).toBe(true);

    const pki = h.signing!.pki;
    const report = await validatePdf(bytes, {
      trust: { rootDer: new Uint8Array(pki.root.rawData), trustList: await trustListBody(pki, h.clock.now) },
      now: h.clock.now,
      revocation: (c) => pki.statusOf(c.serialNumber, h.clock.now),
      liveStatus: async () => ({
        state: "01",
        documentSha256: lic.documentSha256,
        supersededBy: null,
        validUntil: lic.validUntil,
      }),
    });
    expect(report.verdict, JSON.stringify(report.reason)).toBe("TOTAL-PASSED");
    const annotation = report.checks.find((c) => c.name === "annotation");
    expect(annotation?.reason.code).toBe("VER_PDF_ANNOTATION_OK");
    expect(annotation?.data).toMatchObject({
      annotations: [
        {
          purpose: NOTE,
          validUntil: "2026-12-29",
          identifier: lic.identifier,
          signer: { name: "海丰县政务服务数据管理局", role: "platform" },
        },
      ],
    });
    expect(report.checks.find((c) => c.name === "document-hash")?.reason.code).toBe(
      "VER_PDF_DOCUMENT_HASH_MATCHES_ORIGINAL",
    );

    // Logged as a read of the holder's data, with the purpose and the period, and the copy's own hash.
    const events = (await h.store.readAudit(0, 10_000)).filter((e) => e.action === "licence.annotated-copy");
    expect(events.at(-1)).toMatchObject({
      role: "issuer",
      department: DEPTS.market,
      target: lic.identifier,
      holderCode: lic.holder.code,
      purpose: NOTE,
      detail: {
        validUntil: "2026-12-29",
        documentSha256: lic.documentSha256,
        annotatedSha256: sha256(bytes),
      },
    });
  });

  it("works from the desk session with its CSRF token, and shows in the holder's access log with the purpose", async () => {
    const lic = await issue();
    const desk = await deskWithApplicant(h, lic.holder.code);
    const refused = await annotate(lic.identifier, { serviceItem: ITEM }, withSession(desk, null));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("REG_CSRF");
    const res = await annotate(
      lic.identifier,
      { serviceItem: ITEM, validUntil: "2027-01-15" },
      withSession(desk),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["x-annotation-valid-until"]).toBe("2027-01-15");

    const share = await handOutShareCode(h, lic.holder.code);
    const s = await holderSignIn(h, lic.holder.code, share.shareCode);
    const log = await h.app.inject({
      method: "GET",
      url: "/api/v1/holder/access-log",
      headers: withSession(s),
    });
    expect(log.json().items).toContainEqual(
      expect.objectContaining({
        action: "licence.annotated-copy",
        role: "clerk",
        purpose: NOTE,
        target: lic.identifier,
      }),
    );
  });
  it("is made by an issuer of the licence's department, and by no one else's", async () => {
    const lic = await issue();
    expect((await annotate(lic.identifier, { serviceItem: ITEM }, auth(h.key.issuer))).statusCode).toBe(200);
    const other = await annotate(lic.identifier, { serviceItem: ITEM }, auth(h.key.transportIssuer));
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe("REG_LICENCE_NOT_FOUND");
    const auditor = await annotate(lic.identifier, { serviceItem: ITEM }, auth(h.key.auditor));
    expect(auditor.statusCode).toBe(403);
  });
});

describe("a bad request", () => {
  let lic: { identifier: string; validUntil: string };
  beforeAll(async () => {
    lic = await issue({ validUntil: "2027-01-10" });
  });

  it("lists every problem at once with stable codes, and makes nothing", async () => {
    const before = (await h.store.readAudit(0, 10_000)).length;
    const none = await annotate(lic.identifier, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe("REG_BAD_REQUEST");
    expect(detailCodes(none)).toEqual(["serviceItem:REG_FIELD_REQUIRED"]);

    const three = await annotate(lic.identifier, { purpose: "银行开户", validUntil: "2026-02-30" });
    expect(detailCodes(three)).toEqual([
      "purpose:REG_ANNOTATION_PURPOSE_RETIRED",
      "serviceItem:REG_FIELD_REQUIRED",
      "validUntil:REG_DATE_INVALID",
    ]);
    const past = await annotate(lic.identifier, { serviceItem: "no-such-item", validUntil: "2026-11-28" });
    expect(detailCodes(past)).toEqual([
      "serviceItem:REG_SERVICE_ITEM_UNKNOWN",
      "validUntil:REG_ANNOTATION_VALID_UNTIL_PAST",
    ]);
    const far = await annotate(lic.identifier, { serviceItem: ITEM, validUntil: "2027-11-30" });
    expect(detailCodes(far)).toEqual([
      "validUntil:REG_ANNOTATION_VALID_UNTIL_TOO_FAR",
      "validUntil:REG_ANNOTATION_AFTER_LICENCE_EXPIRY",
    ]);
    const unknown = await annotate(lic.identifier, { serviceItem: ITEM, copies: 2 });
    expect(unknown.statusCode).toBe(400);
    expect(detailCodes(unknown)).toEqual(["copies:REG_FIELD_UNKNOWN"]);
    expect((await h.store.readAudit(0, 10_000)).length).toBe(before);
  });

  it("takes today and exactly a year ahead, and by default stops at the licence's own end", async () => {
    const today = await annotate(lic.identifier, { serviceItem: ITEM, validUntil: TODAY });
    expect(today.statusCode).toBe(200);
    // Today + 30 days (2026-12-29) is before the licence's end (2027-01-10): the default stands.
    const byDefault = await annotate(lic.identifier, { serviceItem: ITEM });
    expect(byDefault.headers["x-annotation-valid-until"]).toBe("2026-12-29");
    const short = await issue({ validUntil: "2026-12-10" });
    const clamped = await annotate(short.identifier, { serviceItem: ITEM });
    expect(clamped.statusCode).toBe(200);
    expect(clamped.headers["x-annotation-valid-until"]).toBe("2026-12-10");
    const long = await issue({ validUntil: "2030-01-01" });
    expect(
      (await annotate(long.identifier, { serviceItem: ITEM, validUntil: "2027-11-29" })).statusCode,
    ).toBe(200);
  });
});

describe("a licence that cannot have one", () => {
  it("answers 409 naming the state for a suspended licence", async () => {
    const lic = await issue();
    const suspend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${lic.identifier}/suspend`,
      headers: auth(h.key.issuer),
      payload: { reason: "rectification-ordered" },
    });
    expect(suspend.statusCode).toBe(200);
    const res = await annotate(lic.identifier, { serviceItem: ITEM });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("REG_ILLEGAL_TRANSITION");
    expect(res.json().message).toContain("02");
    expect(res.json().message).toContain("suspended");
  });

  it("answers 409 REG_DOCUMENT_PENDING for a licence stored but not sealed yet", async () => {
    const actor = { id: "cli", role: "issuer" as const, department: DEPTS.market };
    const check = h.service.checkIssue(actor, exampleIssue(h.catalogue, TYPES.food));
    if (!check.ok) throw new Error(JSON.stringify(check.details));
    const [record] = await h.service.issueMany(actor, [check.plan]);
    expect(record?.documentSha256).toBeNull();
    const res = await annotate(record!.identifier, { serviceItem: ITEM });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("REG_DOCUMENT_PENDING");
  });

  it("answers 409 REG_ANNOTATION_NOT_PREPARED for a document sealed before annotated copies existed", async () => {
    const lic = await issue();
    const rec = await h.store.getLicence(lic.identifier);
    // A document as sealed before this change: certified, without the prepared annotation field.
    const seal = await h.signing!.pki.sealFor(DEPTS.market);
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const legacy = await sealPdf({
      doc,
      page,
      signer: {
        certificate: new Uint8Array(seal.certificate.rawData),
        chain: [new Uint8Array(h.signing!.pki.issuing.rawData)],
        algorithm: seal.keyHandle.algorithm,
        sign: (d) => seal.keyHandle.sign(d),
      },
      now: h.clock.now,
    });
    const sha = await new DocumentStore(path.join(h.dir, "documents")).put(legacy.bytes);
    const updated = await h.store.apply({
      updateLicences: [
        {
          record: { ...rec!, documentSha256: sha, revision: rec!.revision + 1 },
          expectedRevision: rec!.revision,
        },
      ],
      audit: [],
    });
    expect(updated.ok).toBe(true);
    const before = (await h.store.readAudit(0, 10_000)).length;
    const res = await annotate(lic.identifier, { serviceItem: ITEM });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("REG_ANNOTATION_NOT_PREPARED");
    // Nothing was handed out, so nothing is logged as handed out.
    expect((await h.store.readAudit(0, 10_000)).length).toBe(before);
  });

  it("answers 404 for an identifier the registry does not have", async () => {
    const unknown = buildLicenceIdentifier({
      typeCode: "11100000MB0143028R013",
      issuerCode: "11441521MB2C97310M",
      serial: "9999999",
      version: 1,
    });
    const res = await annotate(unknown, { serviceItem: ITEM });
    expect([res.statusCode, res.json().code]).toEqual([404, "REG_LICENCE_NOT_FOUND"]);
  });

  it("answers a mistyped identifier with the identifier's own error and its did-you-mean (422)", async () => {
    const lic = await issue();
    // The root some systems write by mistake: one slip, one licence it can be.
    const res = await annotate(lic.identifier.replace("1.2.156.3005.2.", "1.2.156.3003.2."), {
      serviceItem: ITEM,
    });
    expect([res.statusCode, res.json().code]).toEqual([422, "REG_VALIDATION_FAILED"]);
    expect(res.json().details).toEqual([
      expect.objectContaining({
        field: "identifier",
        code: "REG_LID_WRONG_ROOT",
        suggestion: lic.identifier,
      }),
    ]);
  });
});
