// ISO 7064 MOD 37,36 against the GB/T 36904 reference vector, and what it does and does not detect.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeMod3736Check, isValidMod3736, mod3736, MOD37_36_ALPHABET } from "./mod37-36.js";

const REFERENCE_DATA = "11100000000013338W032" + "11220000013544541J" + "2430599" + "001";

describe("MOD 37,36", () => {
  it("gives F for the GB/T 36904 reference vector", () => {
    expect(computeMod3736Check(REFERENCE_DATA)).toBe("F");
    expect(isValidMod3736(`${REFERENCE_DATA}F`)).toBe(true);
    expect(isValidMod3736(`${REFERENCE_DATA}G`)).toBe(false);
  });

  it("refuses characters outside 0-9 A-Z", () => {
    expect(mod3736("12a")).toBeUndefined();
    expect(() => computeMod3736Check("12.3")).toThrow(RangeError);
  });

  it("detects every single substitution", () => {
    const data = fc.string({ unit: fc.constantFrom(...MOD37_36_ALPHABET), minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(data, fc.nat(), fc.constantFrom(...MOD37_36_ALPHABET), (s, n, c) => {
        const withCheck = s + computeMod3736Check(s);
        const i = n % withCheck.length;
        fc.pre(withCheck.charAt(i) !== c);
        expect(isValidMod3736(withCheck.slice(0, i) + c + withCheck.slice(i + 1))).toBe(false);
      }),
    );
  });

  it("misses a few neighbour swaps (known limit of hybrid systems): 240Z599 and 24Z0599 share the check Y", () => {
    const prefix = "11100000000013338W032" + "11220000013544541J";
    expect(computeMod3736Check(`${prefix}240Z599001`)).toBe("Y");
    expect(computeMod3736Check(`${prefix}24Z0599001`)).toBe("Y");
  });
});
