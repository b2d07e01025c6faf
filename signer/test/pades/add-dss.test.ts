// B-LT: the DSS revision appended by addDss keeps the first signature valid (pdfsig), is well-formed (qpdf),
// and carries exactly the certificates, CRLs and OCSP responses given.

import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDss, sealPdf, signatureContentsValue } from "../../src/pades/index.js";
import { missingTools, nssDbTrusting, pdfsig, run } from "./fixtures/external-tools.js";
import { opensslOcspResponse } from "./fixtures/openssl-ocsp.js";
import { opensslTsa } from "./fixtures/openssl-tsa.js";
import { sampleDocument } from "./fixtures/sample-document.js";
import { createTestPki, type TestPki } from "./fixtures/test-pki.js";
import type { TimestampFn } from "../../src/pades/types.js";

const missing = missingTools(["pdfsig", "certutil", "openssl", "qpdf"]);
const now = new Date(); // validators use the real clock

function streamsOf(doc: PDFDocument, dss: PDFDict, key: string): Buffer[] {
  const arr = dss.lookup(PDFName.of(key), PDFArray);
  return arr.asArray().map((r) => {
    const stream = doc.context.lookup(r);
    if (!(stream instanceof PDFRawStream)) throw new Error(`/${key} holds a non-stream`);
    return Buffer.from(stream.getContents());
  });
}

describe.skipIf(missing.length > 0)("addDss (PAdES B-LT), checked by pdfsig / qpdf", () => {
  let pki: TestPki;
  let dir: string;
  let nss: string;
  let tsa: TimestampFn;
  let ocsp: Uint8Array;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pades-dss-"));
    pki = await createTestPki(now);
    nss = await nssDbTrusting(dir, pki.root.pem);
    tsa = await opensslTsa(dir, pki);
    ocsp = await opensslOcspResponse(dir, pki, pki.ecSeal.pem);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function check(name: string, bytes: Uint8Array): Promise<{ qpdf: number | null; pdfsig: string }> {
    const file = join(dir, name);
    await writeFile(file, bytes);
    return { qpdf: (await run("qpdf", ["--check", file])).code, pdfsig: await pdfsig(file, nss) };
  }

  it("appends a DSS revision after a B-T seal; the signature stays valid and the data reads back", async () => {
    const s = await sampleDocument(now);
    const sealed = await sealPdf({
      doc: s.doc,
      page: s.page,
      seal: { rect: s.rect, appearance: s.appearance },
      signer: pki.ecSeal,
      timestamp: tsa,
      now,
    });
    const before = await check("before-dss.pdf", sealed.bytes);
    expect(before.qpdf).toBe(0);
    expect(before.pdfsig).toContain("Total document signed");

    const contents = signatureContentsValue(sealed.bytes, sealed.byteRange);
    const certs = [pki.ecSeal.certificate, pki.issuing.der, pki.root.der, pki.issuing.der]; // duplicate on purpose
    const lt = await addDss(sealed.bytes, { certs, crls: [pki.crlDer], ocsps: [ocsp], vriFor: [contents] });

    // Every byte of the signed revision is kept; the update only appends.
    expect(Buffer.from(lt.subarray(0, sealed.bytes.length)).equals(Buffer.from(sealed.bytes))).toBe(true);
    const after = await check("after-dss.pdf", lt);
    expect(after.qpdf).toBe(0);
    expect(after.pdfsig).toContain("Signature Validation: Signature is Valid.");
    expect(after.pdfsig).toContain("Certificate Validation: Certificate is Trusted.");
    expect(after.pdfsig).toContain("Not total document signed");

    const doc = await PDFDocument.load(lt, { updateMetadata: false });
    const dss = doc.catalog.lookup(PDFName.of("DSS"), PDFDict);
    expect(streamsOf(doc, dss, "Certs")).toEqual(
      [pki.ecSeal.certificate, pki.issuing.der, pki.root.der].map((b) => Buffer.from(b)),
    );
    expect(streamsOf(doc, dss, "CRLs")).toEqual([Buffer.from(pki.crlDer)]);
    expect(streamsOf(doc, dss, "OCSPs")).toEqual([Buffer.from(ocsp)]);
    const vriKey = createHash("sha1").update(contents).digest("hex").toUpperCase();
    const vri = dss.lookup(PDFName.of("VRI"), PDFDict).lookup(PDFName.of(vriKey), PDFDict);
    expect(vri.lookup(PDFName.of("OCSP"), PDFArray).size()).toBe(1);
    // The replaced catalog kept its entries (DocMDP certification, AcroForm).
    expect(doc.catalog.lookup(PDFName.of("Perms"), PDFDict).get(PDFName.of("DocMDP"))).toBeInstanceOf(PDFRef);
    expect(doc.catalog.get(PDFName.of("AcroForm"))).toBeDefined();
    expect(doc.getPageCount()).toBe(1);

    // The OCSP response embedded is one openssl still reads as a successful response.
    const ocspFile = join(dir, "dss-ocsp.der");
    await writeFile(ocspFile, streamsOf(doc, dss, "OCSPs")[0] as Buffer);
    expect((await run("openssl", ["ocsp", "-respin", ocspFile, "-resp_text", "-noverify"])).out).toContain(
      "Response Status: successful",
    );
  });

  it("sealPdf with ltv returns B-LT, and a second addDss merges into the existing DSS", async () => {
    const s = await sampleDocument(now);
    const r = await sealPdf({
      doc: s.doc,
      page: s.page,
      signer: pki.rsaSeal,
      timestamp: tsa,
      ltv: { certs: [pki.issuing.der], crls: [pki.crlDer], ocsps: [] },
      now,
    });
    expect(r.level).toBe("B-LT");
    const again = await addDss(r.bytes, { certs: [pki.root.der], crls: [], ocsps: [ocsp] });
    const c = await check("dss-twice.pdf", again);
    expect(c.qpdf).toBe(0);
    expect(c.pdfsig).toContain("Signature Validation: Signature is Valid.");
    const doc = await PDFDocument.load(again, { updateMetadata: false });
    const dss = doc.catalog.lookup(PDFName.of("DSS"), PDFDict);
    expect(streamsOf(doc, dss, "Certs")).toEqual([Buffer.from(pki.issuing.der), Buffer.from(pki.root.der)]);
    expect(streamsOf(doc, dss, "OCSPs")).toEqual([Buffer.from(ocsp)]);
    expect(dss.lookup(PDFName.of("VRI"), PDFDict).keys()).toHaveLength(1);
  });

  it("B-B with ltv stays B-B and says why", async () => {
    const s = await sampleDocument(now);
    const r = await sealPdf({
      doc: s.doc,
      page: s.page,
      signer: pki.ecSeal,
      ltv: { certs: [pki.issuing.der], crls: [], ocsps: [] },
      now,
    });
    expect(r.level).toBe("B-B");
    expect(r.warnings[0]).toMatch(/^SIG_LTV_WITHOUT_TIMESTAMP/);
  });

  it("updates a PDF whose catalog sits in an object stream with a cross-reference stream", async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage();
    page.drawText("object streams", { font: await doc.embedFont(StandardFonts.Helvetica) });
    const bytes = await doc.save({ useObjectStreams: true });
    const out = await addDss(bytes, { certs: [pki.root.der], crls: [pki.crlDer], ocsps: [] });
    const appended = Buffer.from(out.subarray(bytes.length)).toString("latin1");
    expect(appended).toContain("/Type /XRef"); // a stream-based file gets a cross-reference stream, not a table
    expect(appended).not.toMatch(/\nxref\n/);
    expect(appended).toMatch(/startxref\n\d+\n%%EOF\n$/);
    const c = await check("objstm-dss.pdf", out);
    expect(c.qpdf).toBe(0);
    const back = await PDFDocument.load(out, { updateMetadata: false });
    expect(streamsOf(back, back.catalog.lookup(PDFName.of("DSS"), PDFDict), "Certs")).toEqual([
      Buffer.from(pki.root.der),
    ]);
    expect(back.getPageCount()).toBe(1);
    const xref = (await run("qpdf", ["--show-xref", join(dir, "objstm-dss.pdf")])).out;
    expect(xref).toMatch(/compressed/); // objects in object streams are still found through the chain
  });
});
