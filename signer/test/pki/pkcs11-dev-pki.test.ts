// The whole dev PKI with every private key on a SoftHSM2 token: certificates, CRL, OCSP and TSA tokens signed on the
// token still verify with OpenSSL, and no key material is written to disk.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pkcs11KeyStore } from "../../src/keys/pkcs11-key-store.js";
import { loadPki } from "../../src/pki/dev-pki.js";
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
import { SOFTHSM_LIBRARY, createTestToken, softHsmMissingReason } from "./softhsm.js";
import type { TestToken } from "./softhsm.js";

const skipReason = softHsmMissingReason ?? opensslMissingReason;
if (skipReason) console.warn(`skipping PKCS#11 dev PKI tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("dev PKI with keys on a PKCS#11 token", () => {
  let token: TestToken;
  let store: Pkcs11KeyStore;
  let t: TempPki;
  const now = new Date(FIXED_NOW.getTime() + DAY);

  beforeAll(async () => {
    token = createTestToken("pki", "1234");
    store = new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "pki", pin: "1234" });
    t = await createTempPki({ keyStore: store, departments: [DEPARTMENTS[0]!] });
  });

  afterAll(async () => {
    await store?.close();
    t?.remove();
    token?.remove();
  });

  it("creates a chain OpenSSL verifies, with no private key on disk", () => {
    const r = openssl(t.dir, [
      "verify",
      "-attime",
      ATTIME,
      "-CAfile",
      "certs/root.pem",
      "-untrusted",
      "certs/issuing.pem",
      `certs/seal-${DEPARTMENTS[0]!.code}.pem`,
      "certs/tsa.pem",
      "certs/ocsp.pem",
    ]);
    expect(r.status).toBe(0);
    expect(existsSync(join(t.dir, "keys"))).toBe(false);
  });

  it("keeps every key of the PKI sensitive and never extractable on the token", async () => {
    for (const c of t.pki.issued()) {
      expect(await store.protectionOf(c.keyLabel)).toMatchObject({
        sensitive: true,
        extractable: false,
        neverExtractable: true,
      });
    }
    const seal = await t.pki.sealFor(DEPARTMENTS[0]!.code);
    await expect(
      seal.keyHandle.crypto.subtle.exportKey("pkcs8", seal.keyHandle.privateKey),
    ).rejects.toThrow();
  });

  it("signs CRLs, OCSP responses and timestamps on the token (verified by OpenSSL)", async () => {
    await t.pki.revokeCertificate(DEPARTMENTS[0]!.code, "affiliationChanged", now);
    write(t.dir, "issuing.crl", await t.pki.buildCrl({ ca: "issuing", now }));
    expect(
      openssl(t.dir, ["crl", "-inform", "DER", "-in", "issuing.crl", "-CAfile", "certs/chain.pem", "-noout"])
        .out,
    ).toContain("verify OK");

    openssl(t.dir, [
      "ocsp",
      "-issuer",
      "certs/issuing.pem",
      "-cert",
      `certs/seal-${DEPARTMENTS[0]!.code}.pem`,
      "-reqout",
      "q.req",
    ]);
    const ocsp = await opensslOcspAnswer(t, "q.req", now);
    expect(ocsp).toContain("Response verify OK");
    expect(ocsp).toContain("Cert Status: revoked");

    expect(await opensslTimestampVerdict(t, now)).toContain("Verification: OK");
  });

  it("loads the PKI again through a new session and finds the seal key by its label", async () => {
    const again = new Pkcs11KeyStore({ library: SOFTHSM_LIBRARY, tokenLabel: "pki", pin: "1234" });
    try {
      const pki = await loadPki(t.dir, again);
      expect(pki.root.serialNumber).toBe(t.pki.root.serialNumber);
      const handle = await again.get(t.pki.issued().find((c) => c.role === "tsa")!.keyLabel);
      expect(Buffer.from(handle.publicKey).equals(Buffer.from(pki.tsa.publicKey.rawData))).toBe(true);
    } finally {
      await again.close();
    }
  });
});
