// The annotated copy (加注件) of a freshly sealed licence, end to end: poppler's pdfsig finds both signatures valid and
// trusted, qpdf finds the file sound, pdftotext reads the note, and our validator passes it with the note's facts —
// and rejects a changed note, a redrawn note, content drawn after it, a signer off the trust list, not allowed to
// annotate, from another PKI or revoked, an expired note, and documents sealed before annotated copies existed.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFRef } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../test/pades/fixtures/external-tools.js";
import { FAST_SCRYPT } from "../../test/pki/fixtures.js";
import {
  createSealingEnv,
  exampleLicence,
  pdfsig,
  toolsFor,
  type SealingEnv,
} from "../../test/sealed-licence/fixtures.js";
import { drawOverHolderName } from "../../test/validation/tamper.js";
import { FileKeyStore } from "../keys/file-key-store.js";
import { createDevPki } from "../pki/create-dev-pki.js";
import { readPkiSpec } from "../pki/pki-spec.js";
import { trustListBody } from "../trust-list/build-trust-list.js";
import {
  validatePdf,
  type TrustListLike,
  type ValidationContext,
  type ValidationReport,
} from "../validation/index.js";
import { chinaDate } from "@elicence/core";
import { ANNOTATION_FIELD_NAME } from "./annotation-facts.js";
import { annotatePdf } from "./annotate-pdf.js";
import { appendIncrementalUpdate } from "./incremental-update.js";
import { PdfDict, PdfRef, PdfStream, dict, latin1, name } from "./pdf-syntax.js";
import { PdfRevisionReader, rawOf } from "./pdf-revision-reader.js";
import { sealPdf } from "./seal-pdf.js";
import type { SignerIdentity } from "./types.js";

const ok = toolsFor("annotated copies");
const FOOD = "11100000MB0143028R013";
const TRANSPORT = "114415210071938455";
const DAY = 86_400_000;
const PURPOSE = "银行开户审查";

const code = (r: ValidationReport, check: string) => {
  const c = r.checks.find((x) => x.name === check);
  return `${c?.status}:${c?.reason.code}`;
};

/** The same licence's prepared field, redrawn in a later revision (a shadow attack on the note). */
async function redrawNote(pdf: Uint8Array): Promise<Uint8Array> {
  const reader = PdfRevisionReader.open(pdf);
  const catalog = await reader.resolveDict(await reader.lookup(reader.trailer.root));
  const form = await reader.resolveDict(catalog?.get(PDFName.of("AcroForm")));
  const list = form?.get(PDFName.of("Fields"));
  const fields = list instanceof PDFRef ? await reader.lookup(list) : list;
  if (!(fields instanceof PDFArray)) throw new Error("no form fields");
  for (const item of fields.asArray()) {
    if (!(item instanceof PDFRef)) continue;
    const field = await reader.resolveDict(item);
    const t = field?.get(PDFName.of("T"));
    if (!field || !(t instanceof PDFHexString) || t.decodeText() !== ANNOTATION_FIELD_NAME) continue;
    const replaced = new PdfDict();
    for (const [k, v] of field.entries()) replaced.entries.set(k.decodeText(), rawOf(v));
    const forged = new PdfRef(reader.trailer.size);
    replaced.entries.set("AP", dict({ N: forged }));
    return appendIncrementalUpdate(pdf, reader.trailer, [
      {
        ref: forged,
        body: new PdfStream(
          dict({ Type: name("XObject"), Subtype: name("Form"), BBox: [0, 0, 500, 20] }),
          latin1("0 0 0 rg 0 0 500 20 re f"),
        ),
      },
      { ref: new PdfRef(item.objectNumber, item.generationNumber), body: replaced },
    ]);
  }
  throw new Error("no annotation field");
}

describe.skipIf(!ok)("annotated copies of a freshly sealed licence", () => {
  let env: SealingEnv;
  let identifier: string;
  let original: Uint8Array;
  let annotated: Uint8Array;
  let validUntil: string;
  let trustList: TrustListLike;
  let now: Date;

  const ctx = (o: { at?: Date; list?: TrustListLike | null } = {}): ValidationContext => ({
    trust: {
      rootDer: new Uint8Array(env.pki.root.rawData),
      ...(o.list === null ? {} : { trustList: o.list ?? trustList }),
    },
    now: o.at ?? now,
    revocation: (c) => env.pki.statusOf(c.serialNumber, o.at ?? now),
  });

  beforeAll(async () => {
    env = await createSealingEnv(
      (dir) => new FileKeyStore(join(dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT }),
    );
    now = new Date();
    const ex = await exampleLicence(FOOD, env.server.baseUrl);
    identifier = ex.licence.identifier;
    original = (await env.sealer.seal({ typeCode: FOOD, licence: ex.licence, qrText: ex.qrText, now })).bytes;
    validUntil = chinaDate(new Date(now.getTime() + 30 * DAY));
    const copy = await env.sealer.annotate({ pdf: original, identifier, purpose: PURPOSE, validUntil, now });
    expect(copy.level).toBe("B-T");
    expect(copy.warnings).toEqual([]);
    expect(copy.signer.department.name).toBe("海丰县政务服务数据管理局");
    annotated = copy.bytes;
    trustList = await trustListBody(env.pki, now);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("keeps the sealed document as it was, byte for byte, and appends one revision", () => {
    expect(Buffer.from(annotated.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    expect(annotated.length).toBeGreaterThan(original.length);
  });

  it("is valid and trusted to pdfsig for both signatures, sound to qpdf, and shows the note to pdftotext", async () => {
    const file = join(env.dir, "annotated.pdf");
    await writeFile(file, annotated);
    const out = await pdfsig(env, file);
    const [, first, second] = out.split(/Signature #\d+:/u);
    expect(first).toContain("Signature Field Name: eLicenceSeal");
    expect(first).toContain("Signature Validation: Signature is Valid.");
    expect(first).toContain("Certificate Validation: Certificate is Trusted.");
    expect(first).toContain("Not total document signed");
    expect(second).toContain(`Signature Field Name: ${ANNOTATION_FIELD_NAME}`);
    expect(second).toContain("Signer Certificate Common Name: 海丰县政务服务数据管理局");
    expect(second).toContain("Signature Validation: Signature is Valid.");
    expect(second).toContain("Certificate Validation: Certificate is Trusted.");
    expect(second).toContain("Total document signed");

    expect((await run("qpdf", ["--check", file])).code).toBe(0);
    const text = (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;
    expect(text).toContain(`仅供${PURPOSE}使用，有效期至${validUntil.slice(0, 4)}年`);
    expect(text).toContain(`For ${PURPOSE} only, valid until ${validUntil}`);
    const fonts = (await run("pdffonts", [file])).stdout.split("\n").slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const row of fonts) expect(row).toMatch(/\byes\s+yes\s+yes\b/u);
  });

  it("leaves the unsigned original's note hidden: pdftotext finds no note, pdfsig an unsigned field", async () => {
    const file = join(env.dir, "original.pdf");
    await writeFile(file, original);
    expect((await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout).not.toContain("仅供");
    const out = await pdfsig(env, file);
    expect(out).toContain("Total document signed");
    expect(out).toContain("The signature form field is not signed.");
  });

  it("passes our validator with the annotation checked and its facts reported", async () => {
    const r = await validatePdf(annotated, {
      ...ctx(),
      liveStatus: async () => ({
        state: "01",
        documentSha256: (await import("node:crypto")).createHash("sha256").update(original).digest("hex"),
        supersededBy: null,
        validUntil: null,
      }),
    });
    expect(r.verdict).toBe("TOTAL-PASSED");
    expect(code(r, "revisions")).toBe("VALID:VER_PDF_LATER_REVISIONS_SIGNED");
    expect(code(r, "docmdp")).toBe("VALID:VER_PDF_DOCMDP_OK");
    expect(code(r, "trust-list")).toBe("VALID:VER_PDF_TRUST_LIST_LISTED");
    expect(code(r, "annotation")).toBe("VALID:VER_PDF_ANNOTATION_OK");
    expect(code(r, "document-hash")).toBe("VALID:VER_PDF_DOCUMENT_HASH_MATCHES_ORIGINAL");
    expect(r.answers).toMatchObject({ intact: true, trusted: true, coverage: "permitted-updates" });
    const data = r.checks.find((c) => c.name === "annotation")?.data as { annotations: unknown[] };
    expect(data.annotations).toEqual([
      expect.objectContaining({
        purpose: PURPOSE,
        validUntil,
        identifier,
        signer: expect.objectContaining({
          name: "海丰县政务服务数据管理局",
          code: "11441521MB2D0316X9",
          role: "platform",
        }),
        timeSource: "timestamp",
        signedRevision: 2,
        expired: false,
      }),
    ]);
  });

  it("rejects a note whose signed period was changed", async () => {
    const bytes = Buffer.from(annotated);
    const at = bytes.lastIndexOf(`(${validUntil})`);
    expect(at).toBeGreaterThan(original.length);
    bytes.write(`(2099${validUntil.slice(4)})`, at, "latin1");
    const r = await validatePdf(new Uint8Array(bytes), ctx());
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_SIGNATURE_INVALID");
    expect(r.checks.find((c) => c.name === "annotation")?.data).toMatchObject({
      detail: "VER_PDF_CMS_DIGEST_MISMATCH",
    });
    // The certification is untouched by it.
    expect(code(r, "cms-digest")).toBe("VALID:VER_PDF_CMS_DIGEST_OK");
  });

  it("rejects a note redrawn in a revision after it, though the seal alone would allow that revision", async () => {
    const r = await validatePdf(await redrawNote(annotated), ctx());
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(code(r, "revisions")).toBe("VALID:VER_PDF_LATER_REVISIONS_SIGNED");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_MODIFIED");
    // From the annotation's own revision on, its field is a signed field like the seal's: no change is allowed.
    expect(r.checks.find((c) => c.name === "annotation")?.data).toMatchObject({
      detail: "VER_PDF_REVISION_SIGNATURE_CHANGED",
    });
  });

  it("rejects content drawn over the licence after the annotation", async () => {
    const r = await validatePdf(await drawOverHolderName(annotated), ctx());
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(code(r, "revisions")).toBe("INVALID:VER_PDF_REVISION_PAGE_CONTENT_CHANGED");
    expect(code(r, "annotation")).toBe("INVALID:VER_PDF_ANNOTATION_MODIFIED");
  });

  it("rejects a note whose box was grown over the licence: the certifier fixed where it may draw", async () => {
    const bytes = Buffer.from(annotated);
    const rect = bytes.indexOf("/Rect [", original.length);
    const end = bytes.indexOf("]", rect);
    const numbers = bytes
      .subarray(rect + 7, end)
      .toString("latin1")
      .trim()
      .split(/\s+/u);
    const top = numbers[3] ?? "";
    // Same length, so every offset stays right: the top edge moves by 100 pt or more (the box grows or flips).
    const higher = `${top.startsWith("9") ? "8" : "9"}${top.slice(1)}`;
    expect(top).toMatch(/^\d{3}\./u);
    bytes.write(higher, bytes.indexOf(top, rect), "latin1");
    const r = await validatePdf(new Uint8Array(bytes), ctx());
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(code(r, "revisions")).toBe("INVALID:VER_PDF_REVISION_FORM_CHANGED");
  });

  it("rejects an annotation whose signer is not on the trust list, with its own reason", async () => {
    const departmentsOnly = {
      ...trustList,
      seals: trustList.seals.filter((s) => s.department.code !== "11441521MB2D0316X9"),
    };
    expect(departmentsOnly.seals.length).toBe(trustList.seals.length - 1);
    const r = await validatePdf(annotated, ctx({ list: departmentsOnly }));
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_SIGNER_NOT_LISTED");
    expect(code(r, "trust-list")).toBe("VALID:VER_PDF_TRUST_LIST_LISTED");
  });

  it("rejects an annotation by another department's seal (trusted, listed, but not allowed to annotate)", async () => {
    const s = await env.pki.sealFor(TRANSPORT);
    const signer: SignerIdentity = {
      certificate: new Uint8Array(s.certificate.rawData),
      chain: [new Uint8Array(env.pki.issuing.rawData)],
      algorithm: s.keyHandle.algorithm,
      sign: (d) => s.keyHandle.sign(d),
    };
    const other = await annotatePdf({ pdf: original, identifier, purpose: PURPOSE, validUntil, signer, now });
    const r = await validatePdf(other.bytes, ctx());
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_SIGNER_NOT_AUTHORISED");
  });

  it("says the seal is genuine but the copy may no longer be used once its period is over", async () => {
    const later = new Date(Date.parse(`${validUntil}T00:00:00+08:00`) + 2 * DAY);
    const r = await validatePdf(annotated, ctx({ at: later }));
    expect(r.verdict).toBe("INDETERMINATE");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_EXPIRED");
    expect(r.checks.find((c) => c.name === "annotation")?.category).toBe("usage");
    expect(r.summary.en).toMatch(/^The seal is genuine, but:/u);
    // On its last day it is still good.
    const lastDay = new Date(Date.parse(`${validUntil}T12:00:00+08:00`));
    expect((await validatePdf(annotated, ctx({ at: lastDay }))).verdict).toBe("TOTAL-PASSED");
  });

  it("refuses a document sealed without the prepared field, and an annotated copy, with their own codes", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const s = await env.pki.sealFor(TRANSPORT);
    const signer: SignerIdentity = {
      certificate: new Uint8Array(s.certificate.rawData),
      chain: [new Uint8Array(env.pki.issuing.rawData)],
      algorithm: s.keyHandle.algorithm,
      sign: (d) => s.keyHandle.sign(d),
    };
    const legacy = (await sealPdf({ doc, page, signer, now })).bytes;
    const o = { identifier, purpose: PURPOSE, validUntil, now };
    await expect(env.sealer.annotate({ ...o, pdf: legacy })).rejects.toMatchObject({
      code: "SIG_PREPARED_FIELD_MISSING",
    });
    await expect(env.sealer.annotate({ ...o, pdf: annotated })).rejects.toMatchObject({
      code: "SIG_PREPARED_FIELD_SIGNED",
    });
    await expect(
      env.sealer.annotate({ ...o, pdf: original, validUntil: "2026-02-30" }),
    ).rejects.toMatchObject({
      code: "SIG_ANNOTATION_INVALID",
    });
  });

  it("rejects an annotation signed by another PKI's annotation seal as untrusted", async () => {
    const dir = join(env.dir, "other-pki");
    const other = await createDevPki({
      dir,
      spec: await readPkiSpec(),
      departments: [],
      baseUrl: "http://127.0.0.1:9/",
      now: new Date(now.getTime() - DAY),
      keyStore: new FileKeyStore(join(dir, "keys"), "other passphrase", { scrypt: FAST_SCRYPT }),
    });
    const s = await other.platformSeal();
    const signer: SignerIdentity = {
      certificate: new Uint8Array(s.certificate.rawData),
      chain: [new Uint8Array(other.issuing.rawData)],
      algorithm: s.keyHandle.algorithm,
      sign: (d) => s.keyHandle.sign(d),
    };
    const forged = await annotatePdf({
      pdf: original,
      identifier,
      purpose: PURPOSE,
      validUntil,
      signer,
      now,
    });
    const r = await validatePdf(forged.bytes, ctx({ list: null }));
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_SIGNER_UNTRUSTED");
    // The licence's own seal is as good as ever.
    expect(code(r, "chain")).toBe("VALID:VER_PDF_CHAIN_OK");
  });

  it("shortens a 200-character purpose on the page only: the signed note and the report keep it whole", async () => {
    const long = "因办理企业跨区域迁移登记需核验食品经营许可证".repeat(10).slice(0, 200);
    const copy = await env.sealer.annotate({ pdf: original, identifier, purpose: long, validUntil, now });
    expect(copy.warnings.join(" ")).toContain("SIG_ANNOTATION_TEXT_SHORTENED");
    const r = await validatePdf(copy.bytes, ctx());
    expect(r.verdict).toBe("TOTAL-PASSED");
    const data = r.checks.find((c) => c.name === "annotation")?.data as {
      annotations: { purpose: string }[];
    };
    expect(data.annotations[0]?.purpose).toBe(long);
  });

  // Last: it revokes the annotation seal of this suite's PKI.
  it("rejects the annotation once its seal is revoked for key compromise, whoever asks after", async () => {
    const serial = env.pki.platform()?.serial ?? "";
    const later = new Date(now.getTime() + 60_000);
    await env.pki.revokeCertificate(serial, "keyCompromise", later);
    const r = await validatePdf(annotated, ctx({ at: new Date(later.getTime() + 60_000), list: null }));
    expect(r.verdict).toBe("TOTAL-FAILED");
    expect(r.reason?.code).toBe("VER_PDF_ANNOTATION_SIGNER_REVOKED");
    expect(code(r, "revocation")).toBe("VALID:VER_PDF_REVOCATION_GOOD");
    await expect(
      env.sealer.annotate({ pdf: original, identifier, purpose: PURPOSE, validUntil, now: later }),
    ).rejects.toMatchObject({ code: "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE" });
  });
});
