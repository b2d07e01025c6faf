// The shared-string table of an XLSX workbook, kept in a scratch file instead of memory: a register of a million
// rows has millions of distinct strings (names, addresses), so memory holds only 8 bytes of offset per string and a
// small cache of the strings read most recently (a register repeats its categories and agencies on every row).
// The offsets grow a block at a time, never copied whole: a table of millions of strings costs its 8 bytes each and
// no more (the reader caps their number, limits.ts xlsxSharedStrings).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Bytes gathered before a write: few system calls, little memory. */
const WRITE_CHUNK = 1 << 16;
/**
 * Strings kept decoded, in two generations: when the young one is full it becomes the old one, and a string found in
 * the old one moves back to the young. Values repeated down a register (categories, agencies) stay; one-offs age out.
 */
const CACHE_SIZE = 8192;
/**
 * Bytes read ahead. A workbook numbers its strings in the order they first appear, so rows read in order ask for
 * new strings just after the last new one: one read serves a few hundred rows. A string from further back (a value
 * first seen long ago) is read on its own, leaving the read-ahead where it is.
 */
const READ_BLOCK = 1 << 16;
/** Offsets per block of the offset table (512 KiB). */
const OFFSET_BLOCK_BITS = 16;
const OFFSET_BLOCK = 1 << OFFSET_BLOCK_BITS;

export class SpilledStrings {
  readonly #dir: string;
  readonly #fd: number;
  /** Start of string i at offset i, end at offset i + 1, in blocks of OFFSET_BLOCK. */
  readonly #offsets: Float64Array[] = [new Float64Array(OFFSET_BLOCK)];
  #count = 0;
  #size = 0;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #flushed = 0;
  #young = new Map<number, string>();
  #old = new Map<number, string>();
  #block = Buffer.alloc(READ_BLOCK);
  #scratch = Buffer.alloc(1024);
  /** File offsets of the bytes in #block. */
  #blockStart = 0;
  #blockEnd = 0;

  constructor(parentDir: string = tmpdir()) {
    this.#dir = mkdtempSync(path.join(parentDir, "elicence-strings-"));
    this.#fd = openSync(path.join(this.#dir, "strings"), "w+");
  }

  get count(): number {
    return this.#count;
  }

  /** Appends the next string (index `count`). */
  push(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    this.#size += bytes.length;
    const at = ++this.#count;
    if (at >>> OFFSET_BLOCK_BITS >= this.#offsets.length) this.#offsets.push(new Float64Array(OFFSET_BLOCK));
    this.#offsets[at >>> OFFSET_BLOCK_BITS]![at & (OFFSET_BLOCK - 1)] = this.#size;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    if (this.#pendingBytes >= WRITE_CHUNK) this.#flush();
  }

  /** String `index`; "" for an index the table does not have (a damaged file), like an empty cell. */
  get(index: number): string {
    if (!(index >= 0 && index < this.#count)) return "";
    let text = this.#young.get(index);
    if (text !== undefined) return text;
    text = this.#old.get(index);
    if (text === undefined) {
      if (this.#pendingBytes > 0) this.#flush();
      const start = this.#offset(index);
      const end = this.#offset(index + 1);
      if (start >= this.#blockStart && end <= this.#blockEnd)
        text = this.#block.toString("utf8", start - this.#blockStart, end - this.#blockStart);
      else if (start >= this.#blockStart) {
        this.#readAhead(start, end - start);
        text = this.#block.toString("utf8", 0, end - start);
      } else text = this.#readOne(start, end - start);
    }
    if (this.#young.size >= CACHE_SIZE) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(index, text);
    return text;
  }

  #offset(i: number): number {
    return this.#offsets[i >>> OFFSET_BLOCK_BITS]![i & (OFFSET_BLOCK - 1)]!;
  }

  close(): void {
    this.#pending = [];
    this.#young.clear();
    this.#old.clear();
    try {
      closeSync(this.#fd);
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }

  /** Fills the read-ahead block from `start`, at least `length` bytes. */
  #readAhead(start: number, length: number): void {
    if (length > this.#block.length) this.#block = Buffer.alloc(length);
    const read = this.#read(this.#block, start, Math.min(this.#block.length, this.#size - start));
    this.#blockStart = start;
    this.#blockEnd = start + read;
  }

  #readOne(start: number, length: number): string {
    if (length > this.#scratch.length)
      this.#scratch = Buffer.alloc(Math.max(length, this.#scratch.length * 2));
    const read = this.#read(this.#scratch, start, length);
    return this.#scratch.toString("utf8", 0, read);
  }

  #read(into: Buffer, start: number, length: number): number {
    let read = 0;
    while (read < length) {
      const n = readSync(this.#fd, into, read, length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return read;
  }

  #flush(): void {
    const data = Buffer.concat(this.#pending, this.#pendingBytes);
    let written = 0;
    while (written < data.length)
      written += writeSync(this.#fd, data, written, data.length - written, this.#flushed + written);
    this.#flushed += data.length;
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}
