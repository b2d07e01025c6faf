// Unified social credit codes: GB 32100 examples, every rejection, and MOD 31 error detection by property.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditCodeArb } from "./arbitraries.js";
import {
  completeCreditCode,
  computeCreditCodeCheck,
  CREDIT_CODE_ALPHABET,
  isValidCreditCode,
  parseCreditCode,
} from "./credit-code.js";
import type { IdResult } from "./result.js";

const codes = (r: IdResult<unknown>): string[] => (r.ok ? [] : r.errors.map((e) => e.code));

describe("parseCreditCode", () => {
  it("accepts the GB 32100 example and splits it into its parts", () => {
    expect(parseCreditCode("91350100M000100Y43")).toEqual({
      ok: true,
      value: {
        code: "91350100M000100Y43",
        codeType: "001",
        registrationAuthority: "9",
        orgType: "1",
        division: "350100",
        orgCode: "M000100Y4",
      },
    });
  });

  it("accepts the codes of the GB/T 36904 reference vector", () => {
    expect(parseCreditCode("11100000000013338W").ok).toBe(true);
    expect(parseCreditCode("11220000013544541J").ok).toBe(true);
  });

  it("normalises case, full width and surrounding spaces", () => {
    expect(parseCreditCode("\u3000９１３５０１００ｍ000100y43 ")).toMatchObject({
      ok: true,
      value: { code: "91350100M000100Y43" },
      normalisedFrom: "\u3000９１３５０１００ｍ000100y43 ",
    });
  });

  it.each([
    ["91350100M000100Y4", ["REG_USCC_WRONG_LENGTH"]],
    ["91350100M000100Y433", ["REG_USCC_WRONG_LENGTH"]],
    ["9135010OM000100Y43", ["REG_USCC_FORBIDDEN_LETTER"]],
    ["91350100M000100Y4-", ["REG_USCC_WRONG_CHARACTERS"]],
    ["9135010OM000100Y4-", ["REG_USCC_FORBIDDEN_LETTER", "REG_USCC_WRONG_CHARACTERS"]],
    ["91350100M000100Y44", ["REG_USCC_CHECK_MISMATCH"]],
    ["1.10105199003071E+17", ["REG_ID_FLOAT_PRECISION_LOST"]],
  ])("rejects %s with %j", (raw, expected) => {
    expect(codes(parseCreditCode(raw))).toEqual(expected);
  });

  it.each(["I", "O", "Z", "S", "V"])(
    "names the forbidden letter %s and suggests the one fix at its place",
    (letter) => {
      const good = "91350100M000100Y43";
      const r = parseCreditCode(letter + good.slice(1));
      expect(codes(r)).toEqual(["REG_USCC_FORBIDDEN_LETTER"]);
      expect(!r.ok && r.errors[0]).toMatchObject({ position: 1, suggestion: good });
    },
  );

  it("rejects a code whose organisation code (positions 9-17) fails GB 11714, even with a right MOD 31 check", () => {
    const first17 = "91350100M000100Y5"; // org check should be 4
    const code = first17 + computeCreditCodeCheck(first17);
    expect(codes(parseCreditCode(code))).toEqual(["REG_USCC_ORG_CHECK"]);
    expect(isValidCreditCode(code)).toBe(false);
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    const letterAt17 = "91350100M000100YA";
    expect(parseCreditCode(letterAt17 + computeCreditCodeCheck(letterAt17))).toMatchObject({
      ok: false,
      errors: [{ code: "REG_USCC_ORG_CHECK", message: expect.stringContaining("digit or X") }],
    });
  });

  it("reports both checks when both fail", () => {
    expect(codes(parseCreditCode("91350100M000100Y53"))).toEqual([
      "REG_USCC_CHECK_MISMATCH",
      "REG_USCC_ORG_CHECK",
    ]);
  });

  it("maps a check value of 31 to 0 and counts letters in alphabet order", () => {
    expect(computeCreditCodeCheck("0".repeat(17))).toBe("0"); // sum 0 → 31 - 0 = 31 → 0
    expect(computeCreditCodeCheck(`1${"0".repeat(16)}`)).toBe("Y"); // sum 1 → 30 → Y, the 31st character
    expect(computeCreditCodeCheck(`J${"0".repeat(16)}`)).toBe("D"); // J = 18 (I is skipped) → 31 - 18 = 13 → D
  });

  it("computeCreditCodeCheck and completeCreditCode refuse bad input (they are minting helpers)", () => {
    expect(() => computeCreditCodeCheck("91350100M000100Y")).toThrow(RangeError);
    expect(() => computeCreditCodeCheck("91350100M000100YI")).toThrow(RangeError);
    expect(() => completeCreditCode("91350100M000100")).toThrow(RangeError);
    expect(completeCreditCode("91350100M000100Y")).toBe("91350100M000100Y43");
  });
});

describe("parseCreditCode properties", () => {
  it("accepts every generated valid code", () => {
    fc.assert(fc.property(creditCodeArb(), (code) => parseCreditCode(code).ok));
  });

  it("detects every substitution within the alphabet by the MOD 31 check; a suggestion, when given, is the original", () => {
    fc.assert(
      fc.property(creditCodeArb(), fc.nat(17), fc.constantFrom(...CREDIT_CODE_ALPHABET), (code, i, c) => {
        fc.pre(code.charAt(i) !== c);
        const r = parseCreditCode(code.slice(0, i) + c + code.slice(i + 1));
        expect(codes(r)).toContain("REG_USCC_CHECK_MISMATCH");
        if (!r.ok) {
          for (const e of r.errors) {
            if (e.suggestion !== undefined) expect(e.suggestion).toBe(code);
            if (e.candidates !== undefined) expect(e.candidates).toContain(code);
          }
        }
      }),
    );
  });

  it("detects every swap of two different neighbours by the MOD 31 check", () => {
    fc.assert(
      fc.property(creditCodeArb(), fc.nat(16), (code, i) => {
        fc.pre(code.charAt(i) !== code.charAt(i + 1));
        const r = parseCreditCode(code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2));
        expect(codes(r)).toContain("REG_USCC_CHECK_MISMATCH");
      }),
    );
  });

  it("normalises lower-case and full-width variants to the same code", () => {
    fc.assert(
      fc.property(
        creditCodeArb(),
        fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
        (code, flags) => {
          const variant = [...code]
            .map((c, i) => (flags[i] ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c.toLowerCase()))
            .join("");
          expect(parseCreditCode(` ${variant}\u3000`)).toMatchObject({ ok: true, value: { code } });
        },
      ),
    );
  });
});
