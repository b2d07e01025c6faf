// The RSA-3072 option: the same PKI with RSA keys (slower to generate, so one PKI for all checks).
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
  opensslOcspAnswer,
  opensslTimestampVerdict,
} from "./fixtures.js";
import type { TempPki } from "./fixtures.js";
import { buildTrustList } from "../../src/trust-list/build-trust-list.js";
import { verifyTrustList } from "../../src/trust-list/verify-trust-list.js";

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
    const ocsp = await opensslOcspAnswer(t, "q.req", now);
    expect(ocsp).toContain("Response verify OK");
    expect(ocsp).toContain("Cert Status: revoked");
    expect(ocsp).toContain("Signature Algorithm: sha256WithRSAEncryption");

    expect(await opensslTimestampVerdict(t, now)).toContain("Verification: OK");
  });

  it("signs the trust list with its RSA trust-list signer (RS256), which verifies against the root", async () => {
    const list = await buildTrustList(t.pki, now);
    expect(JSON.parse(Buffer.from(list.signature.split(".")[0] ?? "", "base64url").toString())).toMatchObject(
      {
        alg: "RS256",
      },
    );
    expect(await verifyTrustList(list, new Uint8Array(t.pki.root.rawData), now)).toMatchObject({ ok: true });
  });
});
