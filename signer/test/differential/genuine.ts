// The genuine documents the corpus starts from: one sealed licence and its annotated copy (加注件), sealed once per
// run with the dev PKI of the validation tests, and the facts a forger reads from them (which object is the page, its
// content, its fonts, the seal's appearance, the note's widget) plus forged text in the licence's own fonts.
import { chinaDate } from "@elicence/core";
import { createValidationEnv, type ValidationEnv } from "../validation/fixtures.js";
import { bytes, getKey, objectOf, refsIn, text, trailerOf, type TrailerFacts } from "./pdf-bytes.js";

/** 食品经营许可证: its printed fields include a validity date and a licence number, what a forger changes first. */
export const TYPE_CODE = "11100000MB0143028R013";
const DAY = 86_400_000;

export interface Genuine {
  kind: "plain" | "annotated";
  bytes: Uint8Array;
  trailer: TrailerFacts;
  catalog: number;
  pages: number;
  page: number;
  content: number;
  /** Page font resource name → object number. */
  fonts: Map<string, number>;
  regularFont: number;
  boldFont: number;
  /** The regular font's CIDFontType2 descendant and its ToUnicode stream. */
  descendant: number;
  toUnicode: number;
  acroForm: number;
  sealWidget: number;
  /** The seal's appearance (form XObject) and the graphics state it draws with. */
  sealAppearance: number;
  sealGState: number;
  sigDict: number;
  noteWidget: number;
  noteAppearance: number;
  /** The page content with the validity date's year and the licence number's last digits changed. */
  forgedContent: Uint8Array;
  /** Only the validity date changed / only the licence number changed. */
  forgedDateOnly: Uint8Array;
  forgedNumberOnly: Uint8Array;
  /** Where the validity date is printed (text origin, user space). */
  datePosition: { x: number; y: number };
  /** "有效期至2099年12月31日" as the regular font's glyph codes (hex), for overlays and forged notes. */
  forgedDateHex: string;
}

export type CMap = Map<string, string>;

/** Four-hex-digit code → text, from a ToUnicode CMap's bfchar and bfrange entries. */
export function parseCMap(cmap: string): CMap {
  const out: CMap = new Map();
  const fromHex = (h: string) =>
    String.fromCharCode(...(h.match(/.{4}/gu) ?? []).map((u) => Number.parseInt(u, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/gu))
    for (const m of (block[1] ?? "").matchAll(/<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>/gu))
      out.set((m[1] ?? "").toUpperCase(), fromHex(m[2] ?? ""));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/gu))
    for (const m of (block[1] ?? "").matchAll(
      /<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>/gu,
    )) {
      const lo = Number.parseInt(m[1] ?? "", 16);
      const hi = Number.parseInt(m[2] ?? "", 16);
      const base = Number.parseInt(m[3] ?? "", 16);
      for (let c = lo; c <= hi; c++)
        out.set(c.toString(16).toUpperCase().padStart(4, "0"), String.fromCodePoint(base + c - lo));
    }
  return out;
}

export function decodeHex(hex: string, cmap: CMap): string {
  return (hex.toUpperCase().match(/.{4}/gu) ?? []).map((c) => cmap.get(c) ?? "\uFFFD").join("");
}

/** Text → glyph codes of a font with this CMap; throws when the subset lacks a character (a forger could not draw it). */
export function encodeText(s: string, cmap: CMap): string {
  const reverse = new Map([...cmap].map(([code, t]) => [t, code]));
  return [...s]
    .map((ch) => {
      const code = reverse.get(ch);
      if (!code) throw new Error(`the font subset has no glyph for ${JSON.stringify(ch)}`);
      return code;
    })
    .join("");
}

/**
 * Rewrites every `<hex> Tj` shown in a font whose CMap is known: `change` gets the decoded text and returns the
 * replacement (or undefined to keep it). Reports where the first changed string was drawn.
 */
export function rewriteShownText(
  content: Uint8Array,
  cmaps: Map<string, CMap>,
  change: (s: string) => string | undefined,
): { content: Uint8Array; changed: number; at?: { x: number; y: number } } {
  let font: CMap | undefined;
  let pos = { x: 0, y: 0 };
  let changed = 0;
  let at: { x: number; y: number } | undefined;
  const out = text(content).replace(
    /\/([^\s/]+)\s+[\d.]+\s+Tf|([-\d.]+)\s+([-\d.]+)\s+Tm|<([0-9A-Fa-f]+)>\s*Tj/gu,
    (
      all,
      fontName: string | undefined,
      x: string | undefined,
      y: string | undefined,
      hex: string | undefined,
    ) => {
      if (fontName) font = cmaps.get(fontName);
      else if (x !== undefined && y !== undefined) pos = { x: Number(x), y: Number(y) };
      else if (hex && font) {
        const next = change(decodeHex(hex, font));
        if (next !== undefined) {
          changed++;
          at ??= pos;
          return `<${encodeText(next, font)}> Tj`;
        }
      }
      return all;
    },
  );
  return { content: bytes(out), changed, ...(at ? { at } : {}) };
}

/** The year of a printed Chinese date moved to 2099 (2098 if it already is): what a forger extends first. */
export function forgeDate(s: string): string | undefined {
  const m = /^(\d{4})年(\d{2})月(\d{2})日$/u.exec(s);
  if (!m) return undefined;
  return `${m[1] === "2099" ? "2098" : "2099"}年${m[2]}月${m[3]}日`;
}

/** A licence number's last four digits changed. */
export function forgeNumber(s: string): string | undefined {
  if (!/^[A-Z]{2}\d{10,}$/u.test(s)) return undefined;
  return s.slice(0, -4) + (s.endsWith("9999") ? "8888" : "9999");
}

export function fontCMaps(pdf: Uint8Array, resources: Map<string, number>): Map<string, CMap> {
  const out = new Map<string, CMap>();
  for (const [n, num] of resources) {
    const tu = refsIn(getKey(objectOf(pdf, num).head, "ToUnicode"))[0];
    if (tu !== undefined) out.set(n, parseCMap(text(objectOf(pdf, tu).data ?? new Uint8Array())));
  }
  return out;
}

/** Font resource name → object number, from a /Resources dictionary's /Font entry (direct or indirect). */
export function fontResources(pdf: Uint8Array, resourcesText: string | undefined): Map<string, number> {
  let resources = resourcesText ?? "<<>>";
  const indirect = /^(\d+)\s+\d+\s+R$/u.exec(resources);
  if (indirect) resources = objectOf(pdf, Number(indirect[1])).head;
  const font = getKey(resources, "Font") ?? "<<>>";
  return new Map(
    [...font.matchAll(/\/([^\s/]+)\s+(\d+)\s+\d+\s+R/gu)].map((m) => [m[1] ?? "", Number(m[2])]),
  );
}

const one = (xs: number[], what: string): number => {
  if (xs.length !== 1 || xs[0] === undefined) throw new Error(`expected one ${what}, found ${xs.length}`);
  return xs[0];
};

/** Reads every fact the corpus needs from a document our sealer wrote; throws if the layout is not as expected. */
export function describe(kind: Genuine["kind"], pdf: Uint8Array): Genuine {
  const trailer = trailerOf(pdf);
  const catalog = objectOf(pdf, trailer.root);
  const pages = one(refsIn(getKey(catalog.head, "Pages")), "/Pages");
  const page = refsIn(getKey(objectOf(pdf, pages).head, "Kids"))[0];
  if (page === undefined) throw new Error("no page");
  const pageObj = objectOf(pdf, page);
  const content = one(refsIn(getKey(pageObj.head, "Contents")), "content stream");
  const fonts = fontResources(pdf, getKey(pageObj.head, "Resources"));
  const byBase = (suffix: string) =>
    one(
      [...fonts.values()].filter((n) =>
        new RegExp(`/BaseFont\\s*/\\w+\\+${suffix}\\b`, "u").test(objectOf(pdf, n).head),
      ),
      suffix,
    );
  const regularFont = byBase("NotoSansSC-Regular");
  const boldFont = byBase("NotoSansSC-Bold");
  const regularHead = objectOf(pdf, regularFont).head;
  const descendant = one(refsIn(getKey(regularHead, "DescendantFonts")), "descendant font");
  const toUnicode = one(refsIn(getKey(regularHead, "ToUnicode")), "ToUnicode");
  const acroForm = one(refsIn(getKey(catalog.head, "AcroForm")), "/AcroForm");
  const widgets = refsIn(getKey(pageObj.head, "Annots"));
  const fieldName = (n: number) => {
    const t = getKey(objectOf(pdf, n).head, "T") ?? "";
    const hex = /^<FEFF([0-9A-Fa-f]*)>$/u.exec(t)?.[1] ?? "";
    return (hex.match(/.{4}/gu) ?? []).map((u) => String.fromCharCode(Number.parseInt(u, 16))).join("");
  };
  const sealWidget = one(
    widgets.filter((w) => fieldName(w) === "eLicenceSeal"),
    "seal widget",
  );
  const noteWidget = one(
    widgets.filter((w) => fieldName(w) === "eLicenceAnnotation"),
    "note widget",
  );
  const apOf = (w: number) =>
    one(refsIn(getKey(getKey(objectOf(pdf, w).head, "AP") ?? "<<>>", "N")), "/AP /N");
  const sealAppearance = apOf(sealWidget);
  const sealGState = one(
    refsIn(getKey(getKey(objectOf(pdf, sealAppearance).head, "Resources") ?? "<<>>", "ExtGState")),
    "seal graphics state",
  );
  const sigDict = one(refsIn(getKey(objectOf(pdf, sealWidget).head, "V")), "seal /V");

  const cmaps = fontCMaps(pdf, fonts);
  const original = objectOf(pdf, content).data;
  if (!original) throw new Error("the page content is not a stream");
  const both = rewriteShownText(original, cmaps, (s) => forgeDate(s) ?? forgeNumber(s));
  const dateOnly = rewriteShownText(original, cmaps, forgeDate);
  const numberOnly = rewriteShownText(original, cmaps, forgeNumber);
  if (dateOnly.changed < 1 || numberOnly.changed < 1 || !dateOnly.at)
    throw new Error("the licence shows no validity date or licence number to forge");
  const regularName = [...fonts].find(([, n]) => n === regularFont)?.[0] ?? "";
  const regularCMap = cmaps.get(regularName);
  if (!regularCMap) throw new Error("no CMap for the regular font");
  return {
    kind,
    bytes: pdf,
    trailer,
    catalog: trailer.root,
    pages,
    page,
    content,
    fonts,
    regularFont,
    boldFont,
    descendant,
    toUnicode,
    acroForm,
    sealWidget,
    sealAppearance,
    sealGState,
    sigDict,
    noteWidget,
    noteAppearance: apOf(noteWidget),
    forgedContent: both.content,
    forgedDateOnly: dateOnly.content,
    forgedNumberOnly: numberOnly.content,
    datePosition: dateOnly.at,
    forgedDateHex: encodeText("有效期至2099年12月31日", regularCMap),
  };
}

export interface GenuineSet {
  env: ValidationEnv;
  plain: Genuine;
  annotated: Genuine;
}

/** Seals the licence and annotates a copy of it, once. */
export async function makeGenuine(): Promise<GenuineSet> {
  const env = await createValidationEnv();
  try {
    const sealed = await env.seal(TYPE_CODE);
    const copy = await env.sealer.annotate({
      pdf: sealed.bytes,
      identifier: sealed.identifier,
      purpose: "银行开户审查",
      validUntil: chinaDate(new Date(env.t0.getTime() + 30 * DAY)),
      now: env.t0,
    });
    return { env, plain: describe("plain", sealed.bytes), annotated: describe("annotated", copy.bytes) };
  } catch (e) {
    env.close();
    throw e;
  }
}
