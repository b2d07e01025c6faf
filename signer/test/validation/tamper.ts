// The tamper corpus: each function takes a freshly sealed licence and returns it attacked one way (issue 4 "Must
// show"). Incremental updates are written with the signer's own appendIncrementalUpdate, as an attacker's tool would.
import { PDFArray, PDFDict, PDFName, PDFRef } from "pdf-lib";
import { appendIncrementalUpdate, type UpdateObject } from "../../src/pades/incremental-update.js";
import { PdfRevisionReader, rawOf } from "../../src/pades/pdf-revision-reader.js";
import {
  PdfDict,
  PdfRef,
  PdfStream,
  dict,
  latin1,
  name,
  raw,
  type PdfValue,
} from "../../src/pades/pdf-syntax.js";
import { parseSignedData } from "../../src/validation/crypto/cms.js";

export type ByteRange = [number, number, number, number];

export function byteRangeOf(pdf: Uint8Array): ByteRange {
  const text = Buffer.from(pdf).toString("latin1");
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/u.exec(text);
  if (!m) throw new Error("no /ByteRange");
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/** The CMS DER in /Contents (zero padding removed). */
export function cmsOf(pdf: Uint8Array): Uint8Array {
  const [, b, c] = byteRangeOf(pdf);
  const all = Buffer.from(Buffer.from(pdf.subarray(b + 1, c - 1)).toString("latin1"), "hex");
  const n = (all[1] as number) & 0x7f;
  const len =
    (all[1] as number) < 0x80 ? (all[1] as number) : all.subarray(2, 2 + n).reduce((a, x) => a * 256 + x, 0);
  return new Uint8Array(all.subarray(0, ((all[1] as number) < 0x80 ? 2 : 2 + n) + len));
}

function copy(pdf: Uint8Array): Uint8Array {
  return new Uint8Array(pdf);
}

/** One byte changed inside the first signed range: the first stream's data (the structure stays readable). */
export function flipInFirstRange(pdf: Uint8Array): Uint8Array {
  const out = copy(pdf);
  const at = Buffer.from(out).indexOf("stream\n") + 7 + 40;
  if (at >= byteRangeOf(pdf)[1]) throw new Error("the first stream is not in the first range");
  out[at] = (out[at] as number) ^ 0x01;
  return out;
}

/** One digit of the signature dictionary's /M changed: inside the second signed range. */
export function flipInSecondRange(pdf: Uint8Array): Uint8Array {
  const out = copy(pdf);
  const [, , c] = byteRangeOf(pdf);
  const at = Buffer.from(out).indexOf("/M (D:", c) + 8;
  if (at < c + 8) throw new Error("no /M after the gap");
  out[at] = out[at] === 0x31 ? 0x32 : 0x31;
  return out;
}

/** One hex digit of the CMS signature value changed (the last byte of the ECDSA s). */
export function flipInCmsSignature(pdf: Uint8Array): Uint8Array {
  const out = copy(pdf);
  const [, b] = byteRangeOf(pdf);
  const cms = cmsOf(pdf);
  const signer = parseSignedData(cms, "VER_PDF_CMS_MALFORMED").signers[0];
  if (!signer) throw new Error("no signer");
  const lastByte = signer.signatureOffset + signer.signature.length - 1;
  const at = b + 1 + 2 * lastByte + 1; // low nibble's hex digit
  out[at] = out[at] === 0x30 ? 0x31 : 0x30;
  return out;
}

/** The ByteRange rewritten in place (same width) so its gap no longer brackets /Contents exactly. */
export function byteRangeNotBracketing(pdf: Uint8Array): Uint8Array {
  const [a, b, c, d] = byteRangeOf(pdf);
  return rewriteByteRange(pdf, `${a} ${b + 20} ${c} ${d}`);
}

/** Six numbers in the ByteRange (a second range pair), in place. */
export function byteRangeSixNumbers(pdf: Uint8Array): Uint8Array {
  const [a, b, c, d] = byteRangeOf(pdf);
  return rewriteByteRange(pdf, `${a} ${b} ${c} ${d} 0 0`);
}

function rewriteByteRange(pdf: Uint8Array, inner: string): Uint8Array {
  const out = copy(pdf);
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const start = buf.indexOf("/ByteRange [") + "/ByteRange [".length;
  const end = buf.indexOf("]", start);
  if (inner.length > end - start) throw new Error("the new ByteRange does not fit the placeholder");
  buf.write(inner.padEnd(end - start, " "), start, "latin1");
  return out;
}

/** Another licence's complete, valid CMS written into this one's /Contents (padded with zeros). */
export function swapCms(pdf: Uint8Array, donor: Uint8Array): Uint8Array {
  const out = copy(pdf);
  const [, b, c] = byteRangeOf(pdf);
  const hex = Buffer.from(cmsOf(donor)).toString("hex").toUpperCase();
  const room = c - b - 2;
  if (hex.length > room) throw new Error("the donor CMS does not fit");
  Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(hex.padEnd(room, "0"), b + 1, "latin1");
  return out;
}

export function truncate(pdf: Uint8Array, fraction = 0.6): Uint8Array {
  return copy(pdf.subarray(0, Math.floor(pdf.length * fraction)));
}

interface PageInfo {
  reader: PdfRevisionReader;
  pagesRef: PDFRef;
  pages: PDFDict;
  pageRef: PDFRef;
  page: PDFDict;
}

async function firstPage(pdf: Uint8Array): Promise<PageInfo> {
  const reader = PdfRevisionReader.open(pdf);
  const catalog = await reader.resolveDict(await reader.lookup(reader.trailer.root));
  const pagesRef = catalog?.get(PDFName.of("Pages"));
  if (!(pagesRef instanceof PDFRef)) throw new Error("no /Pages");
  const pages = await reader.resolveDict(pagesRef);
  const kids = pages?.get(PDFName.of("Kids"));
  const pageRef = kids instanceof PDFArray ? kids.get(0) : undefined;
  if (!pages || !(pageRef instanceof PDFRef)) throw new Error("no first page");
  const page = await reader.resolveDict(pageRef);
  if (!page) throw new Error("no page dictionary");
  return { reader, pagesRef, pages, pageRef, page };
}

const toRef = (r: PDFRef) => new PdfRef(r.objectNumber, r.generationNumber);

/** A dictionary's entries copied verbatim, with `changes` applied (undefined removes an entry). */
function replaced(d: PDFDict, changes: Record<string, PdfValue | undefined>): PdfDict {
  const out = new PdfDict();
  for (const [k, v] of d.entries()) out.entries.set(k.decodeText(), rawOf(v));
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) out.entries.delete(k);
    else out.entries.set(k, v);
  }
  return out;
}

function refsOf(v: unknown): PdfRef[] {
  if (v instanceof PDFRef) return [toRef(v)];
  if (v instanceof PDFArray)
    return v
      .asArray()
      .filter((x): x is PDFRef => x instanceof PDFRef)
      .map(toRef);
  return [];
}

/** A rectangle in PDF user space (origin bottom-left). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The attack pdfsig misses (SIGNING.md): an incremental update that paints a white box over the holder's name and
 * writes "LI Si FORGED" in its place, by giving the page a second content stream. Without `box`, the band where the
 * landscape layouts print the holder's name.
 */
export async function drawOverHolderName(pdf: Uint8Array, box?: Box): Promise<Uint8Array> {
  const { reader, pageRef, page } = await firstPage(pdf);
  let next = reader.trailer.size;
  const font = new PdfRef(next++);
  const content = new PdfRef(next++);
  const mediaBox = page.get(PDFName.of("MediaBox"));
  const size =
    mediaBox instanceof PDFArray ? mediaBox.asArray().map((n) => Number(n.toString())) : [0, 0, 842, 595];
  const [w, h] = [(size[2] ?? 842) - (size[0] ?? 0), (size[3] ?? 595) - (size[1] ?? 0)];
  const b = box ?? { x: w * 0.15, y: h * 0.66, width: w * 0.3, height: h * 0.06 };
  const f = (n: number) => n.toFixed(2);
  const drawing = latin1(
    `q 1 1 1 rg ${f(b.x - 2)} ${f(b.y - 2)} ${f(b.width + 4)} ${f(b.height + 4)} re f Q ` +
      `BT /Forged ${f(b.height * 0.8)} Tf 0.8 0 0 rg ${f(b.x)} ${f(b.y + b.height * 0.15)} Td (LI Si FORGED) Tj ET\n`,
  );
  const resources = page.get(PDFName.of("Resources"));
  const fonts = resources instanceof PDFDict ? resources.get(PDFName.of("Font")) : undefined;
  const fontDict = new PdfDict();
  if (fonts instanceof PDFDict)
    for (const [k, v] of fonts.entries()) fontDict.entries.set(k.decodeText(), rawOf(v));
  fontDict.entries.set("Forged", font);
  const newResources =
    resources instanceof PDFDict ? replaced(resources, { Font: fontDict }) : dict({ Font: fontDict });
  const objects: UpdateObject[] = [
    { ref: font, body: dict({ Type: name("Font"), Subtype: name("Type1"), BaseFont: name("Helvetica") }) },
    { ref: content, body: new PdfStream(new PdfDict(), drawing) },
    {
      ref: toRef(pageRef),
      body: replaced(page, {
        Contents: [...refsOf(page.get(PDFName.of("Contents"))), content],
        Resources: newResources,
      }),
    },
  ];
  return appendIncrementalUpdate(pdf, reader.trailer, objects);
}

/** A second page appended to the page tree by an incremental update. */
export async function addPage(pdf: Uint8Array): Promise<Uint8Array> {
  const { reader, pagesRef, pages, pageRef } = await firstPage(pdf);
  let next = reader.trailer.size;
  const newPage = new PdfRef(next++);
  const content = new PdfRef(next++);
  const objects: UpdateObject[] = [
    { ref: content, body: new PdfStream(new PdfDict(), latin1("0 0 0 rg 100 700 200 40 re f\n")) },
    {
      ref: newPage,
      body: dict({
        Type: name("Page"),
        Parent: toRef(pagesRef),
        MediaBox: [0, 0, 595, 842],
        Contents: content,
        Resources: new PdfDict(),
      }),
    },
    {
      ref: toRef(pagesRef),
      body: replaced(pages, { Kids: [toRef(pageRef), newPage], Count: 2 }),
    },
  ];
  return appendIncrementalUpdate(pdf, reader.trailer, objects);
}

/** A visible square annotation (with its own appearance) added to the page by an incremental update. */
export async function addAnnotation(pdf: Uint8Array): Promise<Uint8Array> {
  const { reader, pageRef, page } = await firstPage(pdf);
  let next = reader.trailer.size;
  const annot = new PdfRef(next++);
  const appearance = new PdfRef(next++);
  const objects: UpdateObject[] = [
    {
      ref: appearance,
      body: new PdfStream(
        dict({ Type: name("XObject"), Subtype: name("Form"), BBox: [0, 0, 300, 60] }),
        latin1("1 1 1 rg 0 0 300 60 re f\n"),
      ),
    },
    {
      ref: annot,
      body: dict({
        Type: name("Annot"),
        Subtype: name("Square"),
        Rect: [100, 600, 400, 660],
        F: 4,
        P: toRef(pageRef),
        AP: dict({ N: appearance }),
      }),
    },
    {
      ref: toRef(pageRef),
      body: replaced(page, { Annots: [...refsOf(page.get(PDFName.of("Annots"))), annot] }),
    },
  ];
  return appendIncrementalUpdate(pdf, reader.trailer, objects);
}

/** An incremental update adding one object of `depth` nested arrays, referenced from nothing. */
export async function appendDeepNesting(pdf: Uint8Array, depth = 100_000): Promise<Uint8Array> {
  const reader = PdfRevisionReader.open(pdf);
  const deep = raw("[".repeat(depth) + "]".repeat(depth));
  return appendIncrementalUpdate(pdf, reader.trailer, [{ ref: new PdfRef(reader.trailer.size), body: deep }]);
}

/** A minimal PDF whose catalog holds `depth` nested dictionaries (no signature at all). */
export function deeplyNestedPdf(depth = 100_000): Uint8Array {
  const nested = "<</A ".repeat(depth) + "1" + ">>".repeat(depth);
  const parts = ["%PDF-1.7\n"];
  const offsets: number[] = [];
  const add = (body: string) => {
    offsets.push(parts.join("").length);
    parts.push(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
  add(`<</Type /Catalog /Pages 2 0 R /X ${nested}>>`);
  add("<</Type /Pages /Kids [] /Count 0>>");
  const xref = parts.join("").length;
  parts.push(`xref\n0 3\n0000000000 65535 f \n`);
  for (const o of offsets) parts.push(`${String(o).padStart(10, "0")} 00000 n \n`);
  parts.push(`trailer\n<</Size 3 /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`);
  return latin1(parts.join(""));
}

/**
 * What a later PAdES step may legitimately add: a signature field holding a document timestamp, its widget on the
 * page (zero-size unless `visible`) and the form's field list. The timestamp's /Contents is a dummy: the revisions
 * check judges the structure of later revisions, not their tokens.
 */
export async function appendDocTimestampField(
  pdf: Uint8Array,
  visible = false,
  signature: Record<string, PdfValue> = {},
): Promise<Uint8Array> {
  const { reader, pageRef, page } = await firstPage(pdf);
  const catalog = await reader.resolveDict(await reader.lookup(reader.trailer.root));
  const formRef = catalog?.get(PDFName.of("AcroForm"));
  const form = formRef instanceof PDFRef ? await reader.resolveDict(formRef) : undefined;
  if (!(formRef instanceof PDFRef) || !form) throw new Error("no indirect /AcroForm");
  let next = reader.trailer.size;
  const field = new PdfRef(next++);
  const sig = new PdfRef(next++);
  const objects: UpdateObject[] = [
    {
      ref: sig,
      body: dict({
        Type: name("DocTimeStamp"),
        Filter: name("Adobe.PPKLite"),
        SubFilter: name("ETSI.RFC3161"),
        ByteRange: [0, 0, 0, 0],
        Contents: raw(`<${"00".repeat(64)}>`),
        ...signature,
      }),
    },
    {
      ref: field,
      body: dict({
        Type: name("Annot"),
        Subtype: name("Widget"),
        FT: name("Sig"),
        T: raw("(DocTimeStamp1)"),
        V: sig,
        Rect: visible ? [50, 50, 250, 120] : [0, 0, 0, 0],
        F: 132,
        P: toRef(pageRef),
      }),
    },
    {
      ref: toRef(formRef),
      body: replaced(form, { Fields: [...refsOf(form.get(PDFName.of("Fields"))), field] }),
    },
    {
      ref: toRef(pageRef),
      body: replaced(page, { Annots: [...refsOf(page.get(PDFName.of("Annots"))), field] }),
    },
  ];
  return appendIncrementalUpdate(pdf, reader.trailer, objects);
}
