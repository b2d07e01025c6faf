// Reading one cross-reference section (ISO 32000 §7.5.4 table, §7.5.8 stream) strictly. Table entries must be the
// exact 20-byte form: poppler and MuPDF reject anything else and rebuild the cross-reference data by scanning the
// file, so a table only we can read would let them show objects we never looked at.
import { problem, type Budget } from "../limits.js";
import { PDict, PName, PStream, isInt } from "./objects.js";
import { PdfParser } from "./parser.js";
import { decodeStream } from "./stream-decode.js";

export type XrefEntry =
  | { kind: "offset"; offset: number; gen: number }
  | { kind: "compressed"; stream: number; index: number }
  | { kind: "free"; gen: number };

export interface XrefSection {
  entries: Map<number, XrefEntry>;
  trailer: PDict;
  /** Offset just past the trailer dictionary (table) or the xref stream's `endobj` (stream). */
  end: number;
  /** Offset of the `trailer` keyword (table only). */
  trailerAt?: number;
}

const xrefBroken = (message: string) => problem("VER_PDF_XREF_BROKEN", message);
const entryMalformed = (message: string) => problem("VER_PDF_XREF_ENTRY_MALFORMED", message);

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** Length of the end-of-line at `at` (CR LF, CR or LF), 0 when there is none. */
function eolAt(b: Uint8Array, at: number): number {
  if (b[at] === 0x0d) return b[at + 1] === 0x0a ? 2 : 1;
  return b[at] === 0x0a ? 1 : 0;
}

function digitsAt(b: Uint8Array, at: number, count: number): number | undefined {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const c = b[at + k];
    if (!isDigit(c)) return undefined;
    v = v * 10 + ((c as number) - 0x30);
  }
  return v;
}

/**
 * The table starting at `start` (just past the `xref` keyword). Subsection headers are `first count` on a line of
 * their own; each entry is `oooooooooo ggggg n|f` and a two-byte end-of-line (SP CR, SP LF or CR LF), nothing else.
 */
export function readTable(bytes: Uint8Array, start: number, budget: Budget): XrefSection {
  const entries = new Map<number, XrefEntry>();
  let trailerAt = -1;
  let pos = start;
  const eol = eolAt(bytes, pos);
  if (eol === 0) throw entryMalformed(`"xref" at ${start - 4} is not followed by an end of line`);
  pos += eol;
  const p = new PdfParser(bytes, pos, budget);
  for (;;) {
    budget.tick();
    // Blank lines between subsections and before "trailer" are harmless (pdf-lib writes one); comments are not.
    while (bytes[p.pos] === 0x0a || bytes[p.pos] === 0x0d || bytes[p.pos] === 0x20) p.pos++;
    if (p.peekWord() === "trailer") {
      trailerAt = p.pos;
      p.pos += 7;
      break;
    }
    const headerAt = p.pos;
    const first = p.readUnsigned();
    if (first === undefined || bytes[p.pos] !== 0x20)
      throw xrefBroken(`malformed subsection header at ${headerAt}`);
    p.pos++;
    const count = p.readUnsigned();
    if (count === undefined) throw xrefBroken(`malformed subsection header at ${headerAt}`);
    while (bytes[p.pos] === 0x20) p.pos++;
    const headerEol = eolAt(bytes, p.pos);
    if (headerEol === 0) throw entryMalformed(`subsection header at ${headerAt} is not on a line of its own`);
    p.pos += headerEol;
    if (count > (bytes.length - p.pos) / 20) throw xrefBroken("cross-reference subsection count too large");
    for (let k = 0; k < count; k++, p.pos += 20) {
      budget.tick();
      const at = p.pos;
      const n = first + k;
      const off = digitsAt(bytes, at, 10);
      const gen = digitsAt(bytes, at + 11, 5);
      const type = bytes[at + 17];
      const e1 = bytes[at + 18];
      const e2 = bytes[at + 19];
      const eolOk = (e1 === 0x20 && (e2 === 0x0d || e2 === 0x0a)) || (e1 === 0x0d && e2 === 0x0a);
      if (
        off === undefined ||
        gen === undefined ||
        bytes[at + 10] !== 0x20 ||
        bytes[at + 16] !== 0x20 ||
        (type !== 0x6e && type !== 0x66) ||
        !eolOk
      )
        throw entryMalformed(`the entry for object ${n} at ${at} is not a 20-byte cross-reference entry`);
      if (gen > 65535) throw entryMalformed(`the entry for object ${n} has generation ${gen}`);
      if (entries.has(n)) throw xrefBroken(`object ${n} is listed twice in one cross-reference table`);
      if (type === 0x6e) {
        if (off >= bytes.length) throw xrefBroken(`object ${n} is listed at ${off}, outside the file`);
        entries.set(n, { kind: "offset", offset: off, gen });
      } else entries.set(n, { kind: "free", gen });
    }
  }
  const trailer = p.parseValue(0);
  if (!(trailer instanceof PDict)) throw xrefBroken("the trailer is not a dictionary");
  return { entries, trailer, end: p.pos, trailerAt };
}

export function readXrefStream(bytes: Uint8Array, offset: number, budget: Budget): XrefSection {
  const parser = new PdfParser(bytes, offset, budget);
  const obj = parser.parseIndirect(() => undefined);
  const stream = obj.value;
  if (
    !(stream instanceof PStream) ||
    !(stream.dict.get("Type") instanceof PName) ||
    (stream.dict.get("Type") as PName).name !== "XRef"
  )
    throw xrefBroken(`offset ${offset} points at neither an xref table nor an xref stream`);
  const d = stream.dict;
  const data = decodeStream(bytes, stream, budget.limits.maxStreamBytes);
  const w = d.get("W");
  const size = d.get("Size");
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => isInt(x) && x >= 0 && x <= 8) || !isInt(size))
    throw xrefBroken("xref stream /W or /Size is malformed");
  // poppler reads a type field of at most 4 bytes (an int); wider, it drops the stream and rebuilds the xref by
  // scanning (red team 4: /W [5 4 2] read fine here, and pdftotext fell back to a scan).
  if ((w[0] as number) > 4) throw xrefBroken("xref stream type fields wider than 4 bytes");
  const [w0, w1, w2] = w as [number, number, number];
  const index = d.get("Index") ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => isInt(x) && x >= 0))
    throw xrefBroken("xref stream /Index is malformed");
  const row = w0 + w1 + w2;
  if (row === 0) throw xrefBroken("xref stream rows are empty");
  const field = (at: number, width: number): number => {
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 256 + (data[at + k] ?? 0);
    return v;
  };
  const entries = new Map<number, XrefEntry>();
  let at = 0;
  for (let s = 0; s < index.length; s += 2) {
    const first = index[s] as number;
    const count = index[s + 1] as number;
    if (at + count * row > data.length) throw xrefBroken("xref stream is shorter than its /Index says");
    for (let k = 0; k < count; k++, at += row) {
      budget.tick();
      const type = w0 === 0 ? 1 : field(at, w0);
      const f2 = field(at + w0, w1);
      const f3 = field(at + w0 + w1, w2);
      const n = first + k;
      if (entries.has(n)) throw xrefBroken(`object ${n} is listed twice in one xref stream`);
      if (type === 0) entries.set(n, { kind: "free", gen: f3 });
      else if (type === 1) {
        if (f2 >= bytes.length) throw xrefBroken(`object ${n} is listed at ${f2}, outside the file`);
        if (f3 > 65535) throw xrefBroken(`object ${n} is listed with generation ${f3}`);
        entries.set(n, { kind: "offset", offset: f2, gen: f3 });
      } else if (type === 2) entries.set(n, { kind: "compressed", stream: f2, index: f3 });
      // Other types are reserved and mean "null object" (ISO 32000 §7.5.8.3).
    }
  }
  return { entries, trailer: d, end: parser.pos };
}
