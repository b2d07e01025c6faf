// The document as a repairing reader sees it. poppler and MuPDF, given cross-reference data they dislike (or none),
// rebuild it by scanning the whole file for `N G obj` headers, the last header of each (number, generation) winning;
// some readers do so whenever anything looks off. When that view and the cross-reference view disagree about an
// object the page draws with, two readers show two documents, and the validator cannot vouch for either.
import type { Budget } from "../limits.js";
import type { PRef } from "./objects.js";
import { generationOf, type PdfFile } from "./pdf-file.js";

export interface ViewDifference {
  ref: string;
  detail: string;
}

const OBJ = Buffer.from("obj", "latin1");
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isWhite = (c: number | undefined) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
/**
 * Whitespace between the parts of an `N G obj` header as the rebuilds read it: poppler's scan uses C isspace, which
 * adds vertical tab (red team 2: `15\v1\vobj` hid the page in poppler, unseen by a scan without it), and pdf.js's
 * `\s` adds no-break space (0xA0) as well. Neither is PDF whitespace; such an object then fails to load: hidden.
 */
const isHeaderSpace = (c: number | undefined) => isWhite(c) || c === 0x0b || c === 0xa0;
/** A byte that may end or precede a token: whitespace or a delimiter. */
const isBoundary = (c: number | undefined) =>
  c === undefined || isWhite(c) || "()<>[]{}/%".includes(String.fromCharCode(c));

const TRAILER = Buffer.from("trailer", "latin1");
const OBJSTM = Buffer.from("ObjStm", "latin1");

/**
 * Whether the bytes of an object (from its `obj` to the next header) may name it an object stream: `ObjStm` anywhere
 * in them, also once `#hh` escapes are decoded (a repairing reader parses the dictionary, so `/Obj#53tm` is /ObjStm to
 * it; red team 4: a fixed 256-byte look and a literal `/ObjStm` missed a padded dictionary and an escaped name).
 */
function mayBeObjectStream(b: Buffer, from: number, to: number): boolean {
  const body = b.subarray(from, to);
  if (body.indexOf(OBJSTM) >= 0) return true;
  if (body.indexOf(0x23) < 0) return false;
  const decoded = body
    .toString("latin1")
    .replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return decoded.includes("ObjStm");
}

const scans = new WeakMap<PdfFile, FileScan>();

export interface FileScan {
  /** Every `N G obj` header, keyed "N G", the last one winning. */
  headers: Map<string, number>;
  /**
   * Per object number, whatever its generation: the last header (MuPDF and pdf.js take it) and the highest
   * generation seen (poppler's rebuild keeps the highest generation, so `N 0 R` then resolves to nothing).
   */
  numbers: Map<number, { last: number; lastGen: number; maxGen: number }>;
  /** Headers of objects that look like object streams (a repairing reader loads their members too). */
  objectStreams: number[];
  /** Every `trailer` keyword: a repairing reader takes its /Root from the last one. */
  trailers: number[];
  /** `obj`s before which comments allow too many readings of a header to follow (no writer makes such bytes). */
  ambiguous: number[];
}

/**
 * One pass over the file (each `obj` and `trailer` found by indexOf, each header read backwards over the digits and
 * spaces before it, object streams recognised in the bytes between one header and the next), so linear in the file size.
 */
export function scanFile(file: PdfFile, budget: Budget): FileScan {
  // The seal's and each annotation's revisions check ask for the same file: scan it once.
  const cached = scans.get(file);
  if (cached) return cached;
  const out: FileScan = {
    headers: new Map(),
    numbers: new Map(),
    objectStreams: [],
    trailers: [],
    ambiguous: [],
  };
  const b = file.buf;
  // The object whose bytes are being read: each byte of the file belongs to at most one, so the look is linear.
  let open: { start: number; from: number } | undefined;
  const close = (to: number) => {
    if (open && mayBeObjectStream(b, open.from, to)) out.objectStreams.push(open.start);
  };
  const comments = new Map<number, number[]>();
  for (let i = b.indexOf(OBJ, 0); i >= 0; i = b.indexOf(OBJ, i + 3)) {
    budget.tick();
    // No boundary is asked for after `obj`: poppler's rebuild compares three bytes only (`17 0 objx` takes the
    // entry, and the object then fails to load: hidden).
    // MuPDF's repair lexes tokens, so a comment between the parts (`17 %x⏎0 obj`) is whitespace to it: read the
    // header both ways and record each reading (red team 4: such a header in a stream whose /Length is indirect —
    // MuPDF's repair then looks for the first `endstream` — redefined the page for MuPDF, unseen by a plain scan).
    const plainHeader = headerEndingAt(b, i);
    const readings = commentedHeaders(b, i, comments);
    if (!readings) out.ambiguous.push(i);
    const header = plainHeader ?? readings?.[0];
    if (!header) continue;
    for (const h of readings ?? [header]) {
      out.headers.set(`${h.num} ${h.gen}`, h.start);
      const seen = out.numbers.get(h.num);
      out.numbers.set(h.num, {
        last: h.start,
        lastGen: h.gen,
        maxGen: Math.max(seen?.maxGen ?? h.gen, h.gen),
      });
    }
    // An `obj` that is no header (inside a string, say) leaves the object open: its dictionary goes on.
    close(header.start);
    open = { start: header.start, from: i + 3 };
  }
  close(b.length);
  for (let i = b.indexOf(TRAILER, 0); i >= 0; i = b.indexOf(TRAILER, i + 7)) {
    budget.tick();
    if (isBoundary(b[i - 1]) && isBoundary(b[i + 7])) out.trailers.push(i);
  }
  scans.set(file, out);
  return out;
}

/**
 * The value of the digits from..to, leading zeros ignored (`000017` is 17 to atoi and to every lexer); a value past
 * 2^53 is not any object's number and comes back as -1.
 */
/**
 * The digits from..to as a C int takes them (poppler's atoi, MuPDF's lexer): modulo 2^32, negated after a `-`, then
 * read as signed. Red team 4: mutool drew `4294967300 0 obj` and `4 8589934592 obj` as object 4 0.
 */
function int32Of(b: Uint8Array, from: number, to: number, negative: boolean): number {
  let v = 0;
  for (let k = from; k < to; k++) v = (v * 10 + ((b[k] as number) - 0x30)) % 0x100000000;
  if (negative) v = (0x100000000 - v) % 0x100000000;
  return v >= 0x80000000 ? v - 0x100000000 : v;
}

function digitsValue(b: Uint8Array, from: number, to: number): number {
  let k = from;
  while (k < to - 1 && b[k] === 0x30) k++;
  if (to - k > 15) return -1;
  let v = 0;
  for (; k < to; k++) v = v * 10 + ((b[k] as number) - 0x30);
  return v;
}

const MAX_READINGS = 32;

/** Where the `%`s are on the line whose last non-space byte is at `p`; each line is read once (`memo`). */
function percentsOnLine(b: Uint8Array, p: number, memo: Map<number, number[]>): number[] {
  const known = memo.get(p);
  if (known) return known;
  let lineStart = p;
  while (lineStart >= 0 && b[lineStart] !== 0x0a && b[lineStart] !== 0x0d) lineStart--;
  const found: number[] = [];
  // More than MAX_READINGS of them make the header ambiguous anyway: stop collecting there.
  for (let k = lineStart + 1; k <= p && found.length <= MAX_READINGS; k++) if (b[k] === 0x25) found.push(k);
  memo.set(p, found);
  return found;
}

/**
 * Every place the token before `p` may end once spaces, and comments, are skipped: the plain reading, and — when the
 * spaces crossed an end of line — one reading per `%` on the line before it, since any of them may begin the comment
 * (the first is not always the one: a `%` inside a string is not). Undefined past MAX_READINGS.
 */
function tokenEnds(b: Uint8Array, p: number, memo: Map<number, number[]>): number[] | undefined {
  const out: number[] = [];
  const todo = [p];
  for (let q = todo.pop(); q !== undefined; q = todo.pop()) {
    if (out.length >= MAX_READINGS) return undefined;
    let eol = false;
    while (q >= 0 && isHeaderSpace(b[q])) {
      if (b[q] === 0x0a || b[q] === 0x0d) eol = true;
      q--;
    }
    out.push(q);
    if (eol && q >= 0) for (const k of percentsOnLine(b, q, memo)) todo.push(k - 1);
  }
  return out;
}

/**
 * The headers MuPDF's repair may read before the `obj` at `at`: it lexes tokens, so comments are whitespace (`17 %x⏎0
 * obj`) and one leading `+` belongs to an integer (red team 4: such headers after a fake `endstream` in a stream with an
 * indirect /Length — MuPDF's repair then seeks the first `endstream` and lexes on — redefined the page for mutool,
 * unseen by a plain scan). The plain reading is among them. Undefined when there are too many readings.
 */
function commentedHeaders(b: Uint8Array, at: number, memo: Map<number, number[]>): Header[] | undefined {
  const out: Header[] = [];
  const genEnds = tokenEnds(b, at - 1, memo);
  if (!genEnds) return undefined;
  for (const p of genEnds) {
    if (p === at - 1) continue;
    let genStart = p;
    while (genStart >= 0 && isDigit(b[genStart])) genStart--;
    if (genStart === p) continue;
    const gen = digitsValue(b, genStart + 1, p + 1);
    const genMinus = b[genStart] === 0x2d;
    const genWrapped = int32Of(b, genStart + 1, p + 1, genMinus);
    if (b[genStart] === 0x2b || genMinus) genStart--;
    const numEnds = tokenEnds(b, genStart, memo);
    if (!numEnds) return undefined;
    for (const q of numEnds) {
      if (q === genStart) continue;
      let numStart = q;
      while (numStart >= 0 && isDigit(b[numStart])) numStart--;
      if (numStart === q) continue;
      const num = digitsValue(b, numStart + 1, q + 1);
      const numMinus = b[numStart] === 0x2d;
      const numWrapped = int32Of(b, numStart + 1, q + 1, numMinus);
      if (b[numStart] === 0x2b || numMinus) numStart--;
      if (!isBoundary(b[numStart])) continue;
      if (out.length >= MAX_READINGS) return undefined;
      const start = numStart + 1;
      if (num >= 0 && !numMinus && !genMinus)
        out.push({ num, gen: gen < 0 ? Number.MAX_SAFE_INTEGER : gen, start });
      // MuPDF's repair keeps the lexed integers as C ints: `4294967300 0 obj` and `-4294967292 0 obj` are object 4.
      if (
        numWrapped > 0 &&
        genWrapped >= 0 &&
        (numWrapped !== num || genWrapped !== gen || numMinus || genMinus)
      )
        out.push({ num: numWrapped, gen: genWrapped, start });
    }
  }
  return out;
}

/**
 * The `N G` before the `obj` at `at`, if that is what precedes it. Runs of digits and whitespace are read whole,
 * however long: readers take `00000000000017 000000 obj` as 17 0 (issue 9 review: a scan that stopped at ten and
 * five digits missed such headers). Still linear: the bytes read back lie between this `obj` and the one before.
 */
interface Header {
  num: number;
  gen: number;
  start: number;
}

function headerEndingAt(b: Uint8Array, at: number): Header | undefined {
  let p = at - 1;
  while (p >= 0 && isHeaderSpace(b[p])) p--;
  if (p === at - 1) return undefined;
  let genStart = p;
  while (genStart >= 0 && isDigit(b[genStart])) genStart--;
  if (genStart === p) return undefined;
  const gen = digitsValue(b, genStart + 1, p + 1);
  if (b[genStart] === 0x2b) genStart--;
  p = genStart;
  while (p >= 0 && isHeaderSpace(b[p])) p--;
  if (p === genStart) return undefined;
  let numStart = p;
  while (numStart >= 0 && isDigit(b[numStart])) numStart--;
  if (numStart === p) return undefined;
  const num = digitsValue(b, numStart + 1, p + 1);
  if (b[numStart] === 0x2b) numStart--;
  if (!isBoundary(b[numStart])) return undefined;
  if (num < 0) return undefined;
  // A generation past 2^53 still names object `num` to a rebuild: count it as higher than any listed one.
  return { num, gen: gen < 0 ? Number.MAX_SAFE_INTEGER : gen, start: numStart + 1 };
}

/**
 * Where the repaired view and the cross-reference view (as of the newest revision) disagree: a `trailer` or an object
 * stream the cross-reference data does not know (a repairing reader would use them), and, for each of `refs`:
 * A directly stored object must be the last header of its number and generation; an object in an object stream
 * must have no direct header after its stream (a repairing reader would take that one); a reference the
 * cross-reference view cannot resolve (free, absent, another generation) must have no header at all.
 */
export function repairedViewDifferences(
  file: PdfFile,
  refs: Iterable<PRef>,
  budget: Budget,
  max = 20,
): ViewDifference[] {
  const scan = scanFile(file, budget);
  const headers = scan.headers;
  const out: ViewDifference[] = [];
  // The trailer and object streams a repairing reader would find must be ones the cross-reference data knows.
  const trailers = new Set(file.revisions.map((r) => r.trailerAt));
  for (const at of scan.trailers)
    if (!trailers.has(at) && out.length < max)
      out.push({ ref: "trailer", detail: `a trailer at ${at} that no cross-reference section ends with` });
  const listed = new Set(file.listedOffsets());
  for (const at of scan.objectStreams)
    if (!listed.has(at) && out.length < max)
      out.push({
        ref: "object stream",
        detail: `an object stream at ${at} that no cross-reference data lists`,
      });
  for (const at of scan.ambiguous)
    if (out.length < max)
      out.push({
        ref: "header",
        detail: `comments before the obj at ${at} allow more than ${MAX_READINGS} readings of a header`,
      });
  const seen = new Set<string>();
  if (out.length >= max) return out;
  for (const ref of refs) {
    const key = `${ref.num} ${ref.gen}`;
    if (seen.has(key)) continue;
    seen.add(key);
    budget.tick();
    const scanned = headers.get(key);
    const found = file.entryAt(ref.num);
    // A header of the same number with another generation: MuPDF and pdf.js take the last header whatever its
    // generation, poppler the highest generation, and either way `N G R` no longer means what was listed.
    const any = scan.numbers.get(ref.num);
    if (any && (any.lastGen !== ref.gen || any.maxGen > ref.gen)) {
      out.push({
        ref: key,
        detail: `${ref.num} ${any.lastGen !== ref.gen ? any.lastGen : any.maxGen} obj is in the file too: a repairing reader takes it`,
      });
      if (out.length >= max) break;
      continue;
    }
    const entry = found?.entry;
    if (!entry || entry.kind === "free" || generationOf(entry) !== ref.gen) {
      if (scanned !== undefined)
        out.push({
          ref: key,
          detail: `unresolved by the cross-reference data, but ${key} obj is at ${scanned}`,
        });
    } else if (entry.kind === "offset") {
      if (scanned !== entry.offset)
        out.push({
          ref: key,
          detail: `listed at ${entry.offset}, but the last ${key} obj in the file is at ${scanned ?? "nowhere"}`,
        });
    } else {
      const container = file.entryAt(entry.stream)?.entry;
      const streamAt = container?.kind === "offset" ? container.offset : -1;
      if (scanned !== undefined && scanned > streamAt)
        out.push({
          ref: key,
          detail: `in object stream ${entry.stream}, but ${key} obj follows it at ${scanned}`,
        });
    }
    if (out.length >= max) break;
  }
  return out;
}
