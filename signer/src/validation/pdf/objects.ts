// The PDF object model of the validating reader: plain values plus byte positions, so the validator can tell exactly
// where a value lies in the file (the signature's /Contents must be the ByteRange gap, byte for byte).

export class PName {
  constructor(readonly name: string) {}
}

/** A real number (written with a decimal point); integers are plain JS numbers. */
export class PReal {
  constructor(readonly value: number) {}
}

export class PString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex: boolean,
    /** Offset of `(` or `<` in the buffer the object was parsed from. */
    readonly start: number,
    /** Offset just past `)` or `>`. */
    readonly end: number,
  ) {}
}

export class PRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export class PDict {
  constructor(
    readonly map: ReadonlyMap<string, PValue>,
    readonly start: number,
    readonly end: number,
  ) {}

  get(key: string): PValue | undefined {
    return this.map.get(key);
  }
}

export type PValue = null | boolean | number | PReal | PName | PString | PRef | PDict | PArray;
export type PArray = readonly PValue[];

export class PStream {
  constructor(
    readonly dict: PDict,
    /** Offsets of the raw (encoded) data in the buffer the object was parsed from. */
    readonly dataStart: number,
    readonly dataEnd: number,
  ) {}
}

export type PObject = PValue | PStream;

export interface IndirectObject {
  num: number;
  gen: number;
  value: PObject;
  /** Whether positions refer to the file (false: inside a decoded object stream). */
  inFile: boolean;
}

export const isName = (v: unknown, name?: string): v is PName =>
  v instanceof PName && (name === undefined || v.name === name);

export const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof PReal) return v.value;
  return undefined;
}

export const isArray = (v: unknown): v is PArray => Array.isArray(v);

/** A PDF text string as JS text: UTF-16BE or UTF-8 with their byte-order marks, otherwise PDFDocEncoding (≈ Latin-1). */
export function textOf(v: unknown): string | undefined {
  if (!(v instanceof PString)) return undefined;
  const b = v.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let s = "";
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
    return s;
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return Buffer.from(b.subarray(3)).toString("utf8");
  return Buffer.from(b).toString("latin1");
}

/** Deep equality of two values as PDF semantics see them (positions and string notation ignored). */
export function sameValue(a: PObject | undefined, b: PObject | undefined, depth = 0): boolean {
  if (depth > 200) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== "object" || typeof b !== "object") {
    return numberOf(a) !== undefined && numberOf(a) === numberOf(b);
  }
  if (a instanceof PReal || b instanceof PReal)
    return numberOf(a) !== undefined && numberOf(a) === numberOf(b);
  if (a instanceof PName) return b instanceof PName && a.name === b.name;
  if (a instanceof PRef) return b instanceof PRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PString) return b instanceof PString && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  if (a instanceof PStream) return false; // streams are compared by the caller, who can read their data
  if (a instanceof PDict) {
    if (!(b instanceof PDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!b.map.has(k) || !sameValue(v, b.map.get(k), depth + 1)) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, (b as PArray)[i], depth + 1));
  }
  return false;
}
