// CRLs and OCSP responses from the dev PKI, checked with OpenSSL: signatures verify, and revocation shows at once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { buildOcspRequest } from "../../src/pki/ocsp-request.js";
import {
  DAY,
  DEPARTMENTS,
  FIXED_NOW,
  createTempPki,
  openssl,
  opensslMissingReason,
  write,
} from "./fixtures.js";
import type { TempPki } from "./fixtures.js";

if (opensslMissingReason) console.warn(`skipping CRL/OCSP OpenSSL tests: ${opensslMissingReason}`);

const at = (days: number): Date => new Date(FIXED_NOW.getTime() + days * DAY);
const readFile = (dir: string, name: string): Buffer => readFileSync(join(dir, name));
/** OpenSSL checks thisUpdate/nextUpdate against the wall clock; our responses carry the fixed test time. */
const TOLERATE_FIXED_TIME = ["-validity_period", String(20 * 365 * 86400)];

describe.skipIf(opensslMissingReason !== undefined)("CRL and OCSP checked with OpenSSL", () => {
  let t: TempPki;
  const sealFile = `certs/seal-${DEPARTMENTS[0]!.code}.pem`;
  const otherSealFile = `certs/seal-${DEPARTMENTS[1]!.code}.pem`;

  beforeAll(async () => {
    t = await createTempPki();
  });
  afterAll(() => t?.remove());

  function ocspStatus(requestName: string, responseName: string): { out: string; status: number | null } {
    return openssl(t.dir, [
      "ocsp",
      "-respin",
      responseName,
      "-reqin",
      requestName,
      "-CAfile",
      "certs/root.pem",
      "-issuer",
      "certs/issuing.pem",
      ...TOLERATE_FIXED_TIME,
      "-resp_text",
    ]);
  }

  it("serves an issuing CRL that verifies and lists nothing before any revocation", async () => {
    write(t.dir, "issuing-0.crl", await t.pki.buildCrl({ ca: "issuing", now: at(1) }));
    const r = openssl(t.dir, [
      "crl",
      "-inform",
      "DER",
      "-in",
      "issuing-0.crl",
      "-CAfile",
      "certs/chain.pem",
      "-noout",
      "-text",
    ]);
    expect(r.out).toContain("verify OK");
    expect(r.out).toContain("No Revoked Certificates");
    expect(r.out).toMatch(/X509v3 CRL Number:\s*\n\s*\d+/);
    expect(r.out).toContain("X509v3 Authority Key Identifier");
    expect(r.out).toContain("Last Update: Jun  2 08:00:00 2026 GMT");
    expect(r.out).toContain("Next Update: Jun  9 08:00:00 2026 GMT");
  });

  it("answers OCSP 'good' for a live seal, signed by the responder, with the nonce echoed", async () => {
    openssl(t.dir, ["ocsp", "-issuer", "certs/issuing.pem", "-cert", sealFile, "-reqout", "good.req"]);
    write(t.dir, "good.resp", await t.pki.respondOcsp(new Uint8Array(readFile(t.dir, "good.req")), at(1)));
    const r = ocspStatus("good.req", "good.resp");
    expect(r.out).toContain("Response verify OK");
    expect(r.out).toMatch(/Cert Status: good/);
    expect(r.out).not.toContain("Nonce Verify error");
    expect(r.out).toContain("OCSP Nonce");
    expect(r.out).toContain("OCSP Responder - NOT FOR PRODUCTION"); // the responder certificate rides along
  });

  it("after revokeCertificate, the CRL lists the serial with its reason and OCSP says revoked", async () => {
    const serial = t.pki.departments().find((d) => d.code === DEPARTMENTS[0]!.code)!.serial;
    const entry = await t.pki.revokeCertificate(DEPARTMENTS[0]!.code, "keyCompromise", at(2));
    expect(entry).toEqual({ serial, reason: "keyCompromise", revokedAt: at(2).toISOString() });

    write(t.dir, "issuing-1.crl", await t.pki.buildCrl({ ca: "issuing", now: at(3) }));
    const crl = openssl(t.dir, [
      "crl",
      "-inform",
      "DER",
      "-in",
      "issuing-1.crl",
      "-CAfile",
      "certs/chain.pem",
      "-noout",
      "-text",
    ]);
    expect(crl.out).toContain("verify OK");
    expect(crl.out).toContain(`Serial Number: ${serial.toUpperCase()}`);
    expect(crl.out).toMatch(/CRL Reason Code:\s*\n\s*Key Compromise/);
    expect(crl.out).toContain("Revocation Date: Jun  3 08:00:00 2026 GMT");

    openssl(t.dir, [
      "ocsp",
      "-issuer",
      "certs/issuing.pem",
      "-cert",
      sealFile,
      "-cert",
      otherSealFile,
      "-reqout",
      "two.req",
    ]);
    write(t.dir, "two.resp", await t.pki.respondOcsp(new Uint8Array(readFile(t.dir, "two.req")), at(3)));
    const r = ocspStatus("two.req", "two.resp");
    expect(r.out).toContain("Response verify OK");
    expect(r.out.match(/Cert Status: \w+/g)).toEqual(["Cert Status: revoked", "Cert Status: good"]);
    expect(r.out).toContain("Revocation Reason: keyCompromise");

    // Before the revocation date, the same question still gets "good": time is an input.
    write(t.dir, "early.resp", await t.pki.respondOcsp(new Uint8Array(readFile(t.dir, "two.req")), at(1)));
    expect(ocspStatus("two.req", "early.resp").out.match(/Cert Status: \w+/g)).toEqual([
      "Cert Status: good",
      "Cert Status: good",
    ]);
  });

  it("bundles chain, CRLs and an OCSP response for embedding (revocationData)", async () => {
    const seal = await t.pki.sealFor(DEPARTMENTS[1]!.code);
    const data = await t.pki.revocationData(seal.certificate, at(1));
    expect(data.certs).toHaveLength(3);
    expect(data.crls).toHaveLength(2);
    write(t.dir, "ltv.resp", data.ocsps[0]!);
    write(t.dir, "ltv-root.crl", data.crls[1]!);
    const r = openssl(t.dir, [
      "ocsp",
      "-respin",
      "ltv.resp",
      "-CAfile",
      "certs/root.pem",
      "-issuer",
      "certs/issuing.pem",
      "-resp_text",
    ]);
    expect(r.out).toContain("Response verify OK");
    expect(r.out).toContain("Cert Status: good");
    const crl = openssl(t.dir, [
      "crl",
      "-inform",
      "DER",
      "-in",
      "ltv-root.crl",
      "-CAfile",
      "certs/root.pem",
      "-noout",
    ]);
    expect(crl.out).toContain("verify OK");
  });

  it("CRL numbers grow with time and with every revocation", async () => {
    const number = async (now: Date): Promise<bigint> => {
      const crl = pkijs.CertificateRevocationList.fromBER(await t.pki.buildCrl({ ca: "issuing", now }));
      const ext = crl.crlExtensions!.extensions.find((e) => e.extnID === "2.5.29.20")!;
      return (asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result as asn1js.Integer).toBigInt();
    };
    const n1 = await number(at(4));
    const n2 = await number(at(5));
    expect(n2).toBeGreaterThan(n1);
    await t.pki.revokeCertificate(t.pki.tsa.serialNumber, "cessationOfOperation", at(5));
    expect(await number(at(5))).toBeGreaterThan(n2);
  });

  it("puts a revoked issuing CA on the root CRL, and OCSP about it is signed by the root's delegated responder", async () => {
    const other = await createTempPki({ departments: [] });
    try {
      await other.pki.revokeCertificate(other.pki.issuing.serialNumber, "cACompromise", at(1));
      write(other.dir, "root.crl", await other.pki.buildCrl({ ca: "root", now: at(2) }));
      const crl = openssl(other.dir, [
        "crl",
        "-inform",
        "DER",
        "-in",
        "root.crl",
        "-CAfile",
        "certs/root.pem",
        "-noout",
        "-text",
      ]);
      expect(crl.out).toContain("verify OK");
      expect(crl.out).toContain(`Serial Number: ${other.pki.issuing.serialNumber.toUpperCase()}`);

      openssl(other.dir, [
        "ocsp",
        "-issuer",
        "certs/root.pem",
        "-cert",
        "certs/issuing.pem",
        "-reqout",
        "ca.req",
      ]);
      write(
        other.dir,
        "ca.resp",
        await other.pki.respondOcsp(new Uint8Array(readFile(other.dir, "ca.req")), at(2)),
      );
      const r = openssl(other.dir, [
        "ocsp",
        "-respin",
        "ca.resp",
        "-reqin",
        "ca.req",
        "-CAfile",
        "certs/root.pem",
        ...TOLERATE_FIXED_TIME,
        "-resp_text",
      ]);
      expect(r.out).toContain("Response verify OK");
      expect(r.out).toContain("Cert Status: revoked");
      await expect(
        other.pki.revokeCertificate(other.pki.root.serialNumber, "keyCompromise", at(2)),
      ).rejects.toMatchObject({
        code: "SIG_PKI_REVOKE_ROOT",
      });
    } finally {
      other.remove();
    }
  });

  it("answers 'unknown' for a serial it never issued", async () => {
    const other = await createTempPki({ departments: [DEPARTMENTS[0]!] });
    try {
      // Same issuer name and key hash would be needed for a match: a foreign PKI's seal is unknown here.
      const request = buildOcspRequest(
        (await other.pki.sealFor(DEPARTMENTS[0]!.code)).certificate,
        t.pki.issuing,
      );
      const response = pkijs.OCSPResponse.fromBER(await t.pki.respondOcsp(request, at(1)));
      const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes!.response.valueBlock.valueHexView);
      expect((basic.tbsResponseData.responses[0]!.certStatus as asn1js.BaseBlock).idBlock.tagNumber).toBe(2);
    } finally {
      other.remove();
    }
  });

  it("answers malformedRequest to garbage and never throws", async () => {
    for (const bad of [
      new Uint8Array(),
      new Uint8Array([0x30, 0x03, 0x02, 0x01]),
      new TextEncoder().encode("GET / HTTP/1.1"),
    ]) {
      const response = pkijs.OCSPResponse.fromBER(await t.pki.respondOcsp(bad, at(1)));
      expect(response.responseStatus.valueBlock.valueDec).toBe(1);
      expect(response.responseBytes).toBeUndefined();
    }
  });

  it("validates revocation input", async () => {
    await expect(t.pki.revokeCertificate("deadbeef", "keyCompromise", at(1))).rejects.toMatchObject({
      code: "SIG_PKI_SERIAL_UNKNOWN",
    });
    await expect(
      t.pki.revokeCertificate(DEPARTMENTS[1]!.code, "because" as never, at(1)),
    ).rejects.toMatchObject({
      code: "SIG_PKI_REASON_INVALID",
    });
  });
});
