// The dev PKI as OpenSSL sees it: chains verify, every profile carries the extensions the design requires,
// serials are random and positive, and re-running creation only adds what is missing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import { loadPki } from "../../src/pki/dev-pki.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import {
  ATTIME,
  DAY,
  DEPARTMENTS,
  FAST_SCRYPT,
  FIXED_NOW,
  createTempPki,
  openssl,
  opensslMissingReason,
} from "./fixtures.js";
import type { TempPki } from "./fixtures.js";

if (opensslMissingReason) console.warn(`skipping dev PKI OpenSSL tests: ${opensslMissingReason}`);

describe.skipIf(opensslMissingReason !== undefined)("dev PKI checked with OpenSSL", () => {
  let t: TempPki;
  const certs = (name: string): string => join("certs", name);
  const text = (name: string): string =>
    openssl(t.dir, ["x509", "-in", certs(name), "-noout", "-text", "-nameopt", "utf8"]).out;

  beforeAll(async () => {
    t = await createTempPki();
  });
  afterAll(() => t?.remove());

  it("chains every end-entity certificate to the root (openssl verify)", () => {
    const files = [
      ...DEPARTMENTS.map((d) => certs(`seal-${d.code}.pem`)),
      certs("tsa.pem"),
      certs("ocsp.pem"),
    ];
    const r = openssl(t.dir, [
      "verify",
      "-attime",
      ATTIME,
      "-CAfile",
      certs("root.pem"),
      "-untrusted",
      certs("issuing.pem"),
      ...files,
    ]);
    expect(r.status).toBe(0);
    for (const f of files) expect(r.out).toContain(`${f}: OK`);
  });

  it("does not verify a seal against a different root", async () => {
    const other = await createTempPki({ departments: [] });
    try {
      const r = openssl(t.dir, [
        "verify",
        "-attime",
        ATTIME,
        "-CAfile",
        join(other.dir, "certs", "root.pem"),
        "-untrusted",
        certs("issuing.pem"),
        certs(`seal-${DEPARTMENTS[0]!.code}.pem`),
      ]);
      expect(r.status).not.toBe(0);
    } finally {
      other.remove();
    }
  });

  it("gives root and issuing CA critical basicConstraints and keyCertSign+cRLSign, with SKI and AKI", () => {
    for (const name of ["root.pem", "issuing.pem"]) {
      const out = text(name);
      expect(out).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
      expect(out).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
      expect(out).toContain("X509v3 Subject Key Identifier");
      expect(out).toContain("X509v3 Authority Key Identifier");
    }
    expect(text("issuing.pem")).toMatch(/CA:TRUE, pathlen:0/);
    expect(text("issuing.pem")).toContain("URI:http://localhost:3000/pki/crl/root.crl");
  });

  it("profiles the e-seal: key usage, documentSigning + emailProtection, ETSI subject, CRL DP and AIA", () => {
    const [d] = DEPARTMENTS;
    const out = text(`seal-${d!.code}.pem`);
    expect(out).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(out).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(out).toMatch(
      /X509v3 Extended Key Usage:\s*\n\s*(1\.3\.6\.1\.5\.5\.7\.3\.36|Document Signing), E-mail Protection/,
    );
    expect(out).toContain(
      `Subject: C=CN, O=${d!.name}, organizationIdentifier=NTRCN-${d!.code}, CN=${d!.name}`,
    );
    expect(out).toContain("URI:http://localhost:3000/pki/crl/issuing.crl");
    expect(out).toContain("OCSP - URI:http://localhost:3000/pki/ocsp");
    expect(out).toContain("CA Issuers - URI:http://localhost:3000/pki/certs/issuing.cer");
    expect(out).toContain("ASN1 OID: prime256v1");
  });

  it("encodes CN and O as UTF8String and C as PrintableString", () => {
    const out = openssl(t.dir, ["asn1parse", "-in", certs(`seal-${DEPARTMENTS[0]!.code}.pem`)]).out;
    expect(out).toMatch(/countryName\s*\n.*PRINTABLESTRING\s*:CN/);
    expect(out).toMatch(/commonName\s*\n.*UTF8STRING/);
    expect(out).toMatch(/organizationName\s*\n.*UTF8STRING/);
  });

  it("gives the TSA a critical timeStamping-only EKU and the OCSP responder OCSPSigning + ocsp-nocheck", () => {
    expect(text("tsa.pem")).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping\s*\n/);
    const ocsp = text("ocsp.pem");
    expect(ocsp).toMatch(/X509v3 Extended Key Usage:\s*\n\s*OCSP Signing/);
    expect(ocsp).toContain("OCSP No Check");
    expect(ocsp).not.toContain("OCSP - URI");
  });

  it("issues positive serials of at least 64 random bits, all different", () => {
    const serials = t.pki.issued().map((c) => c.serial);
    expect(new Set(serials).size).toBe(serials.length);
    for (const s of serials) {
      expect(s).toMatch(/^[4-7][0-9a-f]{31}$/); // 16 octets, top bit clear: positive, 126 random bits
    }
    const fromOpenssl = openssl(t.dir, ["x509", "-in", certs("root.pem"), "-noout", "-serial"]).out.trim();
    expect(fromOpenssl.toLowerCase()).toBe(`serial=${t.pki.issued()[0]!.serial}`);
  });

  it("validity starts at `now` and never outlives the issuer", () => {
    expect(t.pki.root.notBefore.toISOString()).toBe(FIXED_NOW.toISOString());
    for (const c of [t.pki.issuing, t.pki.tsa, t.pki.ocsp]) {
      expect(c.notAfter.getTime()).toBeLessThanOrEqual(t.pki.root.notAfter.getTime());
    }
    expect(t.pki.ocsp.notAfter.getTime() - t.pki.ocsp.notBefore.getTime()).toBe(365 * DAY);
  });

  it("keeps private keys encrypted on disk and serves PEM that OpenSSL loads", () => {
    for (const c of t.pki.issued()) {
      const pem = readFileSync(join(t.dir, "keys", `${c.keyLabel}.key.pem`), "utf8");
      expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    }
    expect(t.pki.rootPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(readFileSync(join(t.dir, "certs", "root.pem"), "utf8")).toBe(t.pki.rootPem);
    expect(readFileSync(join(t.dir, "certs", "issuing.pem"), "utf8")).toBe(t.pki.issuingPem);
  });

  it("hands out seal credentials whose key matches the certificate", async () => {
    const seal = await t.pki.sealFor(DEPARTMENTS[1]!.code);
    expect(seal.department).toEqual(DEPARTMENTS[1]);
    expect(
      Buffer.from(seal.keyHandle.publicKey).equals(Buffer.from(seal.certificate.publicKey.rawData)),
    ).toBe(true);
    expect(seal.chain.map((c) => c.subject)).toEqual([t.pki.issuing.subject, t.pki.root.subject]);
    await expect(t.pki.sealFor("91110000600037341L")).rejects.toMatchObject({
      code: "SIG_PKI_DEPARTMENT_UNKNOWN",
    });
  });
});

describe("createDevPki on an existing directory", () => {
  let t: TempPki;
  beforeAll(async () => {
    t = await createTempPki({ departments: [DEPARTMENTS[0]!] });
  });
  afterAll(() => t?.remove());

  const again = async (departments = DEPARTMENTS, now = new Date(FIXED_NOW.getTime() + DAY)) =>
    createDevPki({
      dir: t.dir,
      spec: await readPkiSpec(),
      departments,
      baseUrl: "http://localhost:3000",
      now,
      keyStore: new FileKeyStore(join(t.dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT }),
    });

  it("loads instead of recreating, and adds seals only for new departments", async () => {
    const before = t.pki.issued().map((c) => c.serial);
    const pki = await again();
    const after = pki.issued().map((c) => c.serial);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(
      pki
        .departments()
        .map((d) => d.code)
        .sort(),
    ).toEqual(DEPARTMENTS.map((d) => d.code).sort());
    const third = await again();
    expect(third.issued()).toHaveLength(after.length);
  });

  it("reissues a revoked seal and supersedes the seal of a renamed department", async () => {
    const pki = await loadPki(t.dir, new FileKeyStore(join(t.dir, "keys"), "test passphrase"));
    const [first, second] = DEPARTMENTS;
    const oldFirst = (await pki.sealFor(first!.code)).certificate.serialNumber.toLowerCase();
    await pki.revokeCertificate(first!.code, "keyCompromise", new Date(FIXED_NOW.getTime() + DAY));
    await expect(pki.sealFor(first!.code)).rejects.toMatchObject({ code: "SIG_PKI_SEAL_REVOKED" });

    const renamed = { ...second!, name: "某某市教育体育局" };
    const next = await again([first!, renamed], new Date(FIXED_NOW.getTime() + 2 * DAY));
    const newFirst = await next.sealFor(first!.code);
    expect(newFirst.certificate.serialNumber.toLowerCase()).not.toBe(oldFirst);
    expect((await next.sealFor(second!.code)).certificate.subject).toContain("某某市教育体育局");
    const oldSecond = next
      .issued()
      .find((c) => c.department?.code === second!.code && c.department.name === second!.name);
    expect(await next.statusOf(oldSecond!.serial, new Date(FIXED_NOW.getTime() + 3 * DAY))).toMatchObject({
      status: "revoked",
      reason: "superseded",
    });
  });

  it("renews the OCSP responder certificate in its last 30 days, leaving seals alone", async () => {
    const before = await loadPki(t.dir, t.keyStore);
    const ocspSerial = before.ocsp.serialNumber;
    const sealSerials = before.departments().map((d) => d.serial);
    const current = before.departments().map(({ code, name }) => ({ code, name }));
    const renewed = await again(current, new Date(FIXED_NOW.getTime() + 340 * DAY));
    expect(renewed.ocsp.serialNumber).not.toBe(ocspSerial);
    expect(renewed.ocsp.notBefore.toISOString()).toBe(
      new Date(FIXED_NOW.getTime() + 340 * DAY).toISOString(),
    );
    expect(renewed.tsa.serialNumber).toBe(before.tsa.serialNumber);
    expect(renewed.departments().map((d) => d.serial)).toEqual(sealSerials);
  });

  it("rejects bad departments naming each field", async () => {
    await expect(
      again([
        { name: "", code: "11220000013544541J" },
        { name: "ok", code: "not-a-code" },
      ]),
    ).rejects.toMatchObject({
      code: "SIG_PKI_DEPARTMENT_INVALID",
      details: [
        { field: "departments[0].name", message: expect.any(String) as string },
        { field: "departments[1].code", message: expect.any(String) as string },
      ],
    });
  });

  it("refuses to load a directory that holds no PKI", async () => {
    await expect(loadPki(join(t.dir, "certs"), t.keyStore)).rejects.toMatchObject({
      code: "SIG_PKI_NOT_FOUND",
    });
  });
});
