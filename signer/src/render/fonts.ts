// Noto Sans SC, loaded once per process and cut per document to exactly the characters it uses.
// Subsets are cut in JavaScript from the font's tables (truetype-subset.ts: realistic licences all differ, so a subset
// is cut for nearly every one); harfbuzz (hb-subset in wasm, on a face kept resident in wasm memory) cuts what that
// cannot (composite glyphs, CFF) and gives the name table. fontkit's own subsetter drops CJK glyphs.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { RenderError } from "./render-errors.js";
import { embedResidentSubset, fontFacts, prepareSubset } from "./subset-embedding.js";
import type { FontFacts, ResidentSubset } from "./subset-embedding.js";
import { trueTypeSubsetter } from "./truetype-subset.js";
import type { TrueTypeSubsetter } from "./truetype-subset.js";

export type FontWeight = "regular" | "bold";

/** One weight of the licence font, parsed once; safe to share between documents. */
export interface LoadedFont {
  readonly weight: FontWeight;
  readonly postscriptName: string;
  /** Ascender and descender (negative) in em, from the font's hhea metrics. */
  readonly ascent: number;
  readonly descent: number;
  /** Whether the font can draw this code point (a rare name character may be missing). */
  hasGlyph(codePoint: number): boolean;
  /** Advance width of the code point's glyph, in em (0 for a code point without a glyph). */
  advance(codePoint: number): number;
  /** A TrueType font holding the glyphs of every character of `text` (and nothing else but .notdef). */
  subset(text: string): Promise<Uint8Array>;
}

export interface FontSet {
  readonly regular: LoadedFont;
  readonly bold: LoadedFont;
}

export interface SubsetStats {
  /** Subsets cut and prepared for embedding since the process started. */
  made: number;
  /** Of those, the ones harfbuzz cut (the others were cut by truetype-subset.ts). */
  byHarfbuzz: number;
  /** Subsets served from the character-set cache. */
  cached: number;
  /** Total milliseconds spent cutting subsets and preparing them (deflating the font file included). */
  msCutting: number;
  /** Of those, the milliseconds spent inside harfbuzz. */
  msInHarfbuzz: number;
}

const requireHere = createRequire(import.meta.url);
const SUBSET_CACHE_ENTRIES = 128;
// Character sets seen once and not cached: a set is cached when seen a second time. Realistic licences all differ (a
// subset per document); caching each would only age a hundred 60 KB entries into the old generation for the GC.
const SEEN_ONCE_ENTRIES = 512;
const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
// Licence text needs no shaping. With GSUB kept, fontkit swaps in alternate glyphs (digits inside Latin runs) that
// are not in the cmap: pdf-lib then gives them no width (viewers use 1000, spacing digits apart) and no ToUnicode.
const DROPPED_TABLES = ["GSUB", "GPOS"] as const;

const stats: SubsetStats = { made: 0, byHarfbuzz: 0, cached: 0, msCutting: 0, msInHarfbuzz: 0 };

/** The characters of `text`, each once, in code point order: the key a subset is made and cached for. */
export function uniqueChars(text: string): string {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0) ?? 0);
  return String.fromCodePoint(...[...set].sort((a, b) => a - b));
}

export function fontFilePath(weight: FontWeight): string {
  const pkg = requireHere.resolve("@expo-google-fonts/noto-sans-sc/package.json");
  const folder =
    weight === "regular" ? "400Regular/NotoSansSC_400Regular.ttf" : "700Bold/NotoSansSC_700Bold.ttf";
  return path.join(path.dirname(pkg), folder);
}

let fontsPromise: Promise<FontSet> | undefined;
let fallbackPath: string | null = null;

/**
 * Names the fallback font (ELICENCE_FALLBACK_FONT: a TTF/OTF covering what Noto Sans SC lacks, e.g. HanaMinB for CJK
 * Extension B): a character the licence font has no glyph for is drawn with it, and the entry check (font-coverage.ts)
 * accepts it. Process-wide like the fonts themselves: set before the first licence is checked or rendered (the registry's
 * openRuntime and every sealing worker do); null goes back to the licence font alone.
 */
export function useFallbackFont(file: string | null): void {
  if (file === fallbackPath) return;
  fallbackPath = file;
  fontsPromise = undefined;
}

/** The configured fallback font's path, or null. */
export function fallbackFontPath(): string | null {
  return fallbackPath;
}

/** Loads both weights once per process (about 0.2 s and 40 MB of wasm memory); later calls share the result. */
export function loadFonts(): Promise<FontSet> {
  const file = fallbackPath;
  fontsPromise ??= (async () => {
    const engine = await loadHarfbuzz();
    const [regular, bold, fallback] = await Promise.all([
      loadFont("regular", fontFilePath("regular"), engine),
      loadFont("bold", fontFilePath("bold"), engine),
      file === null ? undefined : loadFont("regular", file, engine),
    ]);
    // One fallback face for both weights: fonts covering rare ideographs come in one weight.
    return fallback
      ? { regular: withFallback(regular, fallback), bold: withFallback(bold, fallback) }
      : { regular, bold };
  })().catch((err: unknown) => {
    fontsPromise = undefined;
    throw err;
  });
  return fontsPromise;
}

/** The two faces behind a font made by withFallback. */
const partsOf = new WeakMap<LoadedFont, { main: LoadedFont; fallback: LoadedFont }>();

/** The licence font answering for the fallback too: measuring and coverage see one font; embedding cuts two subsets. */
function withFallback(main: LoadedFont, fallback: LoadedFont): LoadedFont {
  const font: LoadedFont = {
    weight: main.weight,
    postscriptName: main.postscriptName,
    ascent: main.ascent,
    descent: main.descent,
    hasGlyph: (cp) => main.hasGlyph(cp) || fallback.hasGlyph(cp),
    advance: (cp) => (main.hasGlyph(cp) ? main.advance(cp) : fallback.advance(cp)),
    subset: (text) => main.subset(text),
  };
  partsOf.set(font, { main, fallback });
  return font;
}

/** The licence font itself (Noto Sans SC), without a fallback: what a text that must not fall back is checked against. */
export function primaryFont(font: LoadedFont): LoadedFont {
  return partsOf.get(font)?.main ?? font;
}

/** The PDF fonts a text is drawn with: the licence font's subset, and the fallback's for the characters it lacks. */
export interface EmbeddedFonts {
  main: PDFFont;
  /** Null when no character of the text needs the fallback (or none is configured). */
  fallback: PDFFont | null;
  /** Whether the main font draws this code point (whitespace counts as main: it is laid out, never drawn). */
  drawsWithMain(codePoint: number): boolean;
}

/**
 * Embeds what `text` needs: the licence font's subset for every character it covers, and, when a fallback font is
 * configured and some character needs it, the fallback's subset for those. Throws SIG_RENDER_GLYPH_MISSING for a
 * character neither covers.
 */
export async function embedWithFallback(
  doc: PDFDocument,
  font: LoadedFont,
  text: string,
): Promise<EmbeddedFonts> {
  const parts = partsOf.get(font);
  if (!parts) {
    const main = await embedSubset(doc, font, text);
    return { main, fallback: null, drawsWithMain: () => true };
  }
  const missing = missingChars(font, text);
  if (missing.length > 0) throw glyphMissing(missing, true);
  const needsFallback = missingChars(parts.main, text);
  const mainText =
    needsFallback.length === 0 ? text : [...text].filter((c) => !needsFallback.includes(c)).join("");
  const [main, fallback] = await Promise.all([
    embedSubset(doc, parts.main, mainText + " "),
    needsFallback.length > 0 ? embedSubset(doc, parts.fallback, needsFallback.join("")) : null,
  ]);
  const mainFont = parts.main;
  return {
    main,
    fallback,
    drawsWithMain: (cp) => fallback === null || mainFont.hasGlyph(cp) || /\s/u.test(String.fromCodePoint(cp)),
  };
}

function glyphMissing(missing: string[], withFallback: boolean): RenderError {
  const fonts = withFallback ? `Noto Sans SC and the fallback font (${fallbackPath ?? ""})` : "Noto Sans SC";
  return new RenderError(
    "SIG_RENDER_GLYPH_MISSING",
    `${fonts} ${withFallback ? "have" : "has"} no glyph for ${missing.map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`).join(", ")}; ` +
      "replace the character or record the value with a character the font covers" +
      (withFallback ? "" : ", or configure a fallback font covering it (ELICENCE_FALLBACK_FONT)"),
  );
}

export function subsetStats(): Readonly<SubsetStats> {
  return { ...stats };
}

/**
 * Embeds the subset of `font` for `text` into `doc` as a whole TrueType font (prepared once per subset, see
 * subset-embedding.ts).
 * Text drawn with the returned PDFFont must only use characters of `text`.
 */
export async function embedSubset(doc: PDFDocument, font: LoadedFont, text: string): Promise<PDFFont> {
  // The licence font's own coverage: a subset of it never holds a fallback glyph (embedWithFallback cuts those).
  const main = primaryFont(font);
  const missing = missingChars(main, text);
  if (missing.length > 0) throw glyphMissing(missing, false);
  doc.registerFontkit(fontkit);
  const prepared = subsetsOf.get(main);
  if (!prepared)
    throw new RenderError("SIG_RENDER_FONT_UNAVAILABLE", "embedSubset takes a font from loadFonts()");
  return embedResidentSubset(doc, await prepared(text));
}

/** Characters of `text` the font cannot draw (whitespace is ignored: it is never drawn as a glyph). */
export function missingChars(font: LoadedFont, text: string): string[] {
  let out: string[] | undefined;
  // Most texts are fully covered: check them as they are, and only sort out the missing ones when one is found.
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!font.hasGlyph(cp) && !/\s/u.test(ch)) {
      out = [];
      break;
    }
  }
  if (!out) return [];
  for (const ch of uniqueChars(text)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/u.test(ch)) continue;
    if (!font.hasGlyph(cp)) out.push(ch);
  }
  return out;
}

type Subsetter = (text: string) => Uint8Array | Promise<Uint8Array>;

interface HarfbuzzEngine {
  /** Returns a subsetter over a face built from `bytes`, or undefined when only the subset-font fallback is usable. */
  residentFace(bytes: Uint8Array): Subsetter | undefined;
}

/** The subset for a text (cached by character set), prepared for embedding; kept off LoadedFont's public face. */
const subsetsOf = new WeakMap<LoadedFont, (text: string) => Promise<ResidentSubset>>();

async function loadFont(weight: FontWeight, file: string, engine: HarfbuzzEngine): Promise<LoadedFont> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new RenderError(
      "SIG_RENDER_FONT_UNAVAILABLE",
      file === fallbackPath
        ? `cannot read the fallback font ${file} (${(err as Error).message}); check ELICENCE_FALLBACK_FONT`
        : `cannot read the licence font ${file} (${(err as Error).message}); install @expo-google-fonts/noto-sans-sc in the signer workspace`,
    );
  }
  // fontkit parses tables lazily: only cmap, hmtx and hhea are read, for coverage and widths.
  const parsed = fontkit.create(bytes);
  const unitsPerEm = parsed.unitsPerEm;
  const advances = new Map<number, number>();
  // Every value is checked character by character before each document: answers are kept (the font never changes).
  const coverage = new Map<number, boolean>();
  const hbCut = engine.residentFace(bytes) ?? fallbackSubsetter(bytes);
  const glyphIds = new Map<number, number>();
  const glyphOf = (cp: number) => {
    let g = glyphIds.get(cp);
    if (g === undefined) {
      g = parsed.hasGlyphForCodePoint(cp) ? parsed.glyphForCodePoint(cp).id : 0;
      glyphIds.set(cp, g);
    }
    return g;
  };
  const facts = fontFacts(parsed);
  const notdefAdvance = parsed.getGlyph(0).advanceWidth;
  const jsCut = trueTypeSubsetter(bytes, glyphOf, await harfbuzzNameTable(hbCut));
  const cache = new Map<string, ResidentSubset>();
  const seenOnce = new Set<string>();
  const prepared = async (text: string): Promise<ResidentSubset> => {
    const key = uniqueChars(text);
    const hit = cache.get(key);
    if (hit) {
      // Re-insert so the Map's insertion order doubles as least-recently-used order.
      cache.delete(key);
      cache.set(key, hit);
      stats.cached++;
      return hit;
    }
    const out = await cutAndPrepare(key, jsCut, hbCut, facts, notdefAdvance);
    if (!seenOnce.delete(key)) {
      seenOnce.add(key);
      if (seenOnce.size > SEEN_ONCE_ENTRIES) forgetOldest(seenOnce);
      return out;
    }
    cache.set(key, out);
    if (cache.size > SUBSET_CACHE_ENTRIES) forgetOldest(cache);
    return out;
  };
  const font: LoadedFont = {
    weight,
    postscriptName: parsed.postscriptName ?? `NotoSansSC-${weight}`,
    ascent: parsed.ascent / unitsPerEm,
    descent: parsed.descent / unitsPerEm,
    hasGlyph(cp) {
      let has = coverage.get(cp);
      if (has === undefined) {
        has = parsed.hasGlyphForCodePoint(cp);
        coverage.set(cp, has);
      }
      return has;
    },
    advance(cp) {
      let w = advances.get(cp);
      if (w === undefined) {
        w = parsed.hasGlyphForCodePoint(cp) ? parsed.glyphForCodePoint(cp).advanceWidth / unitsPerEm : 0;
        advances.set(cp, w);
      }
      return w;
    },
    async subset(text) {
      return (await prepared(text)).fontProgram;
    },
  };
  subsetsOf.set(font, prepared);
  return font;
}

/** Drops the entry inserted first (Maps and Sets iterate in insertion order). */
function forgetOldest(entries: Map<string, unknown> | Set<string>): void {
  const oldest = entries.keys().next().value;
  if (oldest !== undefined) entries.delete(oldest);
}

async function cutAndPrepare(
  chars: string,
  jsCut: TrueTypeSubsetter | undefined,
  hbCut: Subsetter,
  facts: FontFacts,
  notdefAdvance: number,
): Promise<ResidentSubset> {
  const t0 = performance.now();
  const cut = jsCut?.cut([...chars].map((c) => c.codePointAt(0) ?? 0));
  let out: ResidentSubset;
  if (cut) {
    out = prepareSubset(cut.bytes, { facts, glyphs: cut.glyphs, notdefAdvance });
  } else {
    const bytes = await hbCut(chars);
    stats.msInHarfbuzz += performance.now() - t0;
    stats.byHarfbuzz++;
    out = prepareSubset(bytes);
  }
  stats.msCutting += performance.now() - t0;
  stats.made++;
  return out;
}

/** The name table harfbuzz writes for any subset of the font (English records of name ids 0–6), cut once. */
async function harfbuzzNameTable(hbCut: Subsetter): Promise<Uint8Array | undefined> {
  try {
    return sfntTable(await hbCut(" "), "name");
  } catch {
    return undefined;
  }
}

function sfntTable(font: Uint8Array, tag: string): Uint8Array | undefined {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...font.subarray(at, at + 4)) !== tag) continue;
    const offset = view.getUint32(at + 8);
    return font.slice(offset, offset + view.getUint32(at + 12));
  }
  return undefined;
}

/** The harfbuzz exports we call; all are exported by harfbuzzjs' harfbuzz-subset.wasm. */
interface HbExports {
  memory: { buffer: ArrayBuffer };
  _initialize?: () => void;
  malloc(size: number): number;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthOut: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codePoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const REQUIRED_EXPORTS = [
  "malloc",
  "hb_blob_create",
  "hb_blob_destroy",
  "hb_blob_get_data",
  "hb_blob_get_length",
  "hb_face_create",
  "hb_face_destroy",
  "hb_face_reference_blob",
  "hb_set_add",
  "hb_subset_input_create_or_fail",
  "hb_subset_input_destroy",
  "hb_subset_input_unicode_set",
  "hb_subset_input_set",
  "hb_subset_input_get_flags",
  "hb_subset_input_set_flags",
  "hb_subset_or_fail",
] as const;

async function loadHarfbuzz(): Promise<HarfbuzzEngine> {
  let hb: HbExports | undefined;
  try {
    // The same wasm build subset-font uses, found through subset-font so no extra dependency is declared.
    const wasmPath = createRequire(requireHere.resolve("subset-font")).resolve(
      "harfbuzzjs/dist/harfbuzz-subset.wasm",
    );
    const { instance } = await wasmApi().instantiate(await readFile(wasmPath));
    const exports = instance.exports as HbExports;
    if (REQUIRED_EXPORTS.every((name) => typeof exports[name] === "function")) {
      exports._initialize?.();
      hb = exports;
    }
  } catch {
    hb = undefined;
  }
  const engine = hb;
  return {
    residentFace(bytes) {
      if (!engine) return undefined;
      const ptr = engine.malloc(bytes.byteLength);
      if (ptr === 0) return undefined;
      new Uint8Array(engine.memory.buffer).set(bytes, ptr);
      // Read-only blob over memory never freed: the face lives as long as the process.
      const blob = engine.hb_blob_create(ptr, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
      const face = engine.hb_face_create(blob, 0);
      engine.hb_blob_destroy(blob);
      return (text) => subsetResident(engine, face, text);
    },
  };
}

/** Node's global WebAssembly, typed locally: the project's lib settings (ES2023, no DOM) do not declare it. */
function wasmApi(): { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }> } {
  return (globalThis as unknown as { WebAssembly: ReturnType<typeof wasmApi> }).WebAssembly;
}

function subsetResident(hb: HbExports, face: number, text: string): Uint8Array {
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0)
    throw new RenderError("SIG_RENDER_FONT_UNAVAILABLE", "harfbuzz could not allocate a subset input");
  let subsetFace = 0;
  try {
    const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const tag of DROPPED_TABLES) hb.hb_set_add(drop, tableTag(tag));
    hb.hb_subset_input_set_flags(
      input,
      hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE,
    );
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const ch of text) hb.hb_set_add(unicodes, ch.codePointAt(0) ?? 0);
    subsetFace = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (subsetFace === 0)
    throw new RenderError("SIG_RENDER_FONT_UNAVAILABLE", "harfbuzz failed to subset the licence font");
  const blob = hb.hb_face_reference_blob(subsetFace);
  try {
    const offset = hb.hb_blob_get_data(blob, 0);
    const length = hb.hb_blob_get_length(blob);
    if (length === 0)
      throw new RenderError("SIG_RENDER_FONT_UNAVAILABLE", "harfbuzz produced an empty font subset");
    // slice() copies out: the wasm memory is reused (and may grow, detaching views) on the next call.
    return new Uint8Array(hb.memory.buffer).slice(offset, offset + length);
  } finally {
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(subsetFace);
  }
}

function tableTag(tag: string): number {
  return [...tag].reduce((acc, ch) => ((acc << 8) | ch.charCodeAt(0)) >>> 0, 0);
}

/** subset-font's own entry point: slower (copies the whole font per call) but kept if the wasm exports ever change. */
function fallbackSubsetter(bytes: Uint8Array): Subsetter {
  type SubsetFont = (
    font: Buffer,
    text: string,
    options: { targetFormat: "sfnt"; dropTables: string[]; noLayoutClosure: boolean },
  ) => Promise<Buffer>;
  const subsetFont = requireHere("subset-font") as SubsetFont;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return async (text) =>
    new Uint8Array(
      await subsetFont(buffer, text, {
        targetFormat: "sfnt",
        dropTables: [...DROPPED_TABLES],
        noLayoutClosure: true,
      }),
    );
}
