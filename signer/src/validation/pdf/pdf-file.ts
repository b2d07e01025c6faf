// The revisions of a PDF as validation needs them: the cross-reference chain from the last startxref back through
// /Prev, where each revision ends (its %%EOF), and every object as seen from any revision. Strict: anything a
// forgiving reader would "repair" is reported as a FormatProblem instead.
import { problem, type Budget } from "../limits.js";
import { PDict, PName, PRef, PStream, isInt, type IndirectObject, type PObject } from "./objects.js";
import { PdfParser } from "./parser.js";
import { decodeStream } from "./stream-decode.js";

export type XrefEntry =
  | { kind: "offset"; offset: number; gen: number }
  | { kind: "compressed"; stream: number; index: number }
  | { kind: "free"; gen: number };

export interface Revision {
  /** 0 is the oldest (the original document). */
  index: number;
  xrefOffset: number;
  xrefKind: "table" | "stream";
  /** Offset just past this revision's %%EOF marker. */
  end: number;
  trailer: PDict;
  entries: ReadonlyMap<number, XrefEntry>;
}

export interface LocatedObject extends IndirectObject {
  /** The revision whose cross-reference entry produced this object. */
  revision: number;
  /** File offset of the object (undefined inside an object stream). */
  offset?: number;
}

const EOF_MARKER = Buffer.from("%%EOF", "latin1");
const STARTXREF = Buffer.from("startxref", "latin1");
const xrefBroken = (message: string) => problem("VER_PDF_XREF_BROKEN", message);

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

export class PdfFile {
  readonly revisions: Revision[];
  readonly buf: Buffer;
  private readonly objects = new Map<string, LocatedObject>();
  private readonly objectStreams = new Map<string, { data: Uint8Array; offsets: Map<number, number> }>();
  private readonly resolving = new Set<string>();

  private constructor(
    readonly bytes: Uint8Array,
    private readonly budget: Budget,
    revisions: Revision[],
  ) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.revisions = revisions;
  }

  get last(): number {
    return this.revisions.length - 1;
  }

  static open(bytes: Uint8Array, budget: Budget): PdfFile {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.subarray(0, 5).toString("latin1") !== "%PDF-")
      throw problem("VER_PDF_NOT_PDF", "no %PDF- header");
    const lastEof = buf.lastIndexOf(EOF_MARKER);
    if (lastEof < 0) throw problem("VER_PDF_TRUNCATED", "no %%EOF marker: the file is cut off");
    for (let i = lastEof + EOF_MARKER.length; i < buf.length; i++)
      if (!isSpace(buf[i]))
        throw problem("VER_PDF_TRAILING_DATA", `${buf.length - lastEof - 5} bytes follow the last %%EOF`);
    const sx = buf.lastIndexOf(STARTXREF, lastEof);
    if (sx < 0 || lastEof - sx > 64) throw problem("VER_PDF_TRUNCATED", "no startxref before the last %%EOF");
    const m = /^startxref\s+(\d{1,15})\s*$/.exec(buf.subarray(sx, lastEof).toString("latin1"));
    if (!m) throw xrefBroken("startxref is not followed by an offset");
    const file = new PdfFile(bytes, budget, []);
    file.readChain(Number(m[1]));
    return file;
  }

  /** Follows /Prev from the newest cross-reference section and records each revision, oldest first. */
  private readChain(startxref: number): void {
    const sections: Omit<Revision, "index" | "end">[] = [];
    const seen = new Set<number>();
    let next: number | undefined = startxref;
    while (next !== undefined) {
      if (seen.has(next)) throw xrefBroken(`the /Prev chain loops back to offset ${next}`);
      seen.add(next);
      if (sections.length >= this.budget.limits.maxRevisions)
        throw problem("VER_PDF_TOO_COMPLEX", `more than ${this.budget.limits.maxRevisions} revisions`);
      const section = this.readSection(next);
      sections.push(section);
      const prev = section.trailer.get("Prev");
      if (prev === undefined) next = undefined;
      else if (!isInt(prev) || prev < 0 || prev >= section.xrefOffset)
        throw xrefBroken(
          `/Prev ${isInt(prev) ? prev : "(not an integer)"} does not point to an earlier section`,
        );
      else next = prev;
    }
    sections.reverse();
    let previousEnd = 0;
    sections.forEach((s, index) => {
      if (s.xrefOffset < previousEnd)
        throw xrefBroken("a cross-reference section lies inside an earlier revision");
      const end = this.revisionEnd(s.xrefOffset);
      previousEnd = end;
      this.revisions.push({ ...s, index, end });
    });
    const newest = this.revisions[this.last] as Revision;
    if (newest.end < this.bytes.length && this.buf.indexOf(EOF_MARKER, newest.end) >= 0)
      throw xrefBroken("a %%EOF follows the newest revision: the /Prev chain skips a revision");
    for (const r of this.revisions) {
      if (r.trailer.get("Encrypt") !== undefined)
        throw problem("VER_PDF_ENCRYPTED", "the trailer has /Encrypt");
      const root = r.trailer.get("Root");
      if (!(root instanceof PRef))
        throw xrefBroken(`the trailer of revision ${r.index + 1} has no /Root reference`);
    }
  }

  /** The end of the revision whose cross-reference section starts at `xrefOffset`: past its startxref … %%EOF. */
  private revisionEnd(xrefOffset: number): number {
    const sx = this.buf.indexOf(STARTXREF, xrefOffset);
    const eof = sx < 0 ? -1 : this.buf.indexOf(EOF_MARKER, sx);
    if (sx < 0 || eof < 0 || eof - sx > 64)
      throw xrefBroken(`the section at ${xrefOffset} has no startxref/%%EOF`);
    const m = /^startxref\s+(\d{1,15})\s*$/.exec(this.buf.subarray(sx, eof).toString("latin1"));
    if (!m || Number(m[1]) !== xrefOffset)
      throw xrefBroken(`the startxref after the section at ${xrefOffset} does not point to it`);
    return eof + EOF_MARKER.length;
  }

  private readSection(offset: number): Omit<Revision, "index" | "end"> {
    if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= this.bytes.length)
      throw xrefBroken(`cross-reference offset ${offset} is outside the file`);
    let i = offset;
    while (isSpace(this.buf[i]) && i < offset + 8) i++;
    if (i !== offset)
      throw xrefBroken(`startxref/Prev ${offset} does not point at a cross-reference section`);
    if (this.buf.subarray(i, i + 4).toString("latin1") === "xref") {
      const { entries, trailer } = this.readTable(i + 4);
      const xrefStm = trailer.get("XRefStm");
      if (xrefStm !== undefined) {
        if (!isInt(xrefStm)) throw xrefBroken("/XRefStm is not an offset");
        // Hybrid file: the stream's entries count only where the table has none.
        for (const [n, e] of this.readXrefStream(xrefStm).entries) if (!entries.has(n)) entries.set(n, e);
      }
      return { xrefOffset: offset, xrefKind: "table", trailer, entries };
    }
    const { entries, trailer } = this.readXrefStream(offset);
    return { xrefOffset: offset, xrefKind: "stream", trailer, entries };
  }

  private readTable(start: number): { entries: Map<number, XrefEntry>; trailer: PDict } {
    const entries = new Map<number, XrefEntry>();
    const p = new PdfParser(this.bytes, start, this.budget);
    for (;;) {
      p.skipSpace();
      if (p.peekWord() === "trailer") {
        p.pos += 7;
        break;
      }
      const first = p.readUnsigned();
      p.skipSpace();
      const count = p.readUnsigned();
      if (first === undefined || count === undefined)
        throw xrefBroken(`malformed cross-reference table at ${start}`);
      // Each entry takes at least 18 bytes: a count beyond what the file can hold is a lie.
      if (count > (this.bytes.length - p.pos) / 18)
        throw xrefBroken("cross-reference subsection count too large");
      for (let k = 0; k < count; k++) {
        this.budget.tick();
        p.skipSpace();
        const off = p.readUnsigned();
        p.skipSpace();
        const gen = p.readUnsigned();
        p.skipSpace();
        const type = this.buf[p.pos];
        p.pos++;
        if (off === undefined || gen === undefined || (type !== 0x6e && type !== 0x66) || gen > 65535)
          throw xrefBroken(`malformed cross-reference entry for object ${first + k}`);
        const n = first + k;
        if (entries.has(n)) throw xrefBroken(`object ${n} is listed twice in one cross-reference table`);
        if (type === 0x6e) {
          if (off >= this.bytes.length) throw xrefBroken(`object ${n} is listed at ${off}, outside the file`);
          entries.set(n, { kind: "offset", offset: off, gen });
        } else entries.set(n, { kind: "free", gen });
      }
    }
    const trailer = p.parseValue(0);
    if (!(trailer instanceof PDict)) throw xrefBroken("the trailer is not a dictionary");
    return { entries, trailer };
  }

  private readXrefStream(offset: number): { entries: Map<number, XrefEntry>; trailer: PDict } {
    const obj = new PdfParser(this.bytes, offset, this.budget).parseIndirect(() => undefined);
    const stream = obj.value;
    if (
      !(stream instanceof PStream) ||
      !(stream.dict.get("Type") instanceof PName) ||
      (stream.dict.get("Type") as PName).name !== "XRef"
    )
      throw xrefBroken(`offset ${offset} points at neither an xref table nor an xref stream`);
    const d = stream.dict;
    const data = decodeStream(this.bytes, stream, this.budget.limits.maxStreamBytes);
    const w = d.get("W");
    const size = d.get("Size");
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => isInt(x) && x >= 0 && x <= 8) || !isInt(size))
      throw xrefBroken("xref stream /W or /Size is malformed");
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
        this.budget.tick();
        const type = w0 === 0 ? 1 : field(at, w0);
        const f2 = field(at + w0, w1);
        const f3 = field(at + w0 + w1, w2);
        const n = first + k;
        if (entries.has(n)) throw xrefBroken(`object ${n} is listed twice in one xref stream`);
        if (type === 0) entries.set(n, { kind: "free", gen: f3 });
        else if (type === 1) {
          if (f2 >= this.bytes.length) throw xrefBroken(`object ${n} is listed at ${f2}, outside the file`);
          entries.set(n, { kind: "offset", offset: f2, gen: f3 });
        } else if (type === 2) entries.set(n, { kind: "compressed", stream: f2, index: f3 });
        // Other types are reserved and mean "null object" (ISO 32000 §7.5.8.3).
      }
    }
    return { entries, trailer: d };
  }

  /** The entry for object `num` as seen from revision `rev` (newer sections shadow older ones). */
  entryAt(num: number, rev = this.last): { entry: XrefEntry; revision: number } | undefined {
    for (let r = Math.min(rev, this.last); r >= 0; r--) {
      const e = this.revisions[r]?.entries.get(num);
      if (e) return { entry: e, revision: r };
    }
    return undefined;
  }

  /** Object `num` (generation checked when given) as of revision `rev`; undefined when free or absent. */
  object(ref: PRef | number, rev = this.last): LocatedObject | undefined {
    const num = ref instanceof PRef ? ref.num : ref;
    const found = this.entryAt(num, rev);
    if (!found || found.entry.kind === "free") return undefined;
    if (ref instanceof PRef && found.entry.kind === "offset" && found.entry.gen !== ref.gen) return undefined;
    return this.fetch(num, found.entry, found.revision);
  }

  /** The value of `v` with references followed (as of `rev`); undefined for dangling references. */
  resolve(v: PObject | undefined, rev = this.last): PObject | undefined {
    if (v instanceof PRef) return this.object(v, rev)?.value ?? undefined;
    return v;
  }

  dict(v: PObject | undefined, rev = this.last): PDict | undefined {
    const r = this.resolve(v, rev);
    return r instanceof PDict ? r : r instanceof PStream ? r.dict : undefined;
  }

  private fetch(num: number, entry: XrefEntry, revision: number): LocatedObject {
    const key = entry.kind === "offset" ? `o${entry.offset}` : `c${num}@${revision}`;
    const cached = this.objects.get(key);
    if (cached) {
      // Two entries for one offset: only one of them can be telling the truth.
      if (cached.num !== num)
        throw xrefBroken(`objects ${cached.num} and ${num} are listed at the same offset`);
      return cached;
    }
    if (this.resolving.has(key)) throw problem("VER_PDF_OBJECT_BROKEN", `object ${num} refers to itself`);
    this.resolving.add(key);
    try {
      this.budget.countObject();
      let located: LocatedObject;
      if (entry.kind === "offset") {
        const parser = new PdfParser(this.bytes, entry.offset, this.budget);
        const obj = parser.parseIndirect((r) => this.lengthOf(r, revision));
        if (obj.num !== num || obj.gen !== entry.gen)
          throw xrefBroken(
            `the xref says object ${num} ${entry.gen} is at ${entry.offset}, but ${obj.num} ${obj.gen} obj is there`,
          );
        located = { ...obj, revision, offset: entry.offset };
      } else if (entry.kind === "compressed") {
        located = { ...this.fromObjectStream(num, entry.stream, entry.index, revision), revision };
      } else throw xrefBroken(`object ${num} is free`);
      this.objects.set(key, located);
      return located;
    } finally {
      this.resolving.delete(key);
    }
  }

  private lengthDepth = 0;

  /** An indirect /Length: a plain integer object. Never a chain of streams (that would recurse without bound). */
  private lengthOf(ref: PRef, rev: number): number | undefined {
    if (this.lengthDepth > 0) return undefined;
    this.lengthDepth++;
    try {
      const v = this.object(ref, rev)?.value;
      return isInt(v) ? v : undefined;
    } finally {
      this.lengthDepth--;
    }
  }

  private fromObjectStream(num: number, streamNum: number, index: number, rev: number): IndirectObject {
    const found = this.entryAt(streamNum, rev);
    if (!found || found.entry.kind !== "offset")
      throw xrefBroken(`object ${num} is said to be in object stream ${streamNum}, which is missing`);
    const key = `${streamNum}@${found.entry.offset}`;
    let os = this.objectStreams.get(key);
    if (!os) {
      const container = this.fetch(streamNum, found.entry, found.revision).value;
      if (
        !(container instanceof PStream) ||
        !(container.dict.get("Type") instanceof PName) ||
        (container.dict.get("Type") as PName).name !== "ObjStm"
      )
        throw xrefBroken(`object ${streamNum} is not an object stream`);
      const n = container.dict.get("N");
      const first = container.dict.get("First");
      if (!isInt(n) || !isInt(first) || n < 0 || first < 0)
        throw problem("VER_PDF_OBJECT_BROKEN", "bad object stream header");
      const data = decodeStream(this.bytes, container, this.budget.limits.maxStreamBytes);
      const header = new PdfParser(data, 0, this.budget);
      const offsets = new Map<number, number>();
      for (let k = 0; k < n; k++) {
        header.skipSpace();
        const objNum = header.readUnsigned();
        header.skipSpace();
        const rel = header.readUnsigned();
        if (objNum === undefined || rel === undefined)
          throw problem("VER_PDF_OBJECT_BROKEN", "bad object stream header");
        offsets.set(k, first + rel);
        offsets.set(-1 - k, objNum);
      }
      os = { data, offsets };
      this.objectStreams.set(key, os);
    }
    const at = os.offsets.get(index);
    if (at === undefined || os.offsets.get(-1 - index) !== num)
      throw xrefBroken(`object ${num} is not at index ${index} of object stream ${streamNum}`);
    const value = new PdfParser(os.data, at, this.budget).parseValue(0);
    return { num, gen: 0, value, inFile: false };
  }

  /** Reads every object every revision lists: the structural check (as `qpdf --check` does, but bounded). */
  readAll(): number {
    let count = 0;
    for (const r of this.revisions)
      for (const [num, entry] of r.entries) {
        if (entry.kind === "free" || num === 0) continue;
        this.fetch(num, entry, r.index);
        count++;
      }
    return count;
  }

  /** Every file offset any revision's cross-reference data lists. */
  listedOffsets(): number[] {
    const out: number[] = [];
    for (const r of this.revisions) {
      for (const e of r.entries.values()) if (e.kind === "offset") out.push(e.offset);
      out.push(r.xrefOffset);
    }
    return out;
  }

  /** Decoded data of a stream object (no filter or Flate). */
  streamData(stream: PStream, located: { inFile: boolean }): Uint8Array {
    if (!located.inFile) throw problem("VER_PDF_OBJECT_BROKEN", "a stream inside an object stream");
    return decodeStream(this.bytes, stream, this.budget.limits.maxStreamBytes);
  }
}
