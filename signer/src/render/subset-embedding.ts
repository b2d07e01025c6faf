// A font subset prepared once for embedding into any number of documents: glyph ids, widths, the compressed font
// file and ToUnicode map are computed when a character set is first seen, then every document only links four objects.
// pdf-lib's own embedder re-parses the subset, lays text out with fontkit and deflates the font again per document.
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { CustomFontEmbedder, PDFFont, PDFHexString, PDFInvalidObject, PDFName } from "pdf-lib";
import type { PDFContext, PDFDocument, PDFRef } from "pdf-lib";

type FontkitFont = ReturnType<typeof fontkit.create>;

/** What a font's FontDescriptor says: the same for every subset of one font (harfbuzz and truetype-subset.ts keep head, hhea, OS/2 and post). */
export interface FontFacts {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  /** OS/2 sFamilyClass (0 without OS/2). */
  familyClass: number;
  fixedPitch: boolean;
  italic: boolean;
  cff: boolean;
}

/** A glyph of a subset other than .notdef: its id, advance in font units and the code points mapped to it. */
export interface SubsetGlyph {
  id: number;
  advance: number;
  codePoints: number[];
}

/** What pdf-lib's embedder would write for this subset, computed once. */
export interface ResidentSubset {
  /** BaseFont: six-letter subset tag + PostScript name. */
  baseFont: string;
  /** A fontkit face (CustomFontEmbedder wants one; it also answers heightAtSize). */
  face: FontkitFont;
  /** Glyph id of each code point of the subset. */
  gid: Map<number, number>;
  /** Four-digit upper-case hex glyph id per code point: the Identity-H code. */
  hex: Map<number, string>;
  /** Advance width per code point in 1/1000 em (what widthOfTextAtSize sums). */
  width: Map<number, number>;
  /** Advance of .notdef, which a code point outside the subset is drawn with. */
  notdefWidth: number;
  /** The subset font program itself (TrueType). */
  fontProgram: Uint8Array;
  fontFile: Uint8Array;
  fontFileLength: number;
  toUnicode: Uint8Array;
  /** The CIDFontType2 /W array, serialized. */
  widths: string;
  /** /FontDescriptor entries other than the font file and name, serialized. */
  descriptor: string;
  cff: boolean;
}

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

/** The descriptor facts of a parsed font, read as pdf-lib reads them. */
export function fontFacts(face: FontkitFont): FontFacts {
  const os2 = (face as unknown as { "OS/2"?: { sFamilyClass?: number } })["OS/2"];
  const post = (face as unknown as { post: { isFixedPitch: number } }).post;
  const head = (face as unknown as { head: { macStyle: { italic?: boolean } } }).head;
  const { minX, minY, maxX, maxY } = face.bbox;
  return {
    postscriptName: face.postscriptName ?? "Font",
    unitsPerEm: face.unitsPerEm,
    ascent: face.ascent,
    descent: face.descent,
    capHeight: face.capHeight,
    xHeight: face.xHeight,
    italicAngle: face.italicAngle,
    bbox: { minX, minY, maxX, maxY },
    familyClass: os2?.sFamilyClass ?? 0,
    fixedPitch: Boolean(post.isFixedPitch),
    italic: Boolean(head.macStyle.italic),
    cff: Boolean((face as unknown as { cff?: unknown }).cff),
  };
}

/**
 * Prepares a subset for embedding. With `known` (the subsetter's own account of the glyphs, and the facts of the
 * font it was cut from) nothing is parsed; without, fontkit parses the bytes (the harfbuzz path).
 */
export function prepareSubset(
  bytes: Uint8Array,
  known?: { facts: FontFacts; glyphs: readonly SubsetGlyph[]; notdefAdvance: number },
): ResidentSubset {
  if (known) return prepare(bytes, known.facts, known.glyphs, known.notdefAdvance, facade(known));
  const face = fontkit.create(bytes);
  const glyphs = new Map<number, SubsetGlyph>();
  for (const cp of face.characterSet) {
    const glyph = face.glyphForCodePoint(cp);
    if (!glyphs.has(glyph.id))
      glyphs.set(glyph.id, { id: glyph.id, advance: glyph.advanceWidth, codePoints: glyph.codePoints });
  }
  return prepare(bytes, fontFacts(face), [...glyphs.values()], face.getGlyph(0).advanceWidth, face);
}

/** The few face properties pdf-lib reads from an embedder whose text methods are overridden (heightAtSize, name). */
function facade(known: { facts: FontFacts; glyphs: readonly SubsetGlyph[] }): FontkitFont {
  const { facts } = known;
  return {
    postscriptName: facts.postscriptName,
    unitsPerEm: facts.unitsPerEm,
    ascent: facts.ascent,
    descent: facts.descent,
    bbox: facts.bbox,
    // Only PDFFont.getCharacterSet() reads it: built when asked.
    get characterSet() {
      return known.glyphs.flatMap((g) => g.codePoints).sort((a, b) => a - b);
    },
  } as unknown as FontkitFont;
}

function prepare(
  bytes: Uint8Array,
  facts: FontFacts,
  glyphList: readonly SubsetGlyph[],
  notdefAdvance: number,
  face: FontkitFont,
): ResidentSubset {
  const scale = 1000 / facts.unitsPerEm;
  const gid = new Map<number, number>();
  const hex = new Map<number, string>();
  const width = new Map<number, number>();
  const glyphs = new Map<number, SubsetGlyph>();
  for (const glyph of glyphList) {
    if (glyph.id === 0 || glyph.codePoints.length === 0) continue;
    glyphs.set(glyph.id, glyph);
    for (const cp of glyph.codePoints) {
      gid.set(cp, glyph.id);
      hex.set(cp, hex4(glyph.id));
      width.set(cp, glyph.advance * scale);
    }
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
    run.push((glyphs.get(id)?.advance ?? 0) * scale);
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
  let flags = 1 << 2;
  if (facts.fixedPitch) flags |= 1 << 0;
  if (facts.familyClass >= 1 && facts.familyClass <= 7) flags |= 1 << 1;
  if (facts.familyClass === 10) flags |= 1 << 3;
  if (facts.italic) flags |= 1 << 6;
  const { minX, minY, maxX, maxY } = facts.bbox;
  const descriptor =
    `/Flags ${flags} /FontBBox [${[minX, minY, maxX, maxY].map((v) => num(v * scale)).join(" ")}] ` +
    `/ItalicAngle ${num(facts.italicAngle)} /Ascent ${num(facts.ascent * scale)} /Descent ${num(facts.descent * scale)} ` +
    `/CapHeight ${num((facts.capHeight || facts.ascent) * scale)} /XHeight ${num((facts.xHeight || 0) * scale)} /StemV 0`;

  return {
    baseFont: `${subsetTag(bytes)}+${facts.postscriptName}`,
    face,
    gid,
    hex,
    width,
    notdefWidth: notdefAdvance * scale,
    fontProgram: bytes,
    // memLevel 9: on 20–60 KB CJK subsets about twice as fast as the default 8, and no larger.
    fontFile: new Uint8Array(deflateSync(bytes, { memLevel: 9 })),
    fontFileLength: bytes.length,
    toUnicode: new Uint8Array(deflateSync(Buffer.from(cmap, "latin1"), { memLevel: 9 })),
    widths: runs.join(" "),
    descriptor,
    cff: facts.cff,
  };
}

/** A subset's BaseFont tag (ISO 32000-1 §9.6.4): six capitals derived from the bytes, so output stays deterministic. */
function subsetTag(bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest();
  let tag = "";
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((digest[i] ?? 0) % 26));
  return tag;
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

  constructor(subset: ResidentSubset) {
    // The font file is written from the prepared subset: the bytes CustomFontEmbedder would keep are never read.
    super(subset.face, new Uint8Array(0), subset.baseFont);
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
 * Embeds a prepared subset (a whole TrueType font, nothing left to subset) into `doc` and returns its PDFFont. The
 * objects are written at once, so the font does not wait for doc.save(); every document embedding the same prepared
 * subset shares everything but the object numbers.
 */
export function embedResidentSubset(doc: PDFDocument, subset: ResidentSubset): PDFFont {
  const embedder = new ResidentSubsetEmbedder(subset);
  const ref = embedder.embedNow(doc.context, doc.context.nextRef());
  const font = PDFFont.of(ref, doc, embedder);
  subsetOfFont.set(font, subset);
  return font;
}

/**
 * An object that stands for the subset a font was embedded from: the same for every document that embeds the
 * same subset (so drawings made with its glyph codes can be cached under it), undefined for other fonts.
 */
export function residentSubsetKey(font: PDFFont): object | undefined {
  return subsetOfFont.get(font);
}
