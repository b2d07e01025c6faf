// A small, strict PDF object serializer for the objects we write ourselves (signature dictionary, DSS, incremental updates).
// Only what we need: null, booleans, numbers, names, strings, arrays, dictionaries, references, streams, raw bytes.

import { PadesError, PadesErrorCode } from "./errors.js";

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly objectNumber: number,
    readonly generation = 0,
  ) {
    if (
      !Number.isSafeInteger(objectNumber) ||
      objectNumber < 1 ||
      !Number.isSafeInteger(generation) ||
      generation < 0 ||
      generation > 65535
    ) {
      throw new PadesError(
        PadesErrorCode.BAD_OPTION,
        `invalid object reference ${objectNumber} ${generation} R`,
      );
    }
  }
}

/** A string written in hexadecimal form `<…>`. */
export class PdfHexString {
  constructor(readonly bytes: Uint8Array) {}
}

/** A string written in literal form `(…)`, escaped as needed. */
export class PdfLiteralString {
  constructor(readonly bytes: Uint8Array) {}
}

/** Bytes copied verbatim (already serialized elsewhere, e.g. by pdf-lib, or fixed-width placeholders). */
export class PdfRaw {
  constructor(readonly bytes: Uint8Array) {}
}

export class PdfDict {
  readonly entries: Map<string, PdfValue>;
  constructor(entries: Iterable<readonly [string, PdfValue]> = []) {
    this.entries = new Map(entries);
  }
}

export type PdfValue =
  | null
  | boolean
  | number
  | PdfName
  | PdfRef
  | PdfHexString
  | PdfLiteralString
  | PdfRaw
  | PdfDict
  | readonly PdfValue[];

export class PdfStream {
  /** `dict` must not contain /Length: the serializer writes it from `data`. */
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

export const name = (n: string): PdfName => new PdfName(n);
export const ref = (objectNumber: number, generation = 0): PdfRef => new PdfRef(objectNumber, generation);
export const hex = (bytes: Uint8Array): PdfHexString => new PdfHexString(bytes);
export const raw = (bytes: Uint8Array | string): PdfRaw =>
  new PdfRaw(typeof bytes === "string" ? latin1(bytes) : bytes);

/** A dictionary from a plain object; `undefined` values are left out, insertion order is kept. */
export function dict(entries: Record<string, PdfValue | undefined>): PdfDict {
  const d = new PdfDict();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) d.entries.set(k, v);
  return d;
}

/**
 * A PDF text string: printable ASCII as a literal string, anything else as UTF-16BE with a BOM in hex form
 * (PDFDocEncoding differs from Latin-1 and cannot carry Chinese; hex keeps the bytes 7-bit clean).
 */
export function text(s: string): PdfLiteralString | PdfHexString {
  if (/^[\x20-\x7e]*$/.test(s)) return new PdfLiteralString(latin1(s));
  const out = new Uint8Array(2 + s.length * 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  // JS strings are UTF-16 already: code units (including surrogate pairs) are written as they are.
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out[2 + i * 2] = u >> 8;
    out[3 + i * 2] = u & 0xff;
  }
  return new PdfHexString(out);
}

/** `D:YYYYMMDDHHmmSSZ` in UTC. */
export function pdfDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new PadesError(PadesErrorCode.BAD_OPTION, "invalid date");
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

export function latin1(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

/** Collects output pieces and joins them once. */
export class ByteSink {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  write(piece: Uint8Array | string): this {
    const bytes = typeof piece === "string" ? latin1(piece) : piece;
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  toBytes(): Uint8Array {
    return Buffer.concat(this.parts, this.size);
  }
}

const DELIMITERS = new Set("()<>[]{}/%#".split("").map((c) => c.charCodeAt(0)));

export function serializeName(n: string): string {
  let out = "/";
  for (const b of Buffer.from(n, "utf8")) {
    out +=
      b > 0x20 && b < 0x7f && !DELIMITERS.has(b)
        ? String.fromCharCode(b)
        : `#${b.toString(16).padStart(2, "0").toUpperCase()}`;
  }
  return out;
}

export function serializeNumber(n: number): string {
  if (!Number.isFinite(n))
    throw new PadesError(PadesErrorCode.BAD_OPTION, `cannot write ${n} as a PDF number`);
  if (Number.isInteger(n)) return Object.is(n, -0) ? "0" : String(n);
  // PDF has no exponent notation: fixed point, trailing zeros trimmed.
  const s = n.toFixed(6).replace(/\.?0+$/, "");
  return s === "-0" ? "0" : s;
}

function escapeLiteral(bytes: Uint8Array): Uint8Array {
  const out: number[] = [0x28];
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out.push(0x5c, b);
    else if (b === 0x0d) out.push(0x5c, 0x72);
    else if (b === 0x0a) out.push(0x5c, 0x6e);
    else out.push(b);
  }
  out.push(0x29);
  return Uint8Array.from(out);
}

export function writeValue(sink: ByteSink, v: PdfValue): void {
  if (v === null) sink.write("null");
  else if (typeof v === "boolean") sink.write(v ? "true" : "false");
  else if (typeof v === "number") sink.write(serializeNumber(v));
  else if (v instanceof PdfName) sink.write(serializeName(v.name));
  else if (v instanceof PdfRef) sink.write(`${v.objectNumber} ${v.generation} R`);
  else if (v instanceof PdfHexString) sink.write(`<${Buffer.from(v.bytes).toString("hex").toUpperCase()}>`);
  else if (v instanceof PdfLiteralString) sink.write(escapeLiteral(v.bytes));
  else if (v instanceof PdfRaw) sink.write(v.bytes);
  else if (v instanceof PdfDict) {
    sink.write("<<");
    for (const [k, value] of v.entries) {
      sink.write(serializeName(k)).write(" ");
      writeValue(sink, value);
      sink.write("\n");
    }
    sink.write(">>");
  } else if (Array.isArray(v)) {
    sink.write("[");
    v.forEach((item, i) => {
      if (i > 0) sink.write(" ");
      writeValue(sink, item as PdfValue);
    });
    sink.write("]");
  } else {
    throw new PadesError(PadesErrorCode.BAD_OPTION, "unsupported PDF value");
  }
}

export function serializeValue(v: PdfValue): Uint8Array {
  const sink = new ByteSink();
  writeValue(sink, v);
  return sink.toBytes();
}

/** `n g obj … endobj` for a value or a stream (with /Length computed from the data). */
export function writeIndirectObject(sink: ByteSink, r: PdfRef, body: PdfValue | PdfStream): void {
  sink.write(`${r.objectNumber} ${r.generation} obj\n`);
  if (body instanceof PdfStream) {
    if (body.dict.entries.has("Length"))
      throw new PadesError(PadesErrorCode.BAD_OPTION, "stream dictionary must not carry /Length");
    const d = new PdfDict(body.dict.entries);
    d.entries.set("Length", body.data.length);
    writeValue(sink, d);
    sink.write("\nstream\n").write(body.data).write("\nendstream");
  } else {
    writeValue(sink, body);
  }
  sink.write("\nendobj\n");
}
