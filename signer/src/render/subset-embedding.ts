// A font subset prepared once for embedding into any number of documents: glyph ids, widths, the compressed font
// file and ToUnicode map are computed when a character set is first seen, then every document only links four objects.
// pdf-lib's own embedder re-parses the subset, lays text out with fontkit and deflates the font again per document.
import { deflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { CustomFontEmbedder, PDFFont, PDFHexString, PDFInvalidObject, PDFName } from "pdf-lib";
import type { PDFContext, PDFDocument, PDFRef } from "pdf-lib";

/** What pdf-lib's embedder would write for this subset, computed once. */
interface ResidentSubset {
  /** The fontkit face of the subset (CustomFontEmbedder wants one; also answers heightAtSize). */
  face: ReturnType<typeof fontkit.create>;
  /** Glyph id of each code point of the subset. */
  gid: Map<number, number>;
  /** Four-digit upper-case hex glyph id per code point: the Identity-H code. */
  hex: Map<number, string>;
  /** Advance width per code point in 1/1000 em (what widthOfTextAtSize sums). */
  width: Map<number, number>;
  /** Advance of .notdef, which a code point outside the subset is drawn with. */
  notdefWidth: number;
  fontFile: Uint8Array;
  fontFileLength: number;
  toUnicode: Uint8Array;
  /** The CIDFontType2 /W array, serialized. */
  widths: string;
  /** /FontDescriptor entries other than the font file and name, serialized. */
  descriptor: string;
  cff: boolean;
}

const resident = new WeakMap<Uint8Array, ResidentSubset>();
const subsetOfFont = new WeakMap<PDFFont, object>();

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}

/** PDF numbers as pdf-lib writes widths: integers plain, others with up to 3 decimals (invisible at 1/1000 em). */
function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? "0" : String(r);
}

function utf16Hex(cp: number): string {
  if (cp <= 0xffff) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}

function prepare(bytes: Uint8Array): ResidentSubset {
  const face = fontkit.create(bytes);
  const scale = 1000 / face.unitsPerEm;
  const gid = new Map<number, number>();
  const hex = new Map<number, string>();
  const width = new Map<number, number>();
  const glyphs = new Map<number, { advance: number; codePoints: number[] }>();
  for (const cp of face.characterSet) {
    const glyph = face.glyphForCodePoint(cp);
    gid.set(cp, glyph.id);
    hex.set(cp, hex4(glyph.id));
    width.set(cp, glyph.advanceWidth * scale);
    if (!glyphs.has(glyph.id))
      glyphs.set(glyph.id, { advance: glyph.advanceWidth * scale, codePoints: glyph.codePoints });
  }
  const ids = [...glyphs.keys()].sort((a, b) => a - b);

  // /W as pdf-lib's computeWidths writes it: runs of consecutive glyph ids, each `first [w1 w2 …]`.
  const runs: string[] = [];
  let run: number[] = [];
  let first = -1;
  ids.forEach((id, i) => {
    if (i === 0 || id - (ids[i - 1] ?? 0) !== 1) {
      if (run.length > 0) runs.push(`${first} [${run.map(num).join(" ")}]`);
      first = id;
      run = [];
    }
    run.push(glyphs.get(id)?.advance ?? 0);
  });
  if (run.length > 0) runs.push(`${first} [${run.map(num).join(" ")}]`);

  // ToUnicode as pdf-lib's createCmap writes it, so text extraction is unchanged.
  const bfChars = ids.map(
    (id) => `<${hex4(id)}> <${(glyphs.get(id)?.codePoints ?? []).map(utf16Hex).join("")}>`,
  );
  const cmap =
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <<\n  /Registry (Adobe)\n" +
    "  /Ordering (UCS)\n  /Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
    `1 begincodespacerange\n<0000><ffff>\nendcodespacerange\n${bfChars.length} beginbfchar\n${bfChars.join("\n")}\n` +
    "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";

  // FontDescriptor values as pdf-lib derives them (FontFlags: symbolic, plus serif/script/italic/fixed pitch).
  const os2 = (face as unknown as { "OS/2"?: { sFamilyClass?: number } })["OS/2"];
  const familyClass = os2?.sFamilyClass ?? 0;
  const post = (face as unknown as { post: { isFixedPitch: number } }).post;
  const head = (face as unknown as { head: { macStyle: { italic?: boolean } } }).head;
  let flags = 1 << 2;
  if (post.isFixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (familyClass === 10) flags |= 1 << 3;
  if (head.macStyle.italic) flags |= 1 << 6;
  const { minX, minY, maxX, maxY } = face.bbox;
  const descriptor =
    `/Flags ${flags} /FontBBox [${[minX, minY, maxX, maxY].map((v) => num(v * scale)).join(" ")}] ` +
    `/ItalicAngle ${num(face.italicAngle)} /Ascent ${num(face.ascent * scale)} /Descent ${num(face.descent * scale)} ` +
    `/CapHeight ${num((face.capHeight || face.ascent) * scale)} /XHeight ${num((face.xHeight || 0) * scale)} /StemV 0`;

  return {
    face,
    gid,
    hex,
    width,
    notdefWidth: face.getGlyph(0).advanceWidth * scale,
    fontFile: new Uint8Array(deflateSync(bytes)),
    fontFileLength: bytes.length,
    toUnicode: new Uint8Array(deflateSync(Buffer.from(cmap, "latin1"))),
    widths: runs.join(" "),
    descriptor,
    cff: Boolean((face as unknown as { cff?: unknown }).cff),
  };
}

function residentSubset(bytes: Uint8Array): ResidentSubset {
  let r = resident.get(bytes);
  if (!r) {
    r = prepare(bytes);
    resident.set(bytes, r);
  }
  return r;
}

function raw(text: string): PDFInvalidObject {
  return PDFInvalidObject.of(Buffer.from(text, "latin1"));
}

/**
 * A CustomFontEmbedder (PDFFont insists on one) over a resident subset: encodeText and widths are map look-ups
 * (the subset has no GSUB/GPOS, so fontkit's layout would map code points one to one as well).
 */
class ResidentSubsetEmbedder extends CustomFontEmbedder {
  readonly #subset: ResidentSubset;

  constructor(subset: ResidentSubset, bytes: Uint8Array, customName: string) {
    super(subset.face, bytes, customName);
    this.#subset = subset;
  }

  override encodeText(text: string): PDFHexString {
    let out = "";
    for (const ch of text) out += this.#subset.hex.get(ch.codePointAt(0) ?? 0) ?? "0000";
    return PDFHexString.of(out);
  }

  override widthOfTextAtSize(text: string, size: number): number {
    let total = 0;
    for (const ch of text)
      total += this.#subset.width.get(ch.codePointAt(0) ?? 0) ?? this.#subset.notdefWidth;
    return (total * size) / 1000;
  }

  override embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    return Promise.resolve(this.embedNow(context, ref ?? context.nextRef()));
  }

  /** Writes the Type0 font, its CIDFont, descriptor, font file and ToUnicode into `context`, the font dict at `ref`. */
  embedNow(context: PDFContext, ref: PDFRef): PDFRef {
    const s = this.#subset;
    const name = PDFName.of(this.customName ?? this.fontName).toString();
    const file = context.register(
      context.stream(s.fontFile, {
        Filter: "FlateDecode",
        Length1: s.fontFileLength,
        ...(s.cff ? { Subtype: "CIDFontType0C" } : {}),
      }),
    );
    const toUnicode = context.register(context.stream(s.toUnicode, { Filter: "FlateDecode" }));
    const descriptor = context.register(
      raw(
        `<< /Type /FontDescriptor /FontName ${name} ${s.descriptor} /${s.cff ? "FontFile3" : "FontFile2"} ${file.toString()} >>`,
      ),
    );
    const cidFont = context.register(
      raw(
        `<< /Type /Font /Subtype /${s.cff ? "CIDFontType0" : "CIDFontType2"} /CIDToGIDMap /Identity /BaseFont ${name} ` +
          `/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor.toString()} ` +
          `/W [${s.widths}] >>`,
      ),
    );
    context.assign(
      ref,
      raw(
        `<< /Type /Font /Subtype /Type0 /BaseFont ${name} /Encoding /Identity-H /DescendantFonts [${cidFont.toString()}] ` +
          `/ToUnicode ${toUnicode.toString()} >>`,
      ),
    );
    return ref;
  }
}

/**
 * Embeds a harfbuzz subset (a whole TrueType font, nothing left to subset) into `doc` and returns its PDFFont. The
 * objects are written at once, so the font does not wait for doc.save(); later subsets of the same bytes reuse
 * everything but the object numbers.
 */
export function embedResidentSubset(doc: PDFDocument, bytes: Uint8Array, customName: string): PDFFont {
  const embedder = new ResidentSubsetEmbedder(residentSubset(bytes), bytes, customName);
  const ref = embedder.embedNow(doc.context, doc.context.nextRef());
  const font = PDFFont.of(ref, doc, embedder);
  subsetOfFont.set(font, residentSubset(bytes));
  return font;
}

/**
 * An object that stands for the subset a font was embedded from: the same for every document that embeds the
 * same subset (so drawings made with its glyph codes can be cached under it), undefined for other fonts.
 */
export function residentSubsetKey(font: PDFFont): object | undefined {
  return subsetOfFont.get(font);
}
