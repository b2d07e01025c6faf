// ECDSA signature form conversion: r||s ↔ DER round-trips, and DER from the conversion verifies in node:crypto.
import { generateKeyPairSync, sign, verify } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ecdsaDerToRaw, ecdsaRawToDer } from "./ecdsa-signature.js";

describe("ECDSA signature conversion", () => {
  it("round-trips any 32+32-byte r||s, including leading zeros and high bits", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (raw) => {
        const der = ecdsaRawToDer(raw);
        expect(der[0]).toBe(0x30);
        expect(Buffer.from(ecdsaDerToRaw(der, 32))).toEqual(Buffer.from(raw));
      }),
    );
  });

  it("pads a high-bit component and strips leading zero octets (DER INTEGER rules)", () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80; // r needs a 0x00 prefix
    raw[63] = 0x01; // s is 1: a single octet
    expect(Buffer.from(ecdsaRawToDer(raw)).toString("hex")).toBe(`3026022100${"80" + "00".repeat(31)}020101`);
  });

  it("produces what node:crypto verifies as a DER signature", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const data = Buffer.from("data");
    const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
    expect(verify("sha256", data, publicKey, ecdsaRawToDer(raw))).toBe(true);
  });

  it("rejects malformed input", () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(RangeError);
    expect(() => ecdsaDerToRaw(new Uint8Array([0x02, 0x01, 0x01]), 32)).toThrow(RangeError);
  });
});
