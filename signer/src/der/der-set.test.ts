// Unit tests of DER SET OF ordering (X.690 §11.6) — the signed attributes are hashed in this order.

import { describe, expect, it } from "vitest";
import { compareDer, derLength, encodeDerSet } from "./der-set.js";

describe("der-set", () => {
  it("orders encodings as octet strings, so a shorter SEQUENCE sorts first by its length byte", () => {
    const contentType = Uint8Array.of(0x30, 0x18, 0x06);
    const messageDigest = Uint8Array.of(0x30, 0x2f, 0x06);
    const essV2 = Uint8Array.of(0x30, 0x81, 0x9c);
    const set = encodeDerSet([essV2, messageDigest, contentType]);
    expect(Array.from(set)).toEqual([0x31, 9, 0x30, 0x18, 0x06, 0x30, 0x2f, 0x06, 0x30, 0x81, 0x9c]);
  });

  it("pads the shorter with zero octets when comparing", () => {
    expect(compareDer(Uint8Array.of(1), Uint8Array.of(1, 0))).toBeLessThan(0);
    expect(compareDer(Uint8Array.of(1, 1), Uint8Array.of(2))).toBeLessThan(0);
    expect(compareDer(Uint8Array.of(2), Uint8Array.of(1, 0xff))).toBeGreaterThan(0);
  });

  it("encodes lengths in the shortest form", () => {
    expect(Array.from(derLength(0x7f))).toEqual([0x7f]);
    expect(Array.from(derLength(0x80))).toEqual([0x81, 0x80]);
    expect(Array.from(derLength(0x1234))).toEqual([0x82, 0x12, 0x34]);
  });
});
