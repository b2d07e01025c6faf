// Strict DER reading for the structures validation inspects (CMS, certificates, OCSP, CRL, TSTInfo): a thin layer
// over the PAdES DER reader that names tags, decodes OIDs, integers and times, and reports any malformation as a
// FormatProblem with the caller's reason code.
import { children, readTlv, type Tlv } from "../../pades/der-reader.js";
import { problem } from "../limits.js";
import type { ReasonCode } from "../reason-codes.js";

export type { Tlv };

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  ctx0: 0xa0,
  ctx1: 0xa1,
  ctx2: 0xa2,
  ctx3: 0xa3,
} as const;

/** A DER view over `bytes` whose every failure is a FormatProblem with `code`. */
export class Der {
  constructor(
    readonly bytes: Uint8Array,
    readonly code: ReasonCode,
  ) {}

  fail(message: string): never {
    throw problem(this.code, message);
  }

  root(): Tlv {
    try {
      return readTlv(this.bytes, 0);
    } catch (e) {
      return this.fail(e instanceof Error ? e.message : "malformed DER");
    }
  }

  kids(parent: Tlv): Tlv[] {
    if ((parent.tag & 0x20) === 0) this.fail(`tag 0x${parent.tag.toString(16)} is not constructed`);
    try {
      return children(this.bytes, parent);
    } catch (e) {
      return this.fail(e instanceof Error ? e.message : "malformed DER");
    }
  }

  /** Children of a constructed element that must carry `tag`. */
  expect(t: Tlv | undefined, tag: number, what: string): Tlv {
    if (!t || t.tag !== tag) this.fail(`${what}: expected tag 0x${tag.toString(16)}`);
    return t;
  }

  seq(t: Tlv | undefined, what: string): Tlv[] {
    return this.kids(this.expect(t, TAG.sequence, what));
  }

  content(t: Tlv): Uint8Array {
    return this.bytes.subarray(t.contentStart, t.end);
  }

  element(t: Tlv): Uint8Array {
    return this.bytes.subarray(t.start, t.end);
  }

  oid(t: Tlv | undefined, what: string): string {
    return oidString(this.content(this.expect(t, TAG.oid, what)), this);
  }

  /** An INTEGER as lower-case hex without leading zero octets (the serial-number form the PKI uses). */
  integerHex(t: Tlv | undefined, what: string): string {
    const c = this.content(this.expect(t, TAG.integer, what));
    if (c.length === 0) this.fail(`${what}: empty INTEGER`);
    let i = 0;
    while (i < c.length - 1 && c[i] === 0) i++;
    return Buffer.from(c.subarray(i)).toString("hex");
  }

  smallInt(t: Tlv | undefined, what: string, tag: number = TAG.integer): number {
    const c = this.content(this.expect(t, tag, what));
    if (c.length === 0 || c.length > 4) this.fail(`${what}: integer out of range`);
    let v = 0;
    for (const b of c) v = v * 256 + b;
    return v;
  }

  time(t: Tlv | undefined, what: string): Date {
    if (!t || (t.tag !== TAG.utcTime && t.tag !== TAG.generalizedTime)) this.fail(`${what}: not a time`);
    const s = Buffer.from(this.content(t)).toString("latin1");
    const m =
      t.tag === TAG.utcTime
        ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{1,9})?Z$/.exec(s);
    if (!m) this.fail(`${what}: malformed time "${s.slice(0, 32)}"`);
    const year = t.tag === TAG.utcTime ? (Number(m[1]) >= 50 ? 1900 : 2000) + Number(m[1]) : Number(m[1]);
    const ms = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
    const d = new Date(
      Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms),
    );
    if (Number.isNaN(d.getTime())) this.fail(`${what}: invalid date`);
    return d;
  }

  /** BIT STRING contents without the unused-bits octet (signatures, public keys). */
  bits(t: Tlv | undefined, what: string): Uint8Array {
    const c = this.content(this.expect(t, TAG.bitString, what));
    if (c.length === 0) this.fail(`${what}: empty BIT STRING`);
    return c.subarray(1);
  }
}

export function oidString(c: Uint8Array, der?: Der): string {
  if (c.length === 0 || c.length > 64) {
    if (der) der.fail("malformed OID");
    return "";
  }
  const parts: number[] = [];
  let v = 0;
  for (const b of c) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join(".");
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
