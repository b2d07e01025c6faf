// The registry's annotation seal (海丰县政务服务数据管理局) under the admin seal routes: listed beside the departments'
// seals with its role, revocable by its credit code like theirs (audit, OCSP, CRL, trust list at once), after which
// annotated copies are refused, also when the revocation bypassed the route and the sealer's cache.
import "reflect-metadata";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as x509 from "@peculiar/x509";
import * as pkijs from "pkijs";
import { buildOcspRequest, TRUST_LIST_PATH, type TrustListBody } from "@elicence/signer";
import { auth, DEPTS, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";

const PLATFORM = "11441521MB2D0316X9";
const PLATFORM_NAME = "海丰县政务服务数据管理局";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true });
});
afterAll(async () => {
  await h?.close();
});

async function issue(on: Harness): Promise<string> {
  const res = await on.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(on.key.issuer, { "idempotency-key": `platform-${Math.random().toString(36).slice(2)}` }),
    payload: exampleIssue(on.catalogue, TYPES.food),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ identifier: string }>().identifier;
}

function annotate(on: Harness, identifier: string) {
  return on.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/annotated-copy`,
    headers: auth(on.key.issuer),
    payload: { serviceItem: "food-business-renewal" },
  });
}

function revoke(key: string) {
  return h.app.inject({
    method: "POST",
    url: `/api/v1/seals/${PLATFORM}/revoke`,
    headers: auth(key),
    payload: { reason: "keyCompromise", note: "加注章私钥泄露" },
  });
}

type SealItem = { department: string; name: string; role: string; serial: string; status: string };
async function listSeals(): Promise<SealItem[]> {
  const res = await h.app.inject({ method: "GET", url: "/api/v1/seals", headers: auth(h.key.admin) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: SealItem[] }>().items;
}

async function ocspStatus(serial: string): Promise<"good" | "revoked" | "unknown"> {
  const pki = h.signing!.pki;
  const certificate = pki.certificateBySerial(serial);
  expect(certificate).toBeDefined();
  const res = await h.app.inject({
    method: "POST",
    url: "/pki/ocsp",
    headers: { "content-type": "application/ocsp-request" },
    payload: Buffer.from(buildOcspRequest(certificate!, pki.issuing)),
  });
  expect(res.statusCode).toBe(200);
  const resp = pkijs.OCSPResponse.fromBER(new Uint8Array(res.rawPayload));
  const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes!.response.valueBlock.valueHexView);
  const status = basic.tbsResponseData.responses[0]!.certStatus as { idBlock: { tagNumber: number } };
  return (["good", "revoked", "unknown"] as const)[status.idBlock.tagNumber]!;
}

async function trustListEntry(serial: string) {
  const res = await h.app.inject({ method: "GET", url: TRUST_LIST_PATH });
  expect(res.statusCode).toBe(200);
  return res.json<TrustListBody>().seals.find((s) => s.serial === serial);
}

describe("the annotation seal under /api/v1/seals", () => {
  it("is listed with role annotation beside the departments' seals (role licence)", async () => {
    const items = await listSeals();
    const platform = items.filter((i) => i.role === "annotation");
    expect(platform).toEqual([
      {
        department: PLATFORM,
        name: PLATFORM_NAME,
        role: "annotation",
        serial: h.signing!.pki.platform()!.serial,
        status: "good",
      },
    ]);
    const licence = items.filter((i) => i.role === "licence");
    expect(licence.map((i) => i.department)).toEqual(expect.arrayContaining(Object.values(DEPTS)));
    expect(licence.map((i) => i.department)).not.toContain(PLATFORM);
    expect(items).toHaveLength(licence.length + 1);
  });

  it("records every annotated copy in the seal-usage ledger auditors read, beside the licence's own sealing", async () => {
    const identifier = await issue(h);
    const copy = await annotate(h, identifier);
    expect(copy.statusCode, copy.body).toBe(200);
    const copySha256 = createHash("sha256").update(copy.rawPayload).digest("hex");
    const serial = h.signing!.pki.platform()!.serial;
    const ledger = await h.app.inject({
      method: "GET",
      url: `/api/v1/seal-usage?licence=${identifier}`,
      headers: auth(h.key.auditor),
    });
    expect(ledger.statusCode, ledger.body).toBe(200);
    type Use = {
      department: string;
      sealSerial: string;
      sealCertificateSha256: string;
      documentSha256: string;
    };
    const items = ledger.json<{ items: Use[] }>().items;
    expect(items.map((i) => i.department)).toEqual([DEPTS.market, PLATFORM]);
    const platformCert = h.signing!.pki.certificateBySerial(serial)!;
    expect(items[1]).toMatchObject({
      sealSerial: serial,
      documentSha256: copySha256,
      sealCertificateSha256: createHash("sha256").update(new Uint8Array(platformCert.rawData)).digest("hex"),
    });
    const bySeal = await h.app.inject({
      method: "GET",
      url: `/api/v1/seal-usage?seal=${serial}`,
      headers: auth(h.key.auditor),
    });
    expect(bySeal.json<{ items: Use[] }>().items.map((i) => i.documentSha256)).toContain(copySha256);
  });

  it("is refused to non-admins and left untouched by them", async () => {
    expect((await revoke(h.key.issuer)).statusCode).toBe(403);
    expect((await revoke(h.key.clerk)).statusCode).toBe(403);
    expect((await listSeals()).find((i) => i.role === "annotation")?.status).toBe("good");
  });

  it("is revoked by an admin like a department's seal: audit, OCSP, CRL and trust list at once; copies refused", async () => {
    const serial = h.signing!.pki.platform()!.serial;
    const identifier = await issue(h);
    // Made once before, so the sealer has the annotation seal's key in hand when the revocation comes.
    expect((await annotate(h, identifier)).statusCode).toBe(200);
    expect(await ocspStatus(serial)).toBe("good");

    const res = await revoke(h.key.admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      department: PLATFORM,
      role: "annotation",
      serial,
      status: "revoked",
      revokedAt: h.clock.now.toISOString(),
      reason: "keyCompromise",
    });

    expect((await listSeals()).find((i) => i.role === "annotation")).toMatchObject({
      serial,
      status: "revoked",
    });
    expect(await ocspStatus(serial)).toBe("revoked");
    const crl = new x509.X509Crl(
      new Uint8Array((await h.app.inject({ method: "GET", url: "/pki/crl/issuing.crl" })).rawPayload),
    );
    expect(crl.entries.map((e) => e.serialNumber.toLowerCase())).toContain(serial.toLowerCase());
    expect(await trustListEntry(serial)).toMatchObject({
      department: { code: PLATFORM, name: PLATFORM_NAME },
      status: "revoked",
      revocationReason: "keyCompromise",
    });
    // The departments' seals are not touched.
    expect((await listSeals()).filter((i) => i.role === "licence").map((i) => i.status)).not.toContain(
      "revoked",
    );

    const audit = (await h.store.readAudit(0, 10_000)).filter((e) => e.action === "seal.revoke");
    expect(audit.at(-1)).toMatchObject({
      role: "admin",
      target: serial,
      purpose: "加注章私钥泄露",
      detail: { department: PLATFORM, reason: "keyCompromise", role: "annotation" },
    });

    const refused = await annotate(h, identifier);
    expect(refused.statusCode).toBe(503);
    const body = refused.json<{ code: string; message: string }>();
    expect(body.code).toBe("REG_SEAL_UNAVAILABLE");
    expect(body.message).toContain(PLATFORM);
    expect(body.message).toContain(PLATFORM_NAME);
    expect(body.message).toContain("revoked");
    // Licences are still sealed with the department's own seal.
    await issue(h);
  });

  it("answers 404 for a credit code that has no seal", async () => {
    const unknown = await h.app.inject({
      method: "POST",
      url: "/api/v1/seals/91441521MA4UXXXX0X/revoke",
      headers: auth(h.key.admin),
      payload: { reason: "keyCompromise" },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ message: string }>().message).toContain("GET /api/v1/seals");
  });
});

describe("an annotated copy after the annotation seal was revoked elsewhere", () => {
  let other: Harness;
  beforeAll(async () => {
    other = await startHarness({ signing: true });
  });
  afterAll(async () => {
    await other?.close();
  });

  it("is refused although the sealer still holds the seal: the status is checked on every copy", async () => {
    const identifier = await issue(other);
    expect((await annotate(other, identifier)).statusCode).toBe(200);
    // As another process would: straight into the PKI, so the sealer's cached seal is not forgotten.
    const pki = other.signing!.pki;
    await pki.revokeCertificate(pki.platform()!.serial, "keyCompromise", other.clock.now);
    const refused = await annotate(other, identifier);
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: "REG_SEAL_UNAVAILABLE" });
    expect(refused.json<{ message: string }>().message).toContain(`${PLATFORM_NAME} (${PLATFORM}`);
  });
});
