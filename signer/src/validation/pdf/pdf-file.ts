// The revisions of a PDF as validation needs them: the cross-reference chain from the last startxref back through
// /Prev, where each revision ends (its %%EOF), and every object as seen from any revision. Strict: anything a
// forgiving reader would "repair" is reported as a FormatProblem instead.
import { problem, type Budget } from "../limits.js";
import { PDict, PName, PRef, PStream, isInt, type IndirectObject, type PObject } from "./objects.js";
import { PdfParser, type LengthResolver } from "./parser.js";
import { decodeStream } from "./stream-decode.js";
import { readTable, readXrefStream, type XrefEntry } from "./xref-section.js";

export type { XrefEntry } from "./xref-section.js";

export interface Revision {
  /** 0 is the oldest (the original document). */
  index: number;
  xrefOffset: number;
  xrefKind: "table" | "stream";
  /** Offset just past this revision's %%EOF marker. */
  end: number;
  trailer: PDict;
  entries: ReadonlyMap<number, XrefEntry>;
  /** Offset just past the section: the trailer dictionary (table) or the xref stream's `endobj` (stream). */
  sectionEnd: number;
  /** A hybrid table's /XRefStm offset: the xref stream that table refers to. */
  xrefStm?: number;
  /** Offset of the `trailer` keyword (table sections). */
  trailerAt?: number;
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

/** The generation an entry gives its object (objects in object streams have generation 0). */
export function generationOf(entry: XrefEntry): number {
  return entry.kind === "compressed" ? 0 : entry.gen;
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

export class PdfFile {
  readonly revisions: Revision[];
  readonly buf: Buffer;
  private readonly objects = new Map<string, LocatedObject>();
  private readonly objectStreams = new Map<
    string,
    { data: Uint8Array; offsets: Map<number, number>; count: number }
  >();
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
      const { entries, trailer, end, trailerAt } = readTable(this.bytes, i + 4, this.budget);
      const at = trailerAt === undefined ? {} : { trailerAt };
      const xrefStm = trailer.get("XRefStm");
      if (xrefStm !== undefined) {
        if (!isInt(xrefStm) || xrefStm < 0 || xrefStm >= this.bytes.length)
          throw xrefBroken("/XRefStm is not an offset");
        // Hybrid file: the stream's entries count only where the table has none.
        for (const [n, e] of readXrefStream(this.bytes, xrefStm, this.budget).entries)
          if (!entries.has(n)) entries.set(n, e);
        return { xrefOffset: offset, xrefKind: "table", trailer, entries, sectionEnd: end, xrefStm, ...at };
      }
      return { xrefOffset: offset, xrefKind: "table", trailer, entries, sectionEnd: end, ...at };
    }
    const { entries, trailer, end } = readXrefStream(this.bytes, offset, this.budget);
    return { xrefOffset: offset, xrefKind: "stream", trailer, entries, sectionEnd: end };
  }

  /** The entry for object `num` as seen from revision `rev` (newer sections shadow older ones). */
  entryAt(num: number, rev = this.last): { entry: XrefEntry; revision: number } | undefined {
    for (let r = Math.min(rev, this.last); r >= 0; r--) {
      const e = this.revisions[r]?.entries.get(num);
      if (e) return { entry: e, revision: r };
    }
    return undefined;
  }

  /**
   * Object `num` (generation checked when given: `17 0 R` never resolves to `17 1 obj`, as in poppler) as of
   * revision `rev`; undefined when free or absent. Objects in object streams have generation 0.
   */
  object(ref: PRef | number, rev = this.last): LocatedObject | undefined {
    const num = ref instanceof PRef ? ref.num : ref;
    const found = this.entryAt(num, rev);
    if (!found || found.entry.kind === "free") return undefined;
    if (ref instanceof PRef && generationOf(found.entry) !== ref.gen) return undefined;
    return this.fetch(num, found.entry, found.revision);
  }

  /** Reads /Length references as of revision `rev`, for parsing an object outside `object()`. */
  lengthResolver(rev: number): LengthResolver {
    return (r) => this.lengthOf(r, rev);
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

  private objectStream(streamNum: number, rev: number) {
    const found = this.entryAt(streamNum, rev);
    if (!found || found.entry.kind !== "offset") return undefined;
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
      os = { data, offsets, count: n };
      this.objectStreams.set(key, os);
    }
    return os;
  }

  /** The object numbers an object stream holds, in index order (as of revision `rev`). */
  objectStreamMembers(streamNum: number, rev: number): number[] {
    const os = this.objectStream(streamNum, rev);
    if (!os) throw xrefBroken(`object stream ${streamNum} is missing`);
    const out: number[] = [];
    for (let k = 0; k < os.count; k++) out.push(os.offsets.get(-1 - k) as number);
    return out;
  }

  private fromObjectStream(num: number, streamNum: number, index: number, rev: number): IndirectObject {
    const os = this.objectStream(streamNum, rev);
    if (!os) throw xrefBroken(`object ${num} is said to be in object stream ${streamNum}, which is missing`);
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
