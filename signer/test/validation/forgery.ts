// Issue 9's forgeries, written byte by byte as an attacker would (no writer of ours would produce them): incremental
// updates whose bytes are not all accounted for by their own cross-reference data, generation re-listing, markup,
// object streams hiding a redefinition, objects hidden in stream data for readers that rebuild the xref by scanning.
import { Budget, DEFAULT_LIMITS } from "../../src/validation/limits.js";
import { PDict, PRef, PString, type PArray } from "../../src/validation/pdf/objects.js";
import { PdfParser } from "../../src/validation/pdf/parser.js";
import { PdfFile } from "../../src/validation/pdf/pdf-file.js";

type Bytes = Uint8Array;
const latin1 = (s: string): Bytes => new Uint8Array(Buffer.from(s, "latin1"));
const text = (b: Bytes, from = 0, to = b.length) => Buffer.from(b.subarray(from, to)).toString("latin1");

export interface Doc {
  bytes: Bytes;
  file: PdfFile;
  size: number;
  startxref: number;
  /** The newest trailer's /Root, /Info and /ID as written. */
  common: string;
  page: { num: number; gen: number; body: string };
  /** The first content stream of the page, and its whole `obj … endobj` body. */
  content: { num: number; gen: number; body: string };
}

function objectText(file: PdfFile, num: number): { gen: number; body: string } {
  const e = file.entryAt(num)?.entry;
  if (e?.kind !== "offset") return { gen: -1, body: "" }; // freed by an earlier forgery: nothing to copy
  const p = new PdfParser(file.bytes, e.offset, new Budget(DEFAULT_LIMITS));
  p.parseIndirect(file.lengthResolver(file.last));
  const all = text(file.bytes, e.offset, p.pos);
  const m = /^\d+\s+\d+\s+obj\s?/.exec(all);
  return { gen: e.gen, body: all.slice(m?.[0].length ?? 0, all.length - "endobj".length).trimEnd() };
}

export function open(bytes: Bytes): Doc {
  const file = PdfFile.open(bytes, new Budget(DEFAULT_LIMITS));
  const rev = file.revisions[file.last];
  if (!rev) throw new Error("no revision");
  const t = rev.trailer;
  const ref = (k: string) => {
    const v = t.get(k);
    return v instanceof PRef ? `/${k} ${v.num} ${v.gen} R ` : "";
  };
  const id = t.get("ID");
  const [id0, id1] = Array.isArray(id) ? (id as PArray) : [];
  const idText =
    id0 instanceof PString && id1 instanceof PString ? `/ID [${text(bytes, id0.start, id1.end)}] ` : "";
  const catalog = file.dict(t.get("Root"));
  const pages = file.dict(catalog?.get("Pages"));
  const kids = file.resolve(pages?.get("Kids"));
  const pageRef = Array.isArray(kids) ? (kids as PArray)[0] : undefined;
  if (!(pageRef instanceof PRef)) throw new Error("no first page");
  const page = file.dict(pageRef);
  const contents = page?.get("Contents");
  const contentRef = Array.isArray(contents) ? (contents as PArray)[0] : contents;
  if (!(page instanceof PDict) || !(contentRef instanceof PRef)) throw new Error("no page content");
  return {
    bytes,
    file,
    size: Number(t.get("Size")),
    startxref: rev.xrefOffset,
    common: `${ref("Root")}${ref("Info")}${idText}`,
    page: { num: pageRef.num, ...objectText(file, pageRef.num) },
    content: { num: contentRef.num, ...objectText(file, contentRef.num) },
  };
}

/** A piece of an update: bytes as they are, or an object (listed in the xref unless `listed` is false). */
export type Piece = string | { num: number; gen?: number; body: string; listed?: boolean };

export type Entry =
  | { num: number; gen: number; offset: number }
  | { num: number; gen: number; free: true }
  | { num: number; stream: number; index: number };

export interface UpdateOptions {
  /** Entries added to those of the listed pieces. */
  extra?: (offsets: Map<number, number>) => Entry[];
  /** Run the 20-byte entries together without their end-of-line bytes. */
  glue?: boolean;
  /** A cross-reference stream (object number `xrefNum`) instead of a table. */
  xrefStream?: number;
  /** Written between the last piece and the cross-reference section. */
  beforeXref?: string;
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Appends an update of `pieces`, its cross-reference data listing what the options say. */
export function appendUpdate(doc: Doc, pieces: Piece[], o: UpdateOptions = {}): Bytes {
  let out = text(doc.bytes);
  if (!out.endsWith("\n")) out += "\n";
  const offsets = new Map<number, number>();
  const entries: Entry[] = [];
  for (const piece of pieces) {
    if (typeof piece === "string") {
      out += piece;
      continue;
    }
    const gen = piece.gen ?? 0;
    if (piece.listed !== false) entries.push({ num: piece.num, gen, offset: out.length });
    offsets.set(piece.num, out.length);
    out += `${piece.num} ${gen} obj\n${piece.body}\nendobj\n`;
  }
  entries.push(...(o.extra?.(offsets) ?? []));
  out += o.beforeXref ?? "";
  const xrefAt = out.length;
  const maxNum = Math.max(doc.size - 1, ...entries.map((e) => e.num), o.xrefStream ?? 0);
  if (o.xrefStream !== undefined) {
    entries.push({ num: o.xrefStream, gen: 0, offset: xrefAt });
    entries.sort((a, b) => a.num - b.num);
    const rows = entries.map((e) => {
      const row = Buffer.alloc(7);
      if ("free" in e) row.writeUInt8(0, 0);
      else if ("stream" in e) {
        row.writeUInt8(2, 0);
        row.writeUInt32BE(e.stream, 1);
        row.writeUInt16BE(e.index, 5);
        return row;
      } else {
        row.writeUInt8(1, 0);
        row.writeUInt32BE(e.offset, 1);
      }
      row.writeUInt16BE(e.gen, 5);
      return row;
    });
    const data = Buffer.concat(rows).toString("latin1");
    const index = entries.map((e) => `${e.num} 1`).join(" ");
    out +=
      `${o.xrefStream} 0 obj\n<</Type /XRef /Size ${maxNum + 1} /W [1 4 2] /Index [${index}] ${doc.common}` +
      `/Prev ${doc.startxref} /Length ${data.length}>>\nstream\n${data}\nendstream\nendobj\n`;
  } else {
    entries.sort((a, b) => a.num - b.num);
    out += "xref\n";
    for (const e of entries) {
      if ("stream" in e) throw new Error("compressed entries need an xref stream");
      const line = `${pad("free" in e ? 0 : e.offset, 10)} ${pad(e.gen, 5)} ${"free" in e ? "f" : "n"}`;
      out += `${e.num} 1\n${line}${o.glue ? "" : " \n"}`;
    }
    if (o.glue) out += "\n";
    out += `trailer\n<</Size ${maxNum + 1} ${doc.common}/Prev ${doc.startxref}>>\n`;
  }
  out += `startxref\n${xrefAt}\n%%EOF\n`;
  return latin1(out);
}

/** A content stream painting a white box over the holder's name and writing over it. */
export function forgedDrawing(num: number): Exclude<Piece, string> {
  const ops = "q 1 1 1 rg 120 380 320 60 re f Q q 0.8 0 0 rg 130 390 300 40 re f Q\n";
  return { num, body: `<</Length ${ops.length}>>\nstream\n${ops}\nendstream` };
}

/** The page dictionary with `extra` appended to its /Contents. */
export function pageWithContent(doc: Doc, extra: number): string {
  const body = doc.page.body.replace(
    /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/,
    (_, c: string) => `/Contents [${c.startsWith("[") ? c.slice(1, -1) : c} ${extra} 0 R]`,
  );
  if (body === doc.page.body) throw new Error("no /Contents to extend");
  return body;
}

// ---- the named classes -------------------------------------------------------------------------------------------

/** Finding 1: forged page and drawing in the update, unlisted; the table lists a decoy with glued entries. */
export function unlistedWithGluedXref(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  return appendUpdate(
    doc,
    [
      forgedDrawing(n),
      { num: doc.page.num, body: pageWithContent(doc, n), listed: false },
      { num: n + 1, body: "<<>>" },
    ],
    { glue: true },
  );
}

/** Finding 1 without the glue: a well-formed table that simply leaves the forged objects out. */
export function unlistedObjects(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  return appendUpdate(doc, [
    { ...forgedDrawing(n), listed: false },
    { num: doc.page.num, body: pageWithContent(doc, n), listed: false },
    { num: n + 1, body: "<<>>" },
  ]);
}

/** Finding 2: the page's content stream re-listed with generation 1 and identical bytes. */
export function generationRelisted(pdf: Bytes): Bytes {
  const doc = open(pdf);
  return appendUpdate(doc, [{ num: doc.content.num, gen: 1, body: doc.content.body }]);
}

/** An HTML/JS block in an update: a comment between objects. */
export function markupComment(pdf: Bytes): Bytes {
  const doc = open(pdf);
  return appendUpdate(doc, [
    "%<html><body><script>document.write('LI Si FORGED')</script></body></html>\n",
    { num: doc.size, body: "<<>>" },
  ]);
}

// ---- variants ----------------------------------------------------------------------------------------------------

/** The markup inside a listed, unreferenced stream object. */
export function markupInStream(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const html = "<!DOCTYPE html><html><script>alert(1)</script></html>";
  return appendUpdate(doc, [
    { num: doc.size, body: `<</Length ${html.length}>>\nstream\n${html}\nendstream` },
  ]);
}

/** An xref-stream update that lists only a decoy while the forged page and drawing sit beside it. */
export function xrefStreamUnlisted(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  return appendUpdate(
    doc,
    [
      { ...forgedDrawing(n), listed: false },
      { num: doc.page.num, body: pageWithContent(doc, n), listed: false },
      { num: n + 1, body: "<<>>" },
    ],
    { xrefStream: n + 2 },
  );
}

/** The update lists the page at its old offset (in the sealed revision) while a forged copy sits in the update. */
export function listedAtOldOffset(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const old = doc.file.entryAt(doc.page.num)?.entry;
  if (old?.kind !== "offset") throw new Error("page not stored directly");
  return appendUpdate(
    doc,
    [forgedDrawing(n), { num: doc.page.num, body: pageWithContent(doc, n), listed: false }],
    { extra: () => [{ num: doc.page.num, gen: 0, offset: old.offset }] },
  );
}

/** A second trailer (and startxref) between the update's objects and its real cross-reference section. */
export function secondTrailer(pdf: Bytes): Bytes {
  const doc = open(pdf);
  return appendUpdate(doc, [{ num: doc.size, body: "<<>>" }], {
    beforeXref: `trailer\n<</Size ${doc.size + 1} ${doc.common}>>\n`,
  });
}

/** Junk bytes between two listed objects. */
export function junkBetweenObjects(pdf: Bytes): Bytes {
  const doc = open(pdf);
  return appendUpdate(doc, [
    { num: doc.size, body: "<<>>" },
    "BT /F1 24 Tf (LI Si FORGED) Tj ET\n",
    { num: doc.size + 1, body: "<<>>" },
  ]);
}

/** An object stream listed in an xref stream, holding a decoy (listed) and a redefined page (not listed there). */
export function objectStreamRedefinition(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const decoy = "<<>>";
  const page = pageWithContent(doc, n);
  const header = `${n + 1} 0 ${doc.page.num} ${decoy.length + 1} `;
  const data = `${header}${decoy}\n${page}`;
  return appendUpdate(
    doc,
    [
      forgedDrawing(n),
      {
        num: n + 2,
        body: `<</Type /ObjStm /N 2 /First ${header.length} /Length ${data.length}>>\nstream\n${data}\nendstream`,
      },
    ],
    { xrefStream: n + 3, extra: () => [{ num: n + 1, stream: n + 2, index: 0 }] },
  );
}

/** Two updates: the first frees the page's content stream with generation 1, the second re-uses it as `K 1 obj`. */
export function freedThenReused(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const first = appendUpdate(doc, [], { extra: () => [{ num: doc.content.num, gen: 1, free: true }] });
  const again = open(first);
  return appendUpdate(again, [{ num: doc.content.num, gen: 1, body: doc.content.body }]);
}

/** The update lists an object that lies inside another object's stream data (a hidden object). */
export function objectInsideStream(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const inner = `\n${n + 1} 0 obj\n<</Forged true>>\nendobj\n`;
  const body = `<</Length ${inner.length}>>\nstream\n${inner}\nendstream`;
  return appendUpdate(doc, [{ num: n, body }], {
    extra: (offsets) => [
      { num: n + 1, gen: 0, offset: (offsets.get(n) ?? 0) + `${n} 0 obj\n`.length + body.indexOf(inner) + 1 },
    ],
  });
}

/**
 * Everything listed and in place, but a listed stream's data carries `P 0 obj` redefining the page: poppler and
 * MuPDF, rebuilding the xref by scanning, take that last header; our xref view does not.
 */
export function pageHiddenForRepair(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const hidden = `\n${doc.page.num} 0 obj\n${pageWithContent(doc, n)}\nendobj\n`;
  return appendUpdate(doc, [
    forgedDrawing(n),
    { num: n + 1, body: `<</Length ${hidden.length}>>\nstream\n${hidden}\nendstream` },
  ]);
}

/**
 * pageHiddenForRepair with the page's number written with leading zeros past ten digits: poppler's rebuild (atoi),
 * MuPDF's and pdf.js's all read it as the page; a scan that read at most ten digits did not (red team 2).
 */
export function pageHiddenWithLeadingZeros(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const hidden = `\n00000000000${doc.page.num} 000000 obj\n${pageWithContent(doc, n)}\nendobj\n`;
  return appendUpdate(doc, [
    forgedDrawing(n),
    { num: n + 1, body: `<</Length ${hidden.length}>>\nstream\n${hidden}\nendstream` },
  ]);
}

/**
 * The page redefined behind a header with a comment between its parts (`P %x⏎0 obj`), in a listed stream whose
 * /Length is indirect: MuPDF's repair cannot use such a length, looks for the first `endstream`, lexes on from there
 * and takes the comment for whitespace (red team 4, mutool draw showed the forged page); a scan of `N G obj` with only
 * spaces between did not see it.
 */
export function pageHiddenBehindComment(pdf: Bytes, header = (num: number) => `${num} %x\n0 obj`): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const hidden = `endstream\nendobj\n${header(doc.page.num)}\n${pageWithContent(doc, n)}\nendobj\n`;
  return appendUpdate(doc, [
    forgedDrawing(n),
    { num: n + 1, body: `<</Length ${n + 2} 0 R>>\nstream\n${hidden}\nendstream` },
    { num: n + 2, body: `${hidden.length}` },
  ]);
}

/**
 * `C 1 obj` for the page's content stream C, hidden in a listed stream: poppler's rebuild keeps the highest generation
 * of each number, after which `C 0 R` resolves to nothing and the page prints blank (red team 2; the same header with
 * other content hides the note of an annotated copy).
 */
export function contentHiddenByGeneration(pdf: Bytes, space = " ", gen = "1"): Bytes {
  const doc = open(pdf);
  const hidden = `\n${doc.content.num}${space}${gen}${space}obj\n<<>>\nendobj\n`;
  return appendUpdate(doc, [
    { num: doc.size, body: `<</Length ${hidden.length}>>\nstream\n${hidden}\nendstream` },
  ]);
}

/**
 * An update object referring to an object nothing lists: poppler, meeting such a reference, rebuilds the whole
 * cross-reference data by scanning the file (red team 2: a document timestamp field's /TU did it at form load).
 */
export function danglingReference(pdf: Bytes): Bytes {
  const doc = open(pdf);
  return appendUpdate(doc, [{ num: doc.size, body: `<</TU ${doc.size + 500} 0 R>>` }]);
}

/** A listed stream whose data holds a trailer naming another catalog: a scanning reader takes the last trailer. */
export function trailerHiddenInStream(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const hidden = `\ntrailer\n<</Size ${n + 3} /Root ${n + 2} 0 R>>\n`;
  return appendUpdate(doc, [{ num: n, body: `<</Length ${hidden.length}>>\nstream\n${hidden}\nendstream` }]);
}

/** An object stream redefining the page, hidden in a listed stream's data: a repairing reader may load its members. */
export function objectStreamHiddenInStream(
  pdf: Bytes,
  /** How the hidden stream names its type, and what comes before it in its dictionary. */
  type = "/Type /ObjStm",
  padding = "",
): Bytes {
  const doc = open(pdf);
  const n = doc.size;
  const page = pageWithContent(doc, n);
  const header = `${doc.page.num} 0 `;
  const data = `${header}${page}`;
  const objStm = `\n${n + 2} 0 obj\n<<${padding} ${type} /N 1 /First ${header.length} /Length ${data.length}>>\nstream\n${data}\nendstream\nendobj\n`;
  return appendUpdate(doc, [
    forgedDrawing(n),
    { num: n + 1, body: `<</Length ${objStm.length}>>\nstream\n${objStm}\nendstream` },
  ]);
}

/** The page re-written with a page-open action running JavaScript (Acrobat can draw forged fields with it). */
export function pageOpenJavaScript(pdf: Bytes): Bytes {
  const doc = open(pdf);
  const body = doc.page.body.replace(/>>\s*$/, " /AA <</O <</S /JavaScript /JS (app.alert\\(1\\))>>>>>>");
  return appendUpdate(doc, [{ num: doc.page.num, body }]);
}

/** HTML after the final %%EOF. */
export function htmlAfterEof(pdf: Bytes): Bytes {
  return latin1(`${text(pdf)}<html><script>alert(1)</script></html>\n`);
}
