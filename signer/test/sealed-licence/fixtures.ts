// Shared set-up for the sealed-licence tests: the catalogue's types and issuers, a dev PKI served over HTTP by a
// test server, an NSS database trusting its root, and the pieces independent validators need from a sealed PDF.
import { createHash } from "node:crypto";
import { readdirSync, existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFDocument, decodePDFRawStream } from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";
import { expect } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import { LicenceSealer, type SealedLicence } from "../../src/licence-sealer.js";
import type { KeyStore } from "../../src/keys/key-store.js";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import type { DevPki } from "../../src/pki/dev-pki.js";
import type { SealDepartment } from "../../src/pki/department.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import type { RenderLicenceData } from "../../src/render/licence-values.js";
import { cmsFromContents, writeCmsParts, type CmsFiles } from "../pades/fixtures/cms-parts.js";
import {
  nssDbTrusting,
  opensslCmsVerifyFiles,
  run,
  type RunResult,
} from "../pades/fixtures/external-tools.js";
import { TEMPLATES, exampleInput, zhDate } from "../render/helpers.js";
import { startPkiServer, type PkiServer } from "./pki-server.js";

export const TOOLS = [
  "pdfsig",
  "certutil",
  "openssl",
  "qpdf",
  "pdftoppm",
  "zbarimg",
  "pdffonts",
  "pdftotext",
] as const;

export function toolsFor(suite: string, ...extra: string[]): boolean {
  return toolsAvailable(suite, ...TOOLS, ...extra);
}

interface TypeJson {
  issuers?: SealDepartment[];
}

/** Every type folder of the catalogue (a type.json is what makes a type), sorted. */
export function catalogueTypeCodes(): string[] {
  return readdirSync(TEMPLATES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(TEMPLATES, d.name, "type.json")))
    .map((d) => d.name)
    .sort();
}

/** Every issuing department any type names, once each: the departments that need an e-seal. */
export function catalogueIssuers(): SealDepartment[] {
  const byCode = new Map<string, SealDepartment>();
  for (const code of catalogueTypeCodes()) {
    const t = JSON.parse(readFileSync(join(TEMPLATES, code, "type.json"), "utf8")) as TypeJson;
    for (const d of t.issuers ?? []) {
      const seen = byCode.get(d.code);
      if (seen && seen.name !== d.name)
        throw new Error(`issuer ${d.code} is named "${seen.name}" and "${d.name}" in the catalogue`);
      // With the types it may issue, as the registry passes them: the trust list binds each seal to them.
      byCode.set(d.code, { code: d.code, name: d.name, licenceTypes: [...(seen?.licenceTypes ?? []), code] });
    }
  }
  return [...byCode.values()];
}

export interface ExampleLicence {
  typeCode: string;
  licence: RenderLicenceData;
  /** The licence's verification URL, as the QR must carry it. */
  qrText: string;
  /** Every value a reader must find printed, dates in their printed form. */
  texts: string[];
}

/** The type's example as a licence of its first issuer, with a verification URL on the test server. */
export async function exampleLicence(typeCode: string, baseUrl: string): Promise<ExampleLicence> {
  const { input } = await exampleInput(typeCode);
  const licence = input.licence;
  const token = createHash("sha256")
    .update(licence.identifier)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
  const asPrinted = (v: unknown): string[] => {
    if (typeof v === "string") return [/^\d{4}-\d{2}-\d{2}$/u.test(v) ? zhDate(v) : v];
    if (Array.isArray(v)) return v.flatMap(asPrinted);
    return [String(v)];
  };
  const texts = [
    licence.holder.name,
    licence.holder.code,
    licence.issuer.name,
    licence.identifier,
    ...Object.values(licence.fields).flatMap(asPrinted),
  ];
  return { typeCode, licence, qrText: `${baseUrl}/v/${token}`, texts };
}

export interface SealingEnv {
  dir: string;
  server: PkiServer;
  /** Where the dev PKI lives, and the key store it was created with (to run createDevPki again). */
  pkiDir: string;
  keyStore: KeyStore;
  pki: DevPki;
  sealer: LicenceSealer;
  /** -nssdir value of an NSS database trusting the dev root with CT,C,C. */
  nss: string;
  rootPem: string;
  issuingPem: string;
  /** TSA certificate followed by the issuing CA: the untrusted chain for `openssl ts -verify`. */
  tsaChainPem: string;
  sealPem(departmentCode: string): string;
  close(): Promise<void>;
}

/** Seals the type's example licence with the env's sealer, at the real time (validators check against the real clock). */
export async function sealExample(
  env: SealingEnv,
  typeCode: string,
): Promise<{ ex: ExampleLicence; sealed: SealedLicence }> {
  const ex = await exampleLicence(typeCode, env.server.baseUrl);
  const sealed = await env.sealer.seal({
    typeCode,
    licence: ex.licence,
    qrText: ex.qrText,
    now: new Date(),
  });
  return { ex, sealed };
}

/**
 * Starts the PKI server first (the certificates' CRL DP and OCSP URLs need its port), then creates the dev PKI for
 * every catalogue issuer with `keyStore(dir)` at the real time (validators check against the real clock).
 */
export async function createSealingEnv(keyStore: (dir: string) => KeyStore): Promise<SealingEnv> {
  const dir = await mkdtemp(join(tmpdir(), "elicence-sealed-"));
  const server = await startPkiServer();
  try {
    const pkiDir = join(dir, "pki");
    const store = keyStore(pkiDir);
    const pki = await createDevPki({
      dir: pkiDir,
      spec: await readPkiSpec(),
      departments: catalogueIssuers(),
      baseUrl: server.baseUrl,
      now: new Date(),
      keyStore: store,
    });
    server.serve(pki);
    const nssDir = join(dir, "nss");
    await mkdir(nssDir);
    const nss = await nssDbTrusting(nssDir, pki.rootPem);
    const rootPem = join(dir, "root.pem");
    const issuingPem = join(dir, "issuing.pem");
    const tsaChainPem = join(dir, "tsa-chain.pem");
    await writeFile(rootPem, pki.rootPem);
    await writeFile(issuingPem, pki.issuingPem);
    await writeFile(tsaChainPem, readFileSync(join(pkiDir, "certs", "tsa.pem"), "utf8") + pki.issuingPem);
    return {
      dir,
      server,
      pkiDir,
      keyStore: store,
      pki,
      sealer: new LicenceSealer({ templatesDir: TEMPLATES, pki }),
      nss,
      rootPem,
      issuingPem,
      tsaChainPem,
      sealPem: (code) => join(pkiDir, "certs", `seal-${code}.pem`),
      close: async () => {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The one /ByteRange of a singly signed PDF (a second one would be a test failure, not something to pick from). */
export function byteRangeOf(pdf: Uint8Array): [number, number, number, number] {
  const text = Buffer.from(pdf).toString("latin1");
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/gu)];
  if (all.length !== 1) throw new Error(`expected one /ByteRange, found ${all.length}`);
  const m = all[0] as RegExpMatchArray;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/** The CMS from /Contents, the signed bytes and the timestamp token, written as files for openssl. */
export async function cmsParts(dir: string, name: string, pdf: Uint8Array): Promise<CmsFiles> {
  const range = byteRangeOf(pdf);
  return writeCmsParts(dir, name, pdf, range, cmsFromContents(pdf, range));
}

/** pdfsig's verdict on a good seal: the signature is valid and its certificate trusted. */
export function expectTrusted(text: string): void {
  expect(text).toContain("Signature Validation: Signature is Valid.");
  expect(text).toContain("Certificate Validation: Certificate is Trusted.");
}

/** pdfsig with online OCSP (its default) against the test server; async so the server can answer meanwhile. */
export async function pdfsig(env: SealingEnv, file: string): Promise<string> {
  return (await run("pdfsig", ["-nssdir", env.nss, file])).out;
}

export function opensslCmsVerify(env: SealingEnv, parts: CmsFiles): Promise<RunResult> {
  return opensslCmsVerifyFiles(parts.cmsFile, parts.contentFile, env.rootPem);
}

/** `openssl ts -verify` of the signature timestamp token: it must cover SHA-256 of the signature value. */
export function opensslTsVerify(env: SealingEnv, parts: CmsFiles): Promise<RunResult> {
  if (!parts.tokenFile) throw new Error("the signature carries no timestamp token");
  return run("openssl", [
    "ts",
    "-verify",
    "-in",
    parts.tokenFile,
    "-token_in",
    "-digest",
    parts.signatureDigestHex,
    "-CAfile",
    env.rootPem,
    "-untrusted",
    env.tsaChainPem,
  ]);
}

/** pdffonts rows (after the two header lines), each split into columns. */
export async function pdfFontRows(file: string): Promise<string[][]> {
  const r = await run("pdffonts", [file]);
  if (r.code !== 0) throw new Error(`pdffonts failed: ${r.out}`);
  return r.stdout
    .split("\n")
    .slice(2)
    .filter((l) => l.trim() !== "")
    .map((l) => l.trim().split(/\s+/u));
}

/** QR codes on page 1 at 150 dpi, decoded by zbarimg. */
export async function decodeQrCodes(file: string, workDir: string, name: string): Promise<string[]> {
  const prefix = join(workDir, `qr-${name}`);
  const ppm = await run("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", file, prefix]);
  if (ppm.code !== 0) throw new Error(`pdftoppm failed: ${ppm.out}`);
  const z = await run("zbarimg", ["--raw", "-q", `${prefix}.png`]);
  return z.stdout.split("\n").filter((l) => l !== "");
}

/** pdftotext's UTF-8 text with every whitespace removed, so wrapped values compare as one string. */
export async function pdfTextCompact(file: string): Promise<string> {
  const r = await run("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"]);
  if (r.code !== 0) throw new Error(`pdftotext failed: ${r.out}`);
  return r.stdout.replace(/\s+/gu, "");
}

function streamBytes(stream: unknown): Uint8Array {
  if (!(stream instanceof PDFRawStream)) throw new Error("expected a stream");
  return decodePDFRawStream(stream).decode();
}

/** Character codes (CIDs) → text of a ToUnicode CMap (bfchar and bfrange entries, as pdf-lib writes them). */
function toUnicodeMap(cmap: string): Map<number, string> {
  const out = new Map<number, string>();
  const hexText = (h: string): string => {
    const units: number[] = [];
    for (let i = 0; i < h.length; i += 4) units.push(parseInt(h.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/gu)) {
    for (const m of (block[1] ?? "").matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/gu))
      out.set(parseInt(m[1] ?? "", 16), hexText(m[2] ?? ""));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/gu)) {
    for (const m of (block[1] ?? "").matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/gu)) {
      const lo = parseInt(m[1] ?? "", 16);
      const hi = parseInt(m[2] ?? "", 16);
      const base = parseInt(m[3] ?? "", 16);
      for (let c = lo; c <= hi; c++) out.set(c, String.fromCodePoint(base + c - lo));
    }
  }
  return out;
}

export interface EmbeddedGlyphs {
  /** Fonts found (Type0 with an embedded TrueType descendant). */
  fonts: number;
  /** Every character text extraction can yield, mapped to whether its glyph draws anything. */
  drawn: Map<string, boolean>;
}

/**
 * For every composite font in the PDF: which characters its ToUnicode map promises, and whether the embedded font
 * program really has an outline for the glyph behind each (a subsetter that drops glyphs leaves them empty, which
 * pdftotext cannot notice: it reads ToUnicode, not the outlines).
 */
export async function embeddedGlyphs(pdf: Uint8Array): Promise<EmbeddedGlyphs> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const drawn = new Map<string, boolean>();
  let fonts = 0;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of("Subtype")) !== PDFName.of("Type0")) continue;
    const descendant = obj.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict);
    const descriptor = descendant.lookup(PDFName.of("FontDescriptor"), PDFDict);
    const program = fontkit.create(Buffer.from(streamBytes(descriptor.lookup(PDFName.of("FontFile2")))));
    const cidToGid = descendant.get(PDFName.of("CIDToGIDMap"));
    if (cidToGid !== undefined && cidToGid !== PDFName.of("Identity"))
      throw new Error("expected CIDToGIDMap /Identity");
    const cmap = toUnicodeMap(
      Buffer.from(streamBytes(obj.lookup(PDFName.of("ToUnicode")))).toString("latin1"),
    );
    fonts++;
    for (const [gid, text] of cmap) {
      if (/^\s*$/u.test(text)) continue;
      const glyph = program.getGlyph(gid);
      const hasOutline = gid !== 0 && glyph.path.toSVG() !== "";
      drawn.set(text, (drawn.get(text) ?? false) || hasOutline);
    }
  }
  return { fonts, drawn };
}
