// Reads the newest revision of a PDF without a full parse: startxref, the cross-reference chain (tables, streams,
// hybrids) and single objects on demand, so an incremental update can copy the catalog it replaces.

import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFObjectStreamParser,
  PDFRawStream,
  PDFRef,
  PDFXRefStreamParser,
} from "pdf-lib";
import type { PDFObject } from "pdf-lib";
import { PadesError, PadesErrorCode } from "./errors.js";
import { PdfRaw, PdfRef } from "./pdf-syntax.js";

export interface TrailerInfo {
  /** Offset of the newest cross-reference section (the file's last startxref value). */
  startxref: number;
  /** Whether that section is a classic table or a cross-reference stream; an update must use the same kind. */
  xrefKind: "table" | "stream";
  size: number;
  root: PdfRef;
  info?: PdfRef;
  /** The /ID array as it was written. */
  id?: PdfRaw;
}

type XrefEntry =
  | { kind: "offset"; offset: number; generation: number }
  | { kind: "compressed"; stream: number }
  | { kind: "free" };

const MAX_SECTIONS = 4096;

function structure(message: string): PadesError {
  return new PadesError(PadesErrorCode.PDF_STRUCTURE, message);
}

const isWhite = (b: number | undefined) =>
  b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;

/** Bytes of a pdf-lib object as it serializes itself. */
export function rawOf(obj: PDFObject): PdfRaw {
  const out = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return new PdfRaw(out);
}

export class PdfRevisionReader {
  readonly trailer: TrailerInfo;
  private readonly entries = new Map<number, XrefEntry>();
  private readonly context = PDFContext.create();
  private readonly objectStreams = new Set<number>();

  private constructor(
    private readonly bytes: Uint8Array,
    trailer: TrailerInfo,
  ) {
    this.trailer = trailer;
  }

  static open(bytes: Uint8Array): PdfRevisionReader {
    const startxref = findStartxref(bytes);
    const reader = new PdfRevisionReader(bytes, {
      startxref,
      xrefKind: "table",
      size: 0,
      root: new PdfRef(1),
    });
    const newest = reader.readSectionChain(startxref);
    const t = newest.dict;
    if (t.has(PDFName.of("Encrypt")))
      throw new PadesError(
        PadesErrorCode.PDF_ENCRYPTED,
        "encrypted PDFs cannot be updated: decrypt it first",
      );
    const size = t.lookupMaybe(PDFName.of("Size"), PDFNumber)?.asNumber();
    const root = t.get(PDFName.of("Root"));
    if (size === undefined || !(root instanceof PDFRef))
      throw structure("the newest trailer lacks /Size or /Root");
    const info = t.get(PDFName.of("Info"));
    const id = t.get(PDFName.of("ID"));
    Object.assign(reader.trailer, {
      xrefKind: newest.kind,
      size,
      root: new PdfRef(root.objectNumber, root.generationNumber),
      ...(info instanceof PDFRef ? { info: new PdfRef(info.objectNumber, info.generationNumber) } : {}),
      ...(id instanceof PDFArray ? { id: rawOf(id) } : {}),
    });
    return reader;
  }

  /** Walks /Prev (and /XRefStm) from the newest section; newer entries shadow older ones. */
  private readSectionChain(startxref: number): { kind: "table" | "stream"; dict: PDFDict } {
    let newest: { kind: "table" | "stream"; dict: PDFDict } | undefined;
    const seen = new Set<number>();
    const queue = [startxref];
    while (queue.length > 0) {
      const offset = queue.shift() as number;
      if (seen.has(offset)) continue;
      if (seen.size >= MAX_SECTIONS) throw structure("too many cross-reference sections");
      seen.add(offset);
      const section = this.readSection(offset);
      newest ??= section;
      // A hybrid file's /XRefStm is consulted before /Prev.
      const xrefStm = section.dict.lookupMaybe(PDFName.of("XRefStm"), PDFNumber)?.asNumber();
      if (section.kind === "table" && xrefStm !== undefined) queue.unshift(xrefStm);
      const prev = section.dict.lookupMaybe(PDFName.of("Prev"), PDFNumber)?.asNumber();
      if (prev !== undefined) queue.push(prev);
    }
    if (!newest) throw structure("no cross-reference section");
    return newest;
  }

  private readSection(offset: number): { kind: "table" | "stream"; dict: PDFDict } {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.bytes.length)
      throw structure(`cross-reference offset ${offset} is outside the file`);
    let i = offset;
    while (isWhite(this.bytes[i])) i++;
    if (Buffer.from(this.bytes.subarray(i, i + 4)).toString("latin1") === "xref")
      return { kind: "table", dict: this.readTable(i + 4) };
    const obj = this.parseIndirectAt(offset);
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of("Type")) !== PDFName.of("XRef")) {
      throw structure(`startxref/Prev ${offset} points at neither an xref table nor an xref stream`);
    }
    for (const e of PDFXRefStreamParser.forStream(obj).parseIntoContext()) {
      const n = e.ref.objectNumber;
      if (this.entries.has(n)) continue;
      this.entries.set(
        n,
        e.deleted
          ? { kind: "free" }
          : e.inObjectStream
            ? { kind: "compressed", stream: e.offset }
            : { kind: "offset", offset: e.offset, generation: e.ref.generationNumber },
      );
    }
    return { kind: "stream", dict: obj.dict };
  }

  private readTable(start: number): PDFDict {
    const b = this.bytes;
    let i = start;
    let tokenStart = i;
    const token = (): string => {
      while (i < b.length && isWhite(b[i])) i++;
      tokenStart = i;
      while (i < b.length && !isWhite(b[i])) i++;
      return Buffer.from(b.subarray(tokenStart, i)).toString("latin1");
    };
    for (;;) {
      const first = token();
      if (first.startsWith("trailer")) {
        i = tokenStart + "trailer".length; // "trailer<<" may have no space
        break;
      }
      if (first === "") throw structure("cross-reference table without trailer");
      const firstNumber = Number(first);
      const count = Number(token());
      if (!Number.isSafeInteger(firstNumber) || !Number.isSafeInteger(count) || count < 0 || firstNumber < 0)
        throw structure("malformed cross-reference table");
      for (let k = 0; k < count; k++) {
        const off = Number(token());
        const gen = Number(token());
        const type = token();
        if (!Number.isSafeInteger(off) || !Number.isSafeInteger(gen) || (type !== "n" && type !== "f"))
          throw structure("malformed cross-reference entry");
        const n = firstNumber + k;
        if (!this.entries.has(n))
          this.entries.set(
            n,
            type === "n" ? { kind: "offset", offset: off, generation: gen } : { kind: "free" },
          );
      }
    }
    const dict = PDFObjectParser.forBytes(b.subarray(i), this.context).parseObject();
    if (!(dict instanceof PDFDict)) throw structure("trailer is not a dictionary");
    return dict;
  }

  /** Parses `n g obj …` at `offset` and returns the object. */
  private parseIndirectAt(offset: number, expect?: PDFRef): PDFObject {
    const head = Buffer.from(this.bytes.subarray(offset, offset + 64)).toString("latin1");
    const m = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(head);
    if (!m) throw structure(`no object header at offset ${offset}`);
    if (expect && (Number(m[1]) !== expect.objectNumber || Number(m[2]) !== expect.generationNumber)) {
      throw structure(
        `xref says object ${expect.objectNumber} is at ${offset}, but ${m[1]} ${m[2]} obj is there`,
      );
    }
    return PDFObjectParser.forBytes(this.bytes.subarray(offset + m[0].length), this.context).parseObject();
  }

  /** The object `ref` as in the newest revision, or undefined when it is free or absent. */
  async lookup(r: PdfRef | PDFRef): Promise<PDFObject | undefined> {
    const ref = r instanceof PDFRef ? r : PDFRef.of(r.objectNumber, r.generation);
    const cached = this.context.lookup(ref);
    if (cached) return cached;
    const entry = this.entries.get(ref.objectNumber);
    if (!entry || entry.kind === "free") return undefined;
    if (entry.kind === "offset") {
      if (entry.generation !== ref.generationNumber) return undefined;
      const obj = this.parseIndirectAt(entry.offset, ref);
      this.context.assign(ref, obj);
      return obj;
    }
    if (this.objectStreams.has(entry.stream)) return undefined;
    const stream = await this.lookup(PDFRef.of(entry.stream, 0));
    if (!(stream instanceof PDFRawStream)) throw structure(`object stream ${entry.stream} is missing`);
    this.objectStreams.add(entry.stream);
    await PDFObjectStreamParser.forStream(stream).parseIntoContext();
    return this.context.lookup(ref);
  }

  /** Follows a reference (if it is one) to a dictionary. */
  async resolveDict(obj: PDFObject | undefined): Promise<PDFDict | undefined> {
    const value = obj instanceof PDFRef ? await this.lookup(obj) : obj;
    return value instanceof PDFDict ? value : undefined;
  }
}

function findStartxref(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.lastIndexOf("startxref");
  if (at < 0) throw structure("no startxref: not a complete PDF");
  const m = /^startxref\s+(\d+)/.exec(buf.subarray(at, at + 40).toString("latin1"));
  if (!m) throw structure("startxref is not followed by an offset");
  return Number(m[1]);
}
