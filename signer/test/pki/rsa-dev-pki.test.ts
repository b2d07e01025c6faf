// The RSA-3072 option: the same PKI with RSA keys (slower to generate, so one PKI for all checks).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATTIME,
  DAY,
  DEPARTMENTS,
  FIXED_NOW,
  createTempPki,
  openssl,
  opensslMissingReason,
  write,
} from "./fixtures.js";
import type { TempPki } from "./fixtures.js";

if (opensslMissingReason) console.warn(`skipping RSA dev PKI tests: ${opensslMissingReason}`);

describe.skipIf(opensslMissingReason !== undefined)("dev PKI with RSA-3072 keys", () => {
  let t: TempPki;
  const now = new Date(FIXED_NOW.getTime() + DAY);
  const seal = `certs/seal-${DEPARTMENTS[0]!.code}.pem`;

  beforeAll(async () => {
    t = await createTempPki({ algorithm: "RSA-3072", departments: [DEPARTMENTS[0]!] });
  }, 120_000);
  afterAll(() => t?.remove());

  it("issues RSA certificates signed sha256WithRSAEncryption that chain to the root", () => {
    const r = openssl(t.dir, [
      "verify",
      "-attime",
      ATTIME,
      "-CAfile",
      "certs/root.pem",
      "-untrusted",
      "certs/issuing.pem",
      seal,
      "certs/tsa.pem",
    ]);
    expect(r.status).toBe(0);
    const text = openssl(t.dir, ["x509", "-in", seal, "-noout", "-text"]).out;
    expect(text).toContain("Public-Key: (3072 bit)");
    expect(text).toContain("Signature Algorithm: sha256WithRSAEncryption");
    expect(t.pki.algorithm).toBe("RSA-3072");
  });

  it("signs CRL, OCSP and TSA answers with RSA that OpenSSL verifies", async () => {
    await t.pki.revokeCertificate(DEPARTMENTS[0]!.code, "superseded", now);
    write(t.dir, "issuing.crl", await t.pki.buildCrl({ ca: "issuing", now }));
    expect(
      openssl(t.dir, ["crl", "-inform", "DER", "-in", "issuing.crl", "-CAfile", "certs/chain.pem", "-noout"])
        .out,
    ).toContain("verify OK");
    openssl(t.dir, ["ocsp", "-issuer", "certs/issuing.pem", "-cert", seal, "-reqout", "q.req"]);
    write(t.dir, "r.resp", await t.pki.respondOcsp(new Uint8Array(readFileSync(join(t.dir, "q.req"))), now));
    const ocsp = openssl(t.dir, [
      "ocsp",
      "-respin",
      "r.resp",
      "-reqin",
      "q.req",
      "-CAfile",
      "certs/root.pem",
      "-issuer",
      "certs/issuing.pem",
      "-validity_period",
      String(20 * 365 * 86400),
      "-resp_text",
    ]);
    expect(ocsp.out).toContain("Response verify OK");
    expect(ocsp.out).toContain("Cert Status: revoked");
    expect(ocsp.out).toContain("Signature Algorithm: sha256WithRSAEncryption");

    write(t.dir, "f.txt", "data");
    openssl(t.dir, ["ts", "-query", "-data", "f.txt", "-sha256", "-cert", "-out", "q.tsq"]);
    write(t.dir, "r.tsr", await t.pki.timestamp(new Uint8Array(readFileSync(join(t.dir, "q.tsq"))), now));
    write(t.dir, "tsa-chain.pem", readFileSync(join(t.dir, "certs", "tsa.pem"), "utf8") + t.pki.issuingPem);
    const ts = openssl(t.dir, [
      "ts",
      "-verify",
      "-in",
      "r.tsr",
      "-queryfile",
      "q.tsq",
      "-CAfile",
      "certs/root.pem",
      "-untrusted",
      "tsa-chain.pem",
    ]);
    expect(ts.out).toContain("Verification: OK");
  });
});
