// PAdES sealing checked by independent validators: pdfsig (poppler + NSS), openssl cms / ts, qpdf.

import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PDFRef } from "pdf-lib";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PadesError,
  addSignatureField,
  savePreparedPdf,
  sealPdf,
  signPreparedPdf,
} from "../../src/pades/index.js";
import { pdfDate } from "../../src/pades/pdf-syntax.js";
import { cmsFromContents, writeCmsParts } from "./fixtures/cms-parts.js";
import {
  missingTools,
  nssDbTrusting,
  opensslCmsVerifyFiles,
  pdfsig,
  run,
} from "./fixtures/external-tools.js";
import { opensslTsa } from "./fixtures/openssl-tsa.js";
import { sampleDocument } from "./fixtures/sample-document.js";
import { createTestPki, type TestPki } from "./fixtures/test-pki.js";
import type { TimestampFn } from "../../src/pades/types.js";

const missing = missingTools(["pdfsig", "certutil", "openssl", "qpdf"]);

// pdfsig and openssl validate certificates against the real clock, so the test PKI and /M use it too.
const now = new Date();

describe.skipIf(missing.length > 0)("sealPdf, checked by pdfsig / openssl / qpdf", () => {
  let pki: TestPki;
  let dir: string;
  let nss: string;
  let tsa: TimestampFn;
  let rootPem: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pades-test-"));
    pki = await createTestPki(now);
    rootPem = join(dir, "root.pem");
    await writeFile(rootPem, pki.root.pem);
    await writeFile(join(dir, "issuing.pem"), pki.issuing.pem);
    await writeFile(join(dir, "tsa.pem"), pki.tsa.pem);
    nss = await nssDbTrusting(dir, pki.root.pem);
    tsa = await opensslTsa(dir, pki);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function save(name: string, bytes: Uint8Array): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, bytes);
    return file;
  }

  function expectValid(text: string, whole = true): void {
    expect(text).toContain("Signature Validation: Signature is Valid.");
    expect(text).toContain("Certificate Validation: Certificate is Trusted.");
    expect(text).toContain(whole ? "Total document signed" : "Not total document signed");
  }

  async function opensslCmsVerify(cmsFile: string, contentFile: string): Promise<string> {
    return (await opensslCmsVerifyFiles(cmsFile, contentFile, rootPem)).out;
  }

  /** The signer's own signed attributes in `openssl cms -cmsout -print` (the TSA's token has its own). */
  async function printedSignedAttrs(cmsFile: string): Promise<string> {
    const text = (await run("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", cmsFile])).out;
    const from = text.indexOf("signedAttrs:", text.indexOf("signerInfos:"));
    return text.slice(from, text.indexOf("signatureAlgorithm:", from));
  }

  it("ECDSA P-256, B-T, visible seal, Chinese reason and location: valid, trusted, whole document", async () => {
    const s = await sampleDocument(now);
    const reason = "颁发电子营业执照（测试）";
    const location = "上海市浦东新区";
    const r = await sealPdf({
      doc: s.doc,
      page: s.page,
      seal: { rect: s.rect, appearance: s.appearance },
      signer: pki.ecSeal,
      timestamp: tsa,
      reason,
      location,
      now,
    });
    expect(r.level).toBe("B-T");
    expect(r.warnings).toEqual([]);
    expect(r.sha256).toBe(createHash("sha256").update(r.bytes).digest("hex"));
    expect(r.byteRange[0]).toBe(0);
    expect(r.byteRange[2] + r.byteRange[3]).toBe(r.bytes.length);
    const file = await save("ec-bt.pdf", r.bytes);

    expectValid(await pdfsig(file, nss));
    expect((await run("qpdf", ["--check", file])).code).toBe(0);

    // What is in /Contents is exactly the CMS reported, and openssl accepts it over the two ranges.
    expect(Buffer.from(cmsFromContents(r.bytes, r.byteRange)).equals(r.cmsDer)).toBe(true);
    const parts = await writeCmsParts(dir, "ec-bt", r.bytes, r.byteRange, r.cmsDer);
    expect(await opensslCmsVerify(parts.cmsFile, parts.contentFile)).toContain("Verification successful");
    // Signed attributes are stored in DER SET OF order (openssl re-sorts before verifying, so order matters).
    const encoded = (parts.signerInfo.signedAttrs?.attributes ?? []).map((a) =>
      Buffer.from(a.toSchema().toBER()),
    );
    expect(encoded).toHaveLength(3);
    expect([...encoded].sort((a, b) => Buffer.compare(a, b))).toEqual(encoded);
    const attrs = await printedSignedAttrs(parts.cmsFile);
    expect(attrs).toContain("signingCertificateV2");
    expect(attrs).toContain("messageDigest");
    expect(attrs).not.toContain("signingTime");

    // The signature timestamp covers SHA-256 of this signature value and chains to the test root.
    expect(parts.tokenFile).toBeDefined();
    const ts = await run("openssl", [
      "ts",
      "-verify",
      "-in",
      parts.tokenFile as string,
      "-token_in",
      "-digest",
      parts.signatureDigestHex,
      "-CAfile",
      rootPem,
      "-untrusted",
      join(dir, "tsa.pem"),
    ]);
    expect(ts.out).toContain("Verification: OK");

    // Reason / Location / M / DocMDP read back through pdf-lib.
    const back = await PDFDocument.load(r.bytes, { updateMetadata: false });
    const acroForm = back.catalog.lookup(PDFName.of("AcroForm"), PDFDict);
    expect(acroForm.lookup(PDFName.of("SigFlags"), PDFNumber).asNumber()).toBe(3);
    const field = acroForm.lookup(PDFName.of("Fields"), PDFArray).lookup(0, PDFDict);
    const sigRef = field.get(PDFName.of("V")) as PDFRef;
    const sig = back.context.lookup(sigRef, PDFDict);
    expect(sig.lookup(PDFName.of("Reason"), PDFHexString).decodeText()).toBe(reason);
    expect(sig.lookup(PDFName.of("Location"), PDFHexString).decodeText()).toBe(location);
    expect(sig.lookup(PDFName.of("M"), PDFString).asString()).toBe(pdfDate(now));
    expect(sig.lookup(PDFName.of("Name"), PDFHexString).decodeText()).toBe("测试市市场监督管理局电子印章");
    expect(back.catalog.lookup(PDFName.of("Perms"), PDFDict).get(PDFName.of("DocMDP"))).toBe(sigRef);
    const params = sig
      .lookup(PDFName.of("Reference"), PDFArray)
      .lookup(0, PDFDict)
      .lookup(PDFName.of("TransformParams"), PDFDict);
    expect(params.lookup(PDFName.of("P"), PDFNumber).asNumber()).toBe(2);
    expect(field.lookup(PDFName.of("AP"), PDFDict).get(PDFName.of("N"))).toBe(s.appearance);
  });

  it("RSA-3072, B-B without a timestamp function: valid and trusted, no unsigned attributes", async () => {
    const s = await sampleDocument(now);
    const r = await sealPdf({
      doc: s.doc,
      page: s.page,
      seal: { rect: s.rect, appearance: s.appearance },
      signer: pki.rsaSeal,
      reason: "Issue",
      location: "Shanghai",
      now,
    });
    expect(r.level).toBe("B-B");
    const file = await save("rsa-bb.pdf", r.bytes);
    expectValid(await pdfsig(file, nss));
    const parts = await writeCmsParts(dir, "rsa-bb", r.bytes, r.byteRange, r.cmsDer);
    expect(parts.signerInfo.signatureAlgorithm.algorithmId).toBe("1.2.840.113549.1.1.11");
    expect(parts.signerInfo.unsignedAttrs).toBeUndefined();
    expect(await opensslCmsVerify(parts.cmsFile, parts.contentFile)).toContain("Verification successful");
    expect(await printedSignedAttrs(parts.cmsFile)).not.toContain("signingTime");
    expect((await run("qpdf", ["--check", file])).code).toBe(0);
  });

  it("falls back to B-B with SIG_TSA_UNAVAILABLE when the timestamp function throws", async () => {
    const s = await sampleDocument(now);
    const down: TimestampFn = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:318");
    };
    const r = await sealPdf({
      doc: s.doc,
      page: s.page,
      signer: pki.ecSeal,
      timestamp: down,
      reason: "Issue",
      now,
    });
    expect(r.level).toBe("B-B");
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^SIG_TSA_UNAVAILABLE: .*ECONNREFUSED/);
    expectValid(await pdfsig(await save("tsa-down.pdf", r.bytes), nss));
  });

  it("rejects a token that does not cover the signature (wrong digest) as B-B, not a broken B-T", async () => {
    const s = await sampleDocument(now);
    const wrong: TimestampFn = (digest) => tsa(new Uint8Array(digest.map((b) => b ^ 0xff)));
    const r = await sealPdf({ doc: s.doc, page: s.page, signer: pki.ecSeal, timestamp: wrong, now });
    expect(r.level).toBe("B-B");
    expect(r.warnings[0]).toMatch(/^SIG_TSA_UNAVAILABLE: token imprint does not match/);
  });

  it("accepts a TSA client that returns a whole TimeStampResp and a key store that returns ECDSA r‖s", async () => {
    const s = await sampleDocument(now);
    const { createPrivateKey, sign } = await import("node:crypto");
    const key = createPrivateKey(pki.ecSeal.keyPem);
    const p1363Signer = {
      ...pki.ecSeal,
      sign: async (data: Uint8Array) =>
        new Uint8Array(sign("sha256", data, { key, dsaEncoding: "ieee-p1363" })),
    };
    const r = await sealPdf({
      doc: s.doc,
      page: s.page,
      signer: p1363Signer,
      timestamp: await opensslTsa(dir, pki, { response: true }),
      now,
    });
    expect(r.level).toBe("B-T");
    expectValid(await pdfsig(await save("resp-p1363.pdf", r.bytes), nss));
    const parts = await writeCmsParts(dir, "resp-p1363", r.bytes, r.byteRange, r.cmsDer);
    const ts = await run("openssl", [
      "ts",
      "-verify",
      "-in",
      parts.tokenFile as string,
      "-token_in",
      "-digest",
      parts.signatureDigestHex,
      "-CAfile",
      rootPem,
      "-untrusted",
      join(dir, "tsa.pem"),
    ]);
    expect(ts.out).toContain("Verification: OK");
  });

  it("invisible signature (no seal rect) is valid too", async () => {
    const s = await sampleDocument(now);
    const r = await sealPdf({ doc: s.doc, page: s.page, signer: pki.ecSeal, now });
    expectValid(await pdfsig(await save("invisible.pdf", r.bytes), nss));
  });

  it("throws SIG_PLACEHOLDER_TOO_SMALL naming the size needed", async () => {
    const s = await sampleDocument(now);
    const err = await sealPdf({
      doc: s.doc,
      page: s.page,
      signer: pki.ecSeal,
      now,
      placeholderSize: 64,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PadesError);
    const e = err as PadesError;
    expect(e.code).toBe("SIG_PLACEHOLDER_TOO_SMALL");
    expect(e.details.available).toBe(64);
    expect(e.details.needed).toBeGreaterThan(64);
    expect(e.message).toContain(`placeholderSize ≥ ${String(e.details.needed)}`);
  });

  it("a byte changed inside the signed range is caught by pdfsig and openssl (the checks can fail)", async () => {
    const s = await sampleDocument(now);
    const r = await sealPdf({ doc: s.doc, page: s.page, signer: pki.ecSeal, now });
    const tampered = new Uint8Array(r.bytes);
    const at = Buffer.from(tampered).indexOf("/BaseFont /Helvetica"); // font dict: uncompressed, signed
    expect(at).toBeGreaterThan(-1);
    expect(at < r.byteRange[1] || at >= r.byteRange[2]).toBe(true);
    tampered[at + "/BaseFont /".length] = "h".charCodeAt(0);
    const text = await pdfsig(await save("tampered.pdf", tampered), nss);
    expect(text).not.toContain("Signature is Valid.");
    const parts = await writeCmsParts(dir, "tampered", tampered, r.byteRange, r.cmsDer);
    expect(await opensslCmsVerify(parts.cmsFile, parts.contentFile)).not.toContain("Verification successful");
  });

  it("signs a prepared PDF in two steps, leaving the input untouched, and refuses the wrong key", async () => {
    const s = await sampleDocument(now);
    addSignatureField(s.doc, { page: s.page, now, placeholderSize: 8192 });
    const prepared = await savePreparedPdf(s.doc);
    const copy = new Uint8Array(prepared);
    const wrongKey = { ...pki.ecSeal, sign: (data: Uint8Array) => pki.rsaSeal.sign(data) };
    await expect(signPreparedPdf(prepared, { signer: wrongKey, now })).rejects.toMatchObject({
      code: "SIG_SIGNER_KEY_MISMATCH",
    });
    await expect(
      signPreparedPdf(prepared, { signer: { ...pki.ecSeal, algorithm: "RSA-3072" }, now }),
    ).rejects.toMatchObject({ code: "SIG_SIGNER_ALGORITHM_MISMATCH" });
    await expect(
      signPreparedPdf(prepared, { signer: pki.ecSeal, now: new Date(now.getTime() + 3 * 365 * 86_400_000) }),
    ).rejects.toMatchObject({ code: "SIG_CERTIFICATE_NOT_VALID" });
    const r = await signPreparedPdf(prepared, { signer: pki.ecSeal, now });
    expect(Buffer.from(prepared).equals(copy)).toBe(true);
    expect(r.placeholderSize).toBe(8192);
    expect(r.cmsDer.length).toBeLessThan(8192);
    expectValid(await pdfsig(await save("two-step.pdf", r.bytes), nss));
    await expect(signPreparedPdf(r.bytes, { signer: pki.ecSeal, now })).rejects.toMatchObject({
      code: "SIG_PLACEHOLDER_NOT_FOUND",
    });
  });
});
