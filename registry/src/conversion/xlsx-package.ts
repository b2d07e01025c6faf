// The parts of an XLSX workbook, found as the OOXML packaging spec (ECMA-376 Part 2, OPC) says rather than by the
// names Excel happens to use: the ZIP's central directory lists the parts, /_rels/.rels names the workbook part, and
// each relationship target is resolved against the folder of the part it belongs to (a target starting with "/"
// from the package root). openpyxl and pandas write absolute targets, other writers name their sheets freely.
//
// The ZIP is read by random access (the file is on disk): the central directory first, then each part as a stream
// that is inflated and decoded as it is read, so no part is ever held whole in memory.
//
// A hostile workbook is stopped while it streams, before its bytes reach a parser (issue 11): the inflated bytes are
// counted as they come, per part and for the whole reading, and their ratio to the stored bytes read (a ZIP bomb's
// is about 1000 to 1, spreadsheet XML's 5 to 30); the text is watched for a run without markup longer than any
// cell Excel can hold, and for a row or shared string longer than a register's could be. Each is a named ImportError.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { createInflateRaw } from "node:zlib";
import { columnName } from "./column-plan.js";
import { ImportError } from "./import-error.js";
import { DEFAULT_LIMITS, EXCEL_LIMITS, describeLimit, type Limits } from "../limits.js";

/** The limits of limits.ts that bound reading a workbook. */
export type XlsxLimits = Pick<
  Limits,
  "xlsxPartBytes" | "xlsxInflatedBytes" | "xlsxRatio" | "xlsxSharedStrings"
>;

/** Inflated bytes a part may reach before its ratio is judged: small parts (styles, relationships) compress more. */
const RATIO_GRACE = 1 << 20;
/** Parts other than the worksheet and the shared strings (workbook, styles, relationships): megabytes at most. */
export const METADATA_PART_BYTES = 64 << 20;
/**
 * Characters of XML between two "<": a cell's text (at most 32,767 characters, each written as up to 10, &#1114111;)
 * and a tag. Longer is no spreadsheet's, and the parser would gather it into one string.
 */
export const MAX_RUN_CHARS = EXCEL_LIMITS.stringChars * 10 + 65_536;
/**
 * Characters of XML of one row or one shared string (its rich-text runs and their formatting): far above a register's
 * (a hundred columns of long addresses is tens of thousands), and what exceljs holds of one row stays tens of MB.
 */
export const MAX_RECORD_CHARS = 4 << 20;

/** What follows a record's tag name: a space, ">" or "/". */
const RECORD_END = /^[\s>/]$/u;

const bytes = (n: number) => describeLimit(n, "bytes");
const SAVE_AGAIN = "open it in Excel or WPS and save it again as .xlsx, or as CSV UTF-8";

/** One file of the ZIP. */
export interface PackagePart {
  /** The part name as stored (no leading "/"). */
  name: string;
  method: number;
  compressedSize: number;
  /** The inflated size the ZIP declares (a hostile one may lie: the inflated bytes are counted too). */
  size: number;
  localHeaderOffset: number;
}

export class PackageError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_MAX = 22 + 0xffff;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buf, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return buf.subarray(0, read);
}

/** The parts of the ZIP at `file`, by lower-cased part name (OPC part names compare case-insensitively). */
export function readPackage(file: string, limits: XlsxLimits = DEFAULT_LIMITS): XlsxPackage {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const tailStart = Math.max(0, size - EOCD_MAX);
    const tail = readAt(fd, tailStart, size - tailStart);
    let at = tail.length - 22;
    while (at >= 0 && tail.readUInt32LE(at) !== EOCD) at--;
    if (at < 0) throw new PackageError("the ZIP has no central directory (the file is cut off)");
    const count = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
      throw new PackageError(
        "the workbook is a ZIP64 file (over 4 GB or 65,535 parts), which is not supported",
      );
    if (dirOffset + dirSize > tailStart + at)
      throw new PackageError("the ZIP's central directory lies outside the file (the file is cut off)");
    const dir = readAt(fd, dirOffset, dirSize);
    const parts = new Map<string, PackagePart>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
        throw new PackageError("the ZIP's central directory is damaged");
      const flags = dir.readUInt16LE(p + 8);
      const nameLength = dir.readUInt16LE(p + 28);
      const raw = dir.subarray(p + 46, p + 46 + nameLength);
      // Bit 11: the name is UTF-8; OPC part names are ASCII (non-ASCII characters are percent-encoded) anyway.
      const name = (flags & 0x800 ? raw.toString("utf8") : raw.toString("latin1"))
        .replace(/\\/gu, "/")
        .replace(/^\/+/u, "");
      parts.set(name.toLowerCase(), {
        name,
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localHeaderOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    return new XlsxPackage(file, parts, size, limits);
  } finally {
    closeSync(fd);
  }
}

/**
 * Resolves a relationship target as OPC does: "/xl/worksheets/sheet1.xml" from the package root, anything else
 * relative to the folder of the source part ("" for the package's own /_rels/.rels). Returns a part name without a
 * leading "/", or null for a target that leaves the package.
 */
export function resolveTarget(sourcePart: string, target: string): string | null {
  let decoded = target.split("#")[0]!;
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Not percent-encoded after all: taken as written.
  }
  decoded = decoded.replace(/\\/gu, "/");
  if (/^[a-z][a-z0-9+.-]*:/iu.test(decoded)) return null;
  const base = decoded.startsWith("/") ? [] : sourcePart.split("/").slice(0, -1);
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (base.length === 0) return null;
      base.pop();
    } else base.push(segment);
  }
  return base.length > 0 ? base.join("/") : null;
}

/** The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels; "" (the package) → _rels/.rels. */
export function relsPartOf(partName: string): string {
  const slash = partName.lastIndexOf("/");
  return `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
}

/** How one part is read: its largest inflated size, and (worksheet, shared strings) the element of one record. */
export interface PartReading {
  maxBytes?: number;
  record?: "row" | "si";
}

export class XlsxPackage {
  /** Inflated bytes of every part opened so far. */
  #inflated = 0;

  constructor(
    readonly file: string,
    readonly parts: ReadonlyMap<string, PackagePart>,
    readonly bytes: number,
    readonly limits: XlsxLimits = DEFAULT_LIMITS,
  ) {}

  part(name: string): PackagePart | undefined {
    return this.parts.get(name.toLowerCase());
  }

  /**
   * The part as text: inflated and decoded as UTF-8 while read (a character split across chunks stays whole, a
   * byte order mark is dropped), with the tag prefix of the SpreadsheetML namespace removed (`<x:row>` → `<row>`),
   * as some writers use one. `compressed` tells how many of the part's stored bytes have been read.
   */
  openText(part: PackagePart, reading: PartReading = {}): { text: Readable; compressedRead: () => number } {
    const maxBytes = Math.min(reading.maxBytes ?? this.limits.xlsxPartBytes, this.limits.xlsxPartBytes);
    // What the ZIP declares is refused before anything is inflated; what it hides, while inflating.
    this.#checkPart(part, part.size, maxBytes);
    this.#checkRatio(part, part.size, part.compressedSize);
    const fd = openSync(this.file, "r");
    let header: Buffer;
    try {
      header = readAt(fd, part.localHeaderOffset, 30);
    } finally {
      closeSync(fd);
    }
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL)
      throw new PackageError(`the ZIP entry ${part.name} is damaged`);
    const start = part.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + part.compressedSize > this.bytes)
      throw new PackageError(`the ZIP entry ${part.name} is cut off`);
    if (part.method !== 0 && part.method !== 8)
      throw new PackageError(`the ZIP entry ${part.name} uses compression method ${part.method}`);
    const raw = createReadStream(this.file, {
      start,
      // createReadStream's end is inclusive; an empty part reads nothing.
      end: Math.max(start, start + part.compressedSize - 1),
      highWaterMark: 1 << 16,
    });
    const text = new XmlText({ part: part.name, ...(reading.record ? { record: reading.record } : {}) });
    const fail = (e: Error) => text.destroy(e);
    raw.on("error", fail);
    let inflated = 0;
    const counted = new Counter((n) => {
      inflated += n;
      this.#inflated += n;
      this.#checkPart(part, inflated, maxBytes);
      if (this.#inflated > this.limits.xlsxInflatedBytes)
        throw new ImportError(
          "REG_IMPORT_XLSX_TOO_LARGE",
          `The workbook inflates to more than ${bytes(this.limits.xlsxInflatedBytes)} (ELICENCE_XLSX_MAX_INFLATED_SIZE) in the parts an import reads; split the register into several files, or ${SAVE_AGAIN}.`,
        );
      this.#checkRatio(part, inflated, raw.bytesRead);
    });
    counted.on("error", fail);
    let inflate: Transform | null = null;
    if (part.compressedSize === 0) {
      raw.destroy();
      text.end();
    } else if (part.method === 8) {
      inflate = createInflateRaw();
      inflate.on("error", fail);
      raw.pipe(inflate).pipe(counted).pipe(text);
    } else raw.pipe(counted).pipe(text);
    text.on("close", () => {
      raw.destroy();
      inflate?.destroy();
      counted.destroy();
    });
    return { text, compressedRead: () => raw.bytesRead };
  }

  #checkPart(part: PackagePart, inflated: number, maxBytes: number): void {
    if (inflated > maxBytes)
      throw new ImportError(
        "REG_IMPORT_XLSX_PART_TOO_LARGE",
        `The workbook's part ${part.name} inflates to more than ${bytes(maxBytes)}${maxBytes === this.limits.xlsxPartBytes ? " (ELICENCE_XLSX_MAX_PART_SIZE)" : ""}; split the register into several files, or ${SAVE_AGAIN}.`,
      );
  }

  #checkRatio(part: PackagePart, inflated: number, stored: number): void {
    if (inflated > RATIO_GRACE && inflated > this.limits.xlsxRatio * Math.max(stored, 1))
      throw new ImportError(
        "REG_IMPORT_XLSX_COMPRESSION_RATIO",
        `The workbook's part ${part.name} inflates more than ${this.limits.xlsxRatio} times its stored size (ELICENCE_XLSX_MAX_RATIO), as a ZIP bomb does and spreadsheet data does not; ${SAVE_AGAIN}.`,
      );
  }
}

/** Passes bytes on, telling `count` how many first; an error it throws fails the stream. */
class Counter extends Transform {
  constructor(private readonly count: (n: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.count(chunk.length);
    } catch (e) {
      done(e as Error);
      return;
    }
    done(null, chunk);
  }
}

/** Elements held until their end has arrived, to be rewritten whole. */
const HELD: [string, string][] = [
  ["<is>", "</is>"],
  ["<rPh", "</rPh>"],
];
const HOLD_MAX = 1 << 20;
const PHONETIC = /<rPh[\s>][\s\S]*?<\/rPh>/gu;
const INLINE_STRING = /<is>([\s\S]*?)<\/is>/gu;
const TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/gu;

const ROW_OR_CELL = /<(row|c)((?:\s[^>]*?)?)(\/?)>/gu;
const R_ATTRIBUTE = /\sr="([^"]*)"/u;

/** A → 1, AA → 27. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

const ISO_DATE_CELL = /(<c\s[^>]*?\bt=")d(")/gu;

const MAIN_NAMESPACES = [
  "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
  "http://purl.oclc.org/ooxml/spreadsheetml/main",
];

/**
 * UTF-8 bytes to text, set right for exceljs's parsers: the prefix bound to the SpreadsheetML namespace removed from
 * tag names, phonetic guides dropped, the runs of an inline string joined, rows and cells without an r attribute
 * given their address, ISO date cells (t="d") marked as text. The prefix is read from the root element's declarations; text before the root is held until
 * the root's start tag is complete.
 */
export class XmlText extends Transform {
  readonly #decoder = new TextDecoder("utf-8");
  readonly #part: string;
  readonly #record: "row" | "si" | null;
  /** Characters since the last "<", and since the start of the last record (row or shared string). */
  #run = 0;
  #recordChars = 0;
  #head: string | null = "";
  #strip: RegExp | null = null;
  /** Text after the last "<" of a chunk, kept for the next one (a tag name may be split). */
  #carry = "";

  constructor(o: { part?: string; record?: "row" | "si" } = {}) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: "utf8" });
    this.#part = o.part ?? "";
    this.#record = o.record ?? null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.#decoder.decode(chunk, { stream: true });
    try {
      this.#guard(text);
    } catch (e) {
      done(e as Error);
      return;
    }
    this.#take(text);
    done();
  }

  /**
   * Stops text no spreadsheet writes before it is held anywhere: a run without markup longer than any cell's text
   * (a string of hundreds of megabytes compresses to kilobytes), or a record longer than any register's. A chunk is
   * at most 64 KiB, far below either limit, so only what accumulates across chunks is counted.
   */
  #guard(text: string): void {
    const first = text.indexOf("<");
    // The run ending at this chunk's first "<" (or going on past its end), then the one its last "<" begins.
    const run = this.#run + (first === -1 ? text.length : first);
    if (run > MAX_RUN_CHARS)
      throw new ImportError(
        "REG_IMPORT_XLSX_STRING_TOO_LONG",
        `The workbook's part ${this.#part} holds a text of more than ${MAX_RUN_CHARS.toLocaleString("en-US")} characters without markup, longer than any cell Excel can hold (${EXCEL_LIMITS.stringChars.toLocaleString("en-US")} characters); ${SAVE_AGAIN}.`,
      );
    this.#run = first === -1 ? run : text.length - text.lastIndexOf("<") - 1;
    if (!this.#record) return;
    // The last start tag of a record in the chunk (<row, not <rowBreaks).
    const open = `<${this.#record}`;
    let start = text.lastIndexOf(open);
    while (start !== -1 && !RECORD_END.test(text.charAt(start + open.length)))
      start = start === 0 ? -1 : text.lastIndexOf(open, start - 1);
    // Counted from a record's start to its end only: what lies between records is the run guard's and the size's.
    const end = text.lastIndexOf(`</${this.#record}>`);
    if (start > end) this.#recordChars = text.length - start;
    else if (end !== -1) this.#recordChars = 0;
    else if (this.#recordChars > 0) this.#recordChars += text.length;
    if (this.#recordChars > MAX_RECORD_CHARS)
      throw new ImportError(
        this.#record === "row" ? "REG_IMPORT_XLSX_ROW_TOO_LARGE" : "REG_IMPORT_XLSX_STRING_TOO_LONG",
        `The workbook's part ${this.#part} holds a ${this.#record === "row" ? "row" : "shared string"} of more than ${MAX_RECORD_CHARS.toLocaleString("en-US")} characters of XML, far beyond a register's; ${SAVE_AGAIN}.`,
      );
  }

  override _flush(done: TransformCallback): void {
    this.#take(this.#decoder.decode());
    if (this.#head !== null) this.#emit(this.#prefixes(this.#head));
    if (this.#carry !== "") this.push(this.#rewrite(this.#unprefix(this.#carry)));
    done();
  }

  #take(text: string): void {
    if (this.#head !== null) {
      this.#head += text;
      // The root's start tag: the first "<" not followed by "?" or "!", up to its ">".
      const root = /<[^?!]/u.exec(this.#head);
      if (!root || !this.#head.includes(">", root.index)) return;
      const head = this.#head;
      this.#head = null;
      text = this.#prefixes(head);
    }
    this.#emit(text);
  }

  #prefixes(head: string): string {
    const prefixes: string[] = [];
    for (const m of head.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/gu))
      if (MAIN_NAMESPACES.includes(m[2]!)) prefixes.push(m[1]!);
    if (prefixes.length > 0) this.#strip = new RegExp(`<(/?)(?:${prefixes.join("|")}):`, "gu");
    return head;
  }

  /**
   * Rows and cells may leave out their r attribute (the row or column after the previous one); exceljs needs it.
   * "off" once the first cell carries its own and no row before it lacked one: writers do one or the other.
   */
  #addresses: "unknown" | "fill" | "off" = "unknown";
  #row = 0;
  #column = 0;

  #address(text: string): string {
    return text.replace(ROW_OR_CELL, (_tag, name: string, attributes: string, close: string) => {
      const r = R_ATTRIBUTE.exec(attributes)?.[1];
      if (r === undefined) this.#addresses = "fill";
      else if (name === "c" && this.#addresses === "unknown") this.#addresses = "off";
      if (name === "row") {
        this.#row = r !== undefined ? Number(r) : this.#row + 1;
        this.#column = 0;
        return r !== undefined ? _tag : `<row r="${this.#row}"${attributes}${close}>`;
      }
      const ref = r !== undefined ? /^([A-Z]+)\d*$/u.exec(r) : null;
      this.#column = ref ? columnNumber(ref[1]!) : this.#column + 1;
      return r !== undefined
        ? _tag
        : `<c r="${columnName(this.#column - 1)}${this.#row}"${attributes}${close}>`;
    });
  }

  #emit(text: string): void {
    // Stripping the prefix again from what was carried over changes nothing: a tag split at "<x" is whole now.
    const all = this.#unprefix(this.#carry + text);
    // Whole tags only are rewritten: a tag not yet ended waits for the next chunk.
    let cut = all.lastIndexOf("<");
    if (cut !== -1 && all.includes(">", cut)) cut = all.length;
    // An inline string or a phonetic run is rewritten whole: one begun but not ended waits too (up to a limit, so
    // that a damaged part cannot make it hold everything).
    for (const [open, close] of HELD) {
      const at = all.lastIndexOf(open);
      if (at > all.lastIndexOf(close) && all.length - at < HOLD_MAX) cut = Math.min(cut, at);
    }
    const ready = cut === -1 ? all : all.slice(0, cut);
    this.#carry = cut === -1 ? "" : all.slice(cut);
    if (ready !== "") this.push(this.#rewrite(ready));
  }

  #unprefix(text: string): string {
    return this.#strip ? text.replace(this.#strip, "<$1") : text;
  }

  #rewrite(text: string): string {
    let plain = text;
    // Phonetic guides (ruby text typed with a Japanese IME) are not data; exceljs would take them for the text.
    if (plain.includes("<rPh")) plain = plain.replace(PHONETIC, "");
    // An inline string of several runs: exceljs keeps the last run only, so the runs' texts are joined into one.
    if (plain.includes("<is>"))
      plain = plain.replace(
        INLINE_STRING,
        (_m, body: string) =>
          `<is><t xml:space="preserve">${[...body.matchAll(TEXT)].map((t) => t[1] ?? "").join("")}</t></is>`,
      );
    if (this.#addresses !== "off") plain = this.#address(plain);
    // A date cell stored as an ISO 8601 text (t="d", as some writers store dates) is passed on as the text it is,
    // which the date reading understands; exceljs would read its year as a number.
    return plain.includes('t="d"') ? plain.replace(ISO_DATE_CELL, "$1str$2") : plain;
  }
}
