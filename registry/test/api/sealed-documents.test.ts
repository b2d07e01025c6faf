// Registry and signer together: issue, amend and renew produce sealed PDFs stored by SHA-256, the seal-usage ledger
// records each sealing, the PKI is served, and a revoked seal certificate shows in the CRL and stops sealing.
import "reflect-metadata";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as x509 from "@peculiar/x509";
import * as pkijs from "pkijs";
import { buildOcspRequest, buildTimestampRequest, extractTimestampToken } from "@elicence/signer";
import { PDFDocument } from "pdf-lib";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date(), expose: { tsa: true } });
});
afterAll(async () => {
  await h.close();
});

const sha256 = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");

async function issue(typeCode: string, key: string) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(key, { "idempotency-key": `doc-${Math.random().toString(36).slice(2)}` }),
    payload: exampleIssue(h.catalogue, typeCode),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function pdf(identifier: string, key = h.key.auditor) {
  return h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(key),
  });
}

describe("sealed documents", () => {
  it("seals the PDF at issue: stored by SHA-256, served with a purpose, carrying the identifier and the QR URL", async () => {
    const lic = await issue(TYPES.food, h.key.issuer);
    expect(lic.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const res = await pdf(lic.identifier);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    // Named by type and issue date (RFC 6266 filename*), with an ASCII fallback; not the raw identifier.
    const [y, m, d] = String(lic.issuedOn).split("-");
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="licence-${lic.issuedOn}.pdf"; filename*=UTF-8''${encodeURIComponent(`食品经营许可证-${y}年${m}月${d}日.pdf`)}`,
    );
    expect(sha256(res.rawPayload)).toBe(lic.documentSha256);
    expect(res.rawPayload.toString("latin1")).toContain("/SubFilter /ETSI.CAdES.detached");
    const doc = await PDFDocument.load(new Uint8Array(res.rawPayload), { updateMetadata: false });
    expect(doc.getSubject()).toBe(lic.identifier);
    const noPurpose = await h.app.inject({
      method: "GET",
      url: `/api/v1/licences/${lic.identifier}/pdf`,
      headers: auth(h.key.auditor),
    });
    expect(noPurpose.statusCode).toBe(400);
    const log = (
      await h.app.inject({
        method: "GET",
        url: `/api/v1/holders/${lic.holder.code}/access-log?purpose=${encodeURIComponent("审计抽查")}`,
        headers: auth(h.key.auditor),
      })
    ).json();
    expect(log.items).toContainEqual(
      expect.objectContaining({ action: "licence.download", purpose: "核验" }),
    );
  });

  it("gives an amended version its own PDF and never touches the older one", async () => {
    const v1 = await issue(TYPES.food, h.key.issuer);
    const before = (await pdf(v1.identifier)).rawPayload;
    const amend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${v1.identifier}/amend`,
      headers: auth(h.key.issuer),
      payload: { reason: "法定代表人变更", fields: { legalRepresentative: "陈海峰" } },
    });
    expect(amend.statusCode).toBe(201);
    const v2 = amend.json();
    expect(v2.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v2.documentSha256).not.toBe(v1.documentSha256);
    const after = (await pdf(v1.identifier)).rawPayload;
    expect(sha256(after)).toBe(v1.documentSha256);
    expect(Buffer.compare(before, after)).toBe(0);
  });

  it("records every sealing in the seal-usage ledger, listable by licence and by seal", async () => {
    const lic = await issue(TYPES.road, h.key.transportIssuer);
    const byLicence = (
      await h.app.inject({
        method: "GET",
        url: `/api/v1/seal-usage?licence=${lic.identifier}`,
        headers: auth(h.key.auditor),
      })
    ).json();
    expect(byLicence.items).toEqual([
      expect.objectContaining({
        identifier: lic.identifier,
        documentSha256: lic.documentSha256,
        department: DEPTS.transport,
        level: "B-T",
      }),
    ]);
    const serial = byLicence.items[0].sealSerial;
    const bySeal = (
      await h.app.inject({
        method: "GET",
        url: `/api/v1/seal-usage?seal=${serial}`,
        headers: auth(h.key.auditor),
      })
    ).json();
    expect(bySeal.items.map((u: { identifier: string }) => u.identifier)).toContain(lic.identifier);
    expect(bySeal.items.every((u: { sealSerial: string }) => u.sealSerial === serial)).toBe(true);
    const clerk = await h.app.inject({
      method: "GET",
      url: `/api/v1/seal-usage?seal=${serial}`,
      headers: auth(h.key.clerk),
    });
    expect(clerk.statusCode).toBe(403);
  });
});

describe("background sealing of bulk conversions", () => {
  it("seals licences stored without a document, each with its ledger entry and audit event", async () => {
    const actor = { id: "import-test", role: "issuer" as const, department: DEPTS.market };
    const check = h.service.checkIssue(actor, {
      ...exampleIssue(h.catalogue, TYPES.business),
      provenance: { kind: "paper", paperNumber: "HF-2019-000123" },
    });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const [stored] = await h.service.issueMany(actor, [check.plan]);
    expect(stored!.documentSha256).toBeNull();
    expect((await h.store.findUnsealed(100)).map((r) => r.identifier)).toContain(stored!.identifier);

    expect(await h.service.sealPending(100)).toBeGreaterThanOrEqual(1);
    const sealed = await h.store.getLicence(stored!.identifier);
    expect(sealed!.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256((await pdf(stored!.identifier)).rawPayload)).toBe(sealed!.documentSha256);
    const usage = await h.store.listSealUsage({ identifier: stored!.identifier, limit: 10 });
    expect(usage.items).toEqual([
      expect.objectContaining({ documentSha256: sealed!.documentSha256, department: DEPTS.market }),
    ]);
    expect(await h.store.findUnsealed(100)).toEqual([]);
    const audit = await h.store.readAudit(0, 10_000);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "licence.seal", target: stored!.identifier }),
    );
  });
});

describe("PKI served by the app", () => {
  it("serves the root and issuing CA certificates, PEM and DER", async () => {
    const root = await h.app.inject({ method: "GET", url: "/pki/certs/root.pem" });
    expect(root.statusCode).toBe(200);
    const cert = new x509.X509Certificate(root.body);
    expect(cert.subject).toContain("Root CA");
    const der = await h.app.inject({ method: "GET", url: "/pki/certs/issuing.cer" });
    expect(new x509.X509Certificate(new Uint8Array(der.rawPayload)).subject).toContain("Issuing CA");
  });

  it("answers OCSP over POST and GET, and timestamps over /pki/tsa", async () => {
    const pki = h.signing!.pki;
    const seal = await pki.sealFor(DEPTS.education);
    const request = buildOcspRequest(seal.certificate, pki.issuing);
    const post = await h.app.inject({
      method: "POST",
      url: "/pki/ocsp",
      headers: { "content-type": "application/ocsp-request" },
      payload: Buffer.from(request),
    });
    expect(post.statusCode).toBe(200);
    expect(ocspStatus(post.rawPayload)).toBe("good");
    const get = await h.app.inject({
      method: "GET",
      url: `/pki/ocsp/${encodeURIComponent(Buffer.from(request).toString("base64"))}`,
    });
    expect(get.statusCode, get.body).toBe(200);
    expect(ocspStatus(get.rawPayload)).toBe("good");

    const imprint = createHash("sha256").update("a document").digest();
    const tsq = buildTimestampRequest(new Uint8Array(imprint));
    const tsr = await h.app.inject({
      method: "POST",
      url: "/pki/tsa",
      headers: { "content-type": "application/timestamp-query" },
      payload: Buffer.from(tsq.der),
    });
    expect(tsr.statusCode).toBe(200);
    expect(tsr.headers["content-type"]).toBe("application/timestamp-reply");
    // Throws unless the reply is granted, for this imprint, with this nonce.
    expect(
      extractTimestampToken(new Uint8Array(tsr.rawPayload), new Uint8Array(imprint), tsq.nonce).length,
    ).toBeGreaterThan(500);
  });

  it("lets an admin revoke a department's seal: the CRL and OCSP show it at once, and sealing stops", async () => {
    const pki = h.signing!.pki;
    const serial = pki.departments().find((d) => d.code === DEPTS.education)!.serial;
    const forbidden = await h.app.inject({
      method: "POST",
      url: `/api/v1/seals/${DEPTS.education}/revoke`,
      headers: auth(h.key.issuer),
      payload: { reason: "keyCompromise" },
    });
    expect(forbidden.statusCode).toBe(403);
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/seals/${DEPTS.education}/revoke`,
      headers: auth(h.key.admin),
      payload: { reason: "keyCompromise", note: "私钥泄露" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ serial, status: "revoked" });

    const crl = new x509.X509Crl(
      new Uint8Array((await h.app.inject({ method: "GET", url: "/pki/crl/issuing.crl" })).rawPayload),
    );
    expect(crl.entries.map((e) => e.serialNumber.toLowerCase())).toContain(serial.toLowerCase());

    const seal = pki.issued().find((c) => c.serial === serial);
    expect(seal).toBeDefined();
    const certPem = readFileSync(path.join(h.dir, "pki", seal!.file), "utf8");
    const request = buildOcspRequest(new x509.X509Certificate(certPem), pki.issuing);
    const ocsp = await h.app.inject({
      method: "POST",
      url: "/pki/ocsp",
      headers: { "content-type": "application/ocsp-request" },
      payload: Buffer.from(request),
    });
    expect(ocspStatus(ocsp.rawPayload)).toBe("revoked");

    const refused = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.educationIssuer, { "idempotency-key": "after-revoke-1" }),
      payload: exampleIssue(h.catalogue, TYPES.teacher),
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().code).toBe("REG_SEAL_UNAVAILABLE");
    const audit = (
      await h.app.inject({
        method: "GET",
        url: "/api/v1/audit/events?limit=1000&purpose=audit-chain-review",
        headers: auth(h.key.auditor),
      })
    ).json().items;
    expect(audit).toContainEqual(expect.objectContaining({ action: "seal.revoke", target: serial }));
  });
});

function ocspStatus(der: Buffer): "good" | "revoked" | "unknown" {
  const resp = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
  const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes!.response.valueBlock.valueHexView);
  const status = basic.tbsResponseData.responses[0]!.certStatus as { idBlock: { tagNumber: number } };
  return (["good", "revoked", "unknown"] as const)[status.idBlock.tagNumber]!;
}
