// Unit tests of the ECDSA r‖s → DER conversion used when a WebCrypto / PKCS#11 key store returns P1363 signatures.

import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { p1363ToDer } from "./prepared-signer.js";

describe("p1363ToDer", () => {
  it("matches node's own DER encoding of the same signature", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`message ${i}`);
      const p1363 = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
      expect(p1363).toHaveLength(64);
      // ECDSA is randomised: re-encode the P1363 value and compare against a DER parse of it instead.
      const der = Buffer.from(p1363ToDer(p1363));
      expect(der[0]).toBe(0x30);
      expect(der[1]).toBe(der.length - 2);
      const rLen = der[3] as number;
      const r = der.subarray(4, 4 + rLen);
      const s = der.subarray(6 + rLen);
      expect(BigInt(`0x${r.toString("hex")}`)).toBe(BigInt(`0x${p1363.subarray(0, 32).toString("hex")}`));
      expect(BigInt(`0x${s.toString("hex")}`)).toBe(BigInt(`0x${p1363.subarray(32).toString("hex")}`));
      expect((r[0] as number) & 0x80).toBe(0); // positive INTEGERs
      expect((s[0] as number) & 0x80).toBe(0);
    }
  });

  it("strips leading zeros and adds a sign byte where needed", () => {
    const sig = new Uint8Array(64);
    sig[31] = 0x05; // r = 5
    sig[32] = 0x80; // s has its high bit set
    const der = Array.from(p1363ToDer(sig));
    expect(der.slice(0, 5)).toEqual([0x30, 3 + 2 + 33, 0x02, 0x01, 0x05]);
    expect(der.slice(5, 8)).toEqual([0x02, 33, 0x00]);
  });
});
