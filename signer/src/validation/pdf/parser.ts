// A strict, bounded parser for PDF objects (ISO 32000 §7.3): iterative over bytes, every nesting level and every
// value counted against the budget, so hostile input ends in a FormatProblem instead of a stack overflow or a hang.
import { problem, type Budget } from "../limits.js";
import {
  PDict,
  PName,
  PReal,
  PRef,
  PStream,
  PString,
  type IndirectObject,
  type PObject,
  type PValue,
} from "./objects.js";

const WHITE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIM[c.charCodeAt(0)] = 1;

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isRegular = (c: number | undefined) => c !== undefined && !WHITE[c] && !DELIM[c];

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function broken(message: string) {
  return problem("VER_PDF_OBJECT_BROKEN", message);
}

/** Resolves an indirect /Length of a stream; undefined when it cannot be resolved. */
export type LengthResolver = (ref: PRef) => number | undefined;

export class PdfParser {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start: number,
    private readonly budget: Budget,
  ) {
    this.pos = start;
  }

  /** Skips whitespace and comments. */
  skipSpace(): void {
    const b = this.buf;
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) return;
      if (WHITE[c]) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
  }

  /** The regular-character run at the current position (a keyword or number), without consuming it. */
  peekWord(): string {
    let end = this.pos;
    while (end < this.buf.length && end - this.pos < 32 && isRegular(this.buf[end])) end++;
    return Buffer.from(this.buf.subarray(this.pos, end)).toString("latin1");
  }

  private word(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  expectKeyword(keyword: string): void {
    this.skipSpace();
    const w = this.word();
    if (w !== keyword) throw broken(`expected "${keyword}" at offset ${this.pos - w.length}, found "${w}"`);
  }

  /** A non-negative integer written as plain digits, or undefined (position unchanged) when there is none. */
  readUnsigned(): number | undefined {
    const start = this.pos;
    let n = 0;
    while (isDigit(this.buf[this.pos]) && this.pos - start < 16)
      n = n * 10 + ((this.buf[this.pos++] ?? 0) - 0x30);
    if (this.pos === start || isRegular(this.buf[this.pos])) {
      this.pos = start;
      return undefined;
    }
    return n;
  }

  parseValue(depth = 0): PValue {
    this.budget.tick();
    this.budget.checkDepth(depth);
    this.skipSpace();
    const b = this.buf;
    const c = b[this.pos];
    if (c === undefined) throw broken("unexpected end of data");
    if (c === 0x2f) return this.parseName();
    if (c === 0x28) return this.parseLiteral();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.parseDict(depth);
      return this.parseHex();
    }
    if (c === 0x5b) return this.parseArray(depth);
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.parseNumberOrRef();
    const w = this.word();
    if (w === "true") return true;
    if (w === "false") return false;
    if (w === "null") return null;
    throw broken(`unexpected "${w || String.fromCharCode(c)}" at offset ${this.pos}`);
  }

  private parseNumberOrRef(): number | PReal | PRef {
    const start = this.pos;
    const w = this.word();
    if (/^\d+$/.test(w)) {
      const n = Number(w);
      if (!Number.isSafeInteger(n)) throw broken(`integer out of range at offset ${start}`);
      // "n g R": look ahead without consuming unless it is a reference.
      const after = this.pos;
      this.skipSpace();
      const gen = this.readUnsigned();
      if (gen !== undefined) {
        this.skipSpace();
        if (this.buf[this.pos] === 0x52 && !isRegular(this.buf[this.pos + 1])) {
          this.pos++;
          if (n < 1 || gen > 65535) throw broken(`invalid reference ${n} ${gen} R at offset ${start}`);
          return new PRef(n, gen);
        }
      }
      this.pos = after;
      return n;
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) throw broken(`malformed number "${w}" at offset ${start}`);
    const v = Number(w);
    if (!Number.isFinite(v)) throw broken(`number out of range at offset ${start}`);
    return w.includes(".") ? new PReal(v) : v;
  }

  private parseName(): PName {
    const b = this.buf;
    this.pos++; // '/'
    const start = this.pos;
    while (isRegular(b[this.pos])) this.pos++;
    const raw = b.subarray(start, this.pos);
    if (raw.length > 127 * 3) throw broken(`name too long at offset ${start}`);
    if (!raw.includes(0x23)) return new PName(Buffer.from(raw).toString("latin1"));
    const out: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] as number;
      if (ch === 0x23) {
        const hi = hexValue(raw[i + 1] ?? 0);
        const lo = hexValue(raw[i + 2] ?? 0);
        if (hi < 0 || lo < 0) throw broken(`bad #-escape in a name at offset ${start + i}`);
        out.push(hi * 16 + lo);
        i += 2;
      } else out.push(ch);
    }
    return new PName(Buffer.from(out).toString("latin1"));
  }

  private parseLiteral(): PString {
    const b = this.buf;
    const start = this.pos;
    // First pass: find the closing parenthesis (nesting counts, escapes skip a byte).
    let i = start + 1;
    let nest = 1;
    let escapes = false;
    for (; i < b.length; i++) {
      const ch = b[i];
      if (ch === 0x5c) {
        escapes = true;
        i++;
      } else if (ch === 0x28) nest++;
      else if (ch === 0x29 && --nest === 0) break;
      if ((i & 0xffff) === 0) this.budget.tick();
    }
    if (nest !== 0 || i >= b.length) throw broken(`unterminated string at offset ${start}`);
    const end = i + 1;
    this.pos = end;
    if (!escapes) return new PString(b.slice(start + 1, i), false, start, end);
    const out = new Uint8Array(i - start);
    let n = 0;
    for (let j = start + 1; j < i; j++) {
      const ch = b[j] as number;
      if (ch !== 0x5c) {
        out[n++] = ch;
        continue;
      }
      const e = b[++j] as number;
      if (e === 0x6e) out[n++] = 0x0a;
      else if (e === 0x72) out[n++] = 0x0d;
      else if (e === 0x74) out[n++] = 0x09;
      else if (e === 0x62) out[n++] = 0x08;
      else if (e === 0x66) out[n++] = 0x0c;
      else if (e === 0x0d) {
        if (b[j + 1] === 0x0a) j++;
      } else if (e === 0x0a) {
        /* line continuation */
      } else if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let k = 0; k < 2 && (b[j + 1] ?? 0) >= 0x30 && (b[j + 1] ?? 0) <= 0x37; k++)
          v = v * 8 + ((b[++j] as number) - 0x30);
        out[n++] = v & 0xff;
      } else out[n++] = e;
    }
    return new PString(out.slice(0, n), false, start, end);
  }

  private parseHex(): PString {
    const b = this.buf;
    const start = this.pos;
    const close = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(0x3e, start + 1);
    if (close < 0) throw broken(`unterminated hex string at offset ${start}`);
    const out = new Uint8Array(Math.ceil((close - start - 1) / 2));
    let n = 0;
    let hi = -1;
    for (let i = start + 1; i < close; i++) {
      const ch = b[i] as number;
      if (WHITE[ch]) continue;
      const v = hexValue(ch);
      if (v < 0) throw broken(`bad character in hex string at offset ${i}`);
      if (hi < 0) hi = v;
      else {
        out[n++] = hi * 16 + v;
        hi = -1;
      }
    }
    if (hi >= 0) out[n++] = hi * 16;
    this.pos = close + 1;
    return new PString(n === out.length ? out : out.slice(0, n), true, start, close + 1);
  }

  private parseArray(depth: number): PValue[] {
    this.pos++; // '['
    const out: PValue[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.buf[this.pos];
      if (c === undefined) throw broken("unterminated array");
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      out.push(this.parseValue(depth + 1));
    }
  }

  private parseDict(depth: number): PDict {
    const start = this.pos;
    this.pos += 2; // '<<'
    const map = new Map<string, PValue>();
    for (;;) {
      this.skipSpace();
      const c = this.buf[this.pos];
      if (c === undefined) throw broken(`unterminated dictionary at offset ${start}`);
      if (c === 0x3e) {
        if (this.buf[this.pos + 1] !== 0x3e) throw broken(`stray ">" at offset ${this.pos}`);
        this.pos += 2;
        return new PDict(map, start, this.pos);
      }
      if (c !== 0x2f) throw broken(`dictionary key is not a name at offset ${this.pos}`);
      const key = this.parseName().name;
      // Two readers resolving a duplicate key differently is an attack surface: refuse the document instead.
      if (map.has(key)) throw broken(`duplicate key /${key} in the dictionary at offset ${start}`);
      map.set(key, this.parseValue(depth + 1));
    }
  }

  /**
   * `n g obj … endobj` at the current position; a dictionary followed by `stream` becomes a PStream whose /Length is
   * taken directly or through `resolveLength`.
   */
  parseIndirect(resolveLength: LengthResolver): IndirectObject {
    this.skipSpace();
    const headerAt = this.pos;
    const num = this.readUnsigned();
    this.skipSpace();
    const gen = num === undefined ? undefined : this.readUnsigned();
    if (num === undefined || gen === undefined) throw broken(`no object header at offset ${headerAt}`);
    this.expectKeyword("obj");
    const value = this.parseValue(0);
    this.skipSpace();
    let object: PObject = value;
    if (this.peekWord() === "stream") {
      if (!(value instanceof PDict)) throw broken(`stream without a dictionary at offset ${headerAt}`);
      this.pos += 6;
      if (this.buf[this.pos] === 0x0d) this.pos++;
      if (this.buf[this.pos] !== 0x0a) throw broken(`"stream" not followed by an end of line at ${this.pos}`);
      this.pos++;
      const dataStart = this.pos;
      const lengthValue = value.get("Length");
      const length = lengthValue instanceof PRef ? resolveLength(lengthValue) : lengthValue;
      if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0)
        throw broken(`stream ${num} ${gen} has no usable /Length`);
      const dataEnd = dataStart + length;
      if (dataEnd > this.buf.length) throw broken(`stream ${num} ${gen} runs past the end of the file`);
      this.pos = dataEnd;
      this.skipSpace();
      if (this.peekWord() !== "endstream")
        throw broken(`stream ${num} ${gen}: /Length does not end at endstream`);
      this.pos += 9;
      object = new PStream(value, dataStart, dataEnd);
    }
    this.expectKeyword("endobj");
    return { num, gen, value: object, inFile: true };
  }
}
