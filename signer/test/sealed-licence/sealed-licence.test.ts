// Issue 3's "Must show" for every catalogue type: the real LicenceSealer with the real dev PKI (file keys) produces a
// PDF that pdfsig (online OCSP against our responder), qpdf, openssl cms / ts, zbarimg, pdffonts and pdftotext
// accept; and on request a B-LT PDF whose DSS carries the chain, the CRLs and an OCSP response.
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { signatureContentsValue, vriKey } from "../../src/pades/add-dss.js";
import { run } from "../pades/fixtures/external-tools.js";
import { FAST_SCRYPT } from "../pki/fixtures.js";
import {
  byteRangeOf,
  catalogueIssuers,
  catalogueTypeCodes,
  cmsParts,
  createSealingEnv,
  decodeQrCodes,
  embeddedGlyphs,
  exampleLicence,
  expectTrusted,
  opensslCmsVerify,
  opensslTsVerify,
  pdfFontRows,
  pdfTextCompact,
  pdfsig,
  sealExample,
  toolsFor,
  type SealingEnv,
} from "./fixtures.js";

const ok = toolsFor("sealed licences");
const codes = catalogueTypeCodes();

describe("the catalogue", () => {
  it("has types, each naming at least one issuer", () => {
    expect(codes.length).toBeGreaterThanOrEqual(4);
    expect(catalogueIssuers().length).toBeGreaterThanOrEqual(1);
  });
});

describe.skipIf(!ok)("sealed licences, dev PKI with file keys, checked by independent validators", () => {
  let env: SealingEnv;

  beforeAll(async () => {
    env = await createSealingEnv(
      (dir) => new FileKeyStore(join(dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT }),
    );
  });
  afterAll(async () => {
    await env?.close();
  });

  it("gave every catalogue issuer an e-seal certificate whose URLs point at the test server, which serves the CA certificates", async () => {
    expect(
      env.pki
        .departments()
        .map((d) => d.code)
        .sort(),
    ).toEqual(
      catalogueIssuers()
        .map((d) => d.code)
        .sort(),
    );
    const text = (
      await run("openssl", ["x509", "-in", env.sealPem(catalogueIssuers()[0]!.code), "-noout", "-text"])
    ).out;
    expect(text).toContain(`URI:${env.server.baseUrl}/pki/crl/issuing.crl`);
    expect(text).toContain(`OCSP - URI:${env.server.baseUrl}/pki/ocsp`);
    expect(text).toContain(`CA Issuers - URI:${env.server.baseUrl}/pki/certs/issuing.cer`);
    for (const [name, pem] of [
      ["root", env.pki.rootPem],
      ["issuing", env.pki.issuingPem],
    ] as const) {
      const res = await fetch(`${env.server.baseUrl}/pki/certs/${name}.pem`);
      expect(await res.text()).toBe(pem);
    }
  });

  describe.each(codes)("type %s sealed at B-T", (code) => {
    it("is valid, trusted and whole-document for pdfsig (online OCSP), qpdf, openssl cms and openssl ts", async () => {
      const { ex, sealed: r } = await sealExample(env, code);
      expect(r.level).toBe("B-T");
      expect(r.warnings).toEqual([]);
      expect(r.sha256).toBe(createHash("sha256").update(r.bytes).digest("hex"));
      expect(r.seal.department).toBe(ex.licence.issuer.code);
      const file = join(env.dir, `${code}.pdf`);
      await writeFile(file, r.bytes);

      const before = env.server.requests.length;
      const sig = await pdfsig(env, file);
      expectTrusted(sig);
      expect(sig).toContain("Total document signed");
      expect(sig).toContain(`Signer Certificate Common Name: ${ex.licence.issuer.name}`);
      // NSS asked our responder (it tries GET first and falls back to POST, the method the app serves).
      expect(env.server.requests.slice(before)).toContainEqual(
        expect.objectContaining({ method: "POST", path: "/pki/ocsp", status: 200 }),
      );

      expect((await run("qpdf", ["--check", file])).code).toBe(0);

      const parts = await cmsParts(env.dir, code, r.bytes);
      const cms = await opensslCmsVerify(env, parts);
      expect(cms.out).toContain("Verification successful");
      expect(cms.code).toBe(0);

      expect(parts.tokenFile).toBeDefined();
      const ts = await opensslTsVerify(env, parts);
      expect(ts.out).toContain("Verification: OK");
      expect(ts.code).toBe(0);
    });

    it("shows the licence: QR decodes to its URL, every font embedded, every value printed with real glyphs", async () => {
      const { ex, sealed: r } = await sealExample(env, code);
      const file = join(env.dir, `${code}-view.pdf`);
      await writeFile(file, r.bytes);

      expect(await decodeQrCodes(file, env.dir, code)).toEqual([ex.qrText]);

      const rows = await pdfFontRows(file);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      // name, type (one or two words), encoding, emb, sub, uni, object, generation
      for (const row of rows) expect(row.slice(-5, -2), row.join(" ")).toEqual(["yes", "yes", "yes"]);

      const text = await pdfTextCompact(file);
      for (const value of ex.texts)
        expect(text, `pdftotext lacks ${value}`).toContain(value.replace(/\s+/gu, ""));

      // pdftotext reads ToUnicode, not outlines: also check each character has a glyph that draws something.
      const glyphs = await embeddedGlyphs(r.bytes);
      expect(glyphs.fonts).toBeGreaterThanOrEqual(1);
      const chars = new Set([...ex.texts.join("")].filter((c) => !/\s/u.test(c)));
      const blank = [...chars].filter((c) => glyphs.drawn.get(c) !== true);
      expect(blank, "characters without an outline in the embedded fonts").toEqual([]);
    });
  });

  it("seals B-LT on request: still valid and trusted, qpdf clean, DSS holds the chain, both CRLs and a good OCSP response", async () => {
    const code = codes[codes.length - 1]!;
    const ex = await exampleLicence(code, env.server.baseUrl);
    const r = await env.sealer.seal({
      typeCode: code,
      licence: ex.licence,
      qrText: ex.qrText,
      now: new Date(),
      ltv: true,
    });
    expect(r.level).toBe("B-LT");
    expect(r.warnings).toEqual([]);
    const file = join(env.dir, `${code}-lt.pdf`);
    await writeFile(file, r.bytes);

    const sig = await pdfsig(env, file);
    expectTrusted(sig);
    // The DSS is an incremental update after the signed revision, as PAdES B-LT prescribes.
    expect(sig).toContain("Not total document signed");
    expect((await run("qpdf", ["--check", file])).code).toBe(0);
    const range = byteRangeOf(r.bytes);
    const parts = await cmsParts(env.dir, `${code}-lt`, r.bytes);
    expect((await opensslCmsVerify(env, parts)).out).toContain("Verification successful");
    expect((await opensslTsVerify(env, parts)).out).toContain("Verification: OK");

    const doc = await PDFDocument.load(r.bytes, { updateMetadata: false });
    const dss = doc.catalog.lookup(PDFName.of("DSS"), PDFDict);
    const streams = (key: string): Buffer[] =>
      dss
        .lookup(PDFName.of(key), PDFArray)
        .asArray()
        .map((ref) => {
          const s = doc.context.lookup(ref);
          if (!(s instanceof PDFRawStream)) throw new Error(`/DSS /${key} holds a non-stream`);
          return Buffer.from(s.getContents());
        });
    const der = (c: { rawData: ArrayBuffer }): Buffer => Buffer.from(c.rawData);
    const certs = streams("Certs");
    expect(certs).toContainEqual(der(env.pki.issuing));
    expect(certs).toContainEqual(der(env.pki.root));
    expect(certs).toContainEqual(der(env.pki.ocsp));

    const crls = streams("CRLs");
    expect(crls).toHaveLength(2);
    const chainFile = join(env.dir, "chain.pem");
    await writeFile(chainFile, env.pki.issuingPem + env.pki.rootPem);
    const issuers: string[] = [];
    for (const [i, crl] of crls.entries()) {
      const crlFile = join(env.dir, `dss-${i}.crl`);
      await writeFile(crlFile, crl);
      const out = (
        await run("openssl", [
          "crl",
          "-inform",
          "DER",
          "-in",
          crlFile,
          "-CAfile",
          chainFile,
          "-noout",
          "-issuer",
        ])
      ).out;
      expect(out).toContain("verify OK");
      issuers.push(out.includes("Issuing CA") ? "issuing" : out.includes("Root CA") ? "root" : out);
    }
    expect(issuers.sort()).toEqual(["issuing", "root"]);

    const ocsps = streams("OCSPs");
    expect(ocsps).toHaveLength(1);
    const ocspFile = join(env.dir, "dss.ocsp");
    await writeFile(ocspFile, ocsps[0]!);
    const sealPem = env.sealPem(ex.licence.issuer.code);
    const ocsp = await run("openssl", [
      "ocsp",
      "-respin",
      ocspFile,
      "-issuer",
      env.issuingPem,
      // The embedded response identifies the certificate by SHA-256 hashes (openssl defaults to SHA-1).
      "-sha256",
      "-cert",
      sealPem,
      "-CAfile",
      env.rootPem,
      "-resp_text",
    ]);
    expect(ocsp.out).toContain("Response verify OK");
    expect(ocsp.out).toContain(`${sealPem}: good`);

    // A VRI entry for this very signature.
    const vri = dss.lookup(PDFName.of("VRI"), PDFDict);
    expect(vri.keys().map((k) => k.decodeText())).toEqual([vriKey(signatureContentsValue(r.bytes, range))]);
  });
});
