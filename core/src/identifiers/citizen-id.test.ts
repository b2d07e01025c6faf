// Citizen ID numbers: GB 11643 examples, every rejection, and MOD 11-2 error detection by property.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idNumberArb, legacyIdNumberArb } from "./arbitraries.js";
import { computeIdNumberCheck, convertLegacyIdNumber, parseIdNumber } from "./citizen-id.js";
import type { IdResult } from "./result.js";

const now = new Date("2025-06-01T00:00:00Z");
const codes = (r: IdResult<unknown>): string[] => (r.ok ? [] : r.errors.map((e) => e.code));
const withCheck = (first17: string): string => first17 + computeIdNumberCheck(first17);

describe("parseIdNumber", () => {
  it("accepts the GB 11643-1999 examples and reads birth date, sex and province", () => {
    expect(parseIdNumber("11010519491231002X", { now })).toEqual({
      ok: true,
      value: {
        code: "11010519491231002X",
        codeType: "111",
        birthDate: "1949-12-31",
        sex: "female",
        province: "11",
        provinceName: "北京市",
      },
    });
    const r = parseIdNumber("440524188001010014", { now });
    expect(r.ok && [r.value.sex, r.value.birthDate, r.value.province]).toEqual(["male", "1880-01-01", "44"]);
  });

  it("normalises lower-case x, full-width characters and surrounding spaces, and says from what", () => {
    const raw = "\u3000１１０１０５１９４９１２３１００２ｘ ";
    expect(parseIdNumber(raw, { now })).toMatchObject({
      ok: true,
      value: { code: "11010519491231002X" },
      normalisedFrom: raw,
    });
    expect(parseIdNumber("11010519491231002X", { now })).not.toHaveProperty("normalisedFrom");
  });

  it("converts a 15-digit legacy number and keeps the original", () => {
    expect(parseIdNumber("110105491231002", { now })).toMatchObject({
      ok: true,
      value: {
        code: "11010519491231002X",
        original: "110105491231002",
        birthDate: "1949-12-31",
        sex: "female",
      },
    });
    // Worked by hand: weighted sum 196, 196 mod 11 = 9 → "3".
    expect(convertLegacyIdNumber("440524800101001")).toBe("440524198001010013");
  });

  it("reports wrong length and wrong characters together", () => {
    expect(codes(parseIdNumber("11010519491231O02", { now }))).toEqual([
      "REG_ID_WRONG_LENGTH",
      "REG_ID_WRONG_CHARACTERS",
    ]);
  });

  it("rejects X anywhere but the 18th character, with a hint", () => {
    const r = parseIdNumber("1101051949123100X2", { now });
    expect(codes(r)).toEqual(["REG_ID_WRONG_CHARACTERS"]);
    expect(!r.ok && r.errors[0]).toMatchObject({
      position: 17,
      message: expect.stringContaining("X may only be the 18th"),
    });
    // Swapping back and replacing the X by the one digit that fits are both single typos away.
    expect(!r.ok && r.errors[0]?.candidates).toEqual(["11010519491231002X", "110105194912310062"]);
  });

  it("reports independent problems at once: check, impossible date and unknown province", () => {
    const r = parseIdNumber("990105194902300020", { now });
    expect(codes(r)).toEqual(["REG_ID_CHECK_MISMATCH", "REG_ID_IMPOSSIBLE_DATE", "REG_ID_UNKNOWN_PROVINCE"]);
  });

  it.each([
    ["19490229", "REG_ID_IMPOSSIBLE_DATE"],
    ["19001301", "REG_ID_IMPOSSIBLE_DATE"],
    ["17990101", "REG_ID_IMPOSSIBLE_DATE"],
    ["20250602", "REG_ID_FUTURE_DATE"],
  ])("rejects birth date %s with %s", (birth, code) => {
    expect(codes(parseIdNumber(withCheck(`110105${birth}002`), { now }))).toEqual([code]);
  });

  it("accepts 29 February of a leap year and a birth today in China time (UTC+8)", () => {
    expect(parseIdNumber(withCheck("11010520000229002"), { now }).ok).toBe(true);
    // 2025-05-31T16:30Z is already 1 June in Beijing.
    expect(parseIdNumber(withCheck("11010520250601002"), { now: new Date("2025-05-31T16:30:00Z") }).ok).toBe(
      true,
    );
    expect(
      codes(parseIdNumber(withCheck("11010520250601002"), { now: new Date("2025-05-31T15:30:00Z") })),
    ).toEqual(["REG_ID_FUTURE_DATE"]);
  });

  it.each(["10", "16", "20", "38", "47", "55", "60", "66", "70", "72", "80", "83", "91"])(
    "rejects province code %s",
    (province) => {
      expect(codes(parseIdNumber(withCheck(`${province}010519491231002`), { now }))).toEqual([
        "REG_ID_UNKNOWN_PROVINCE",
      ]);
    },
  );

  it("reports inner spaces and suggests the code without them", () => {
    const r = parseIdNumber("110105 19491231 002X", { now });
    expect(r).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          code: "REG_ID_INNER_SPACE",
          position: 7,
          suggestion: "11010519491231002X",
        }),
      ],
    });
  });

  it("never echoes the whole number in messages (they end up in logs)", () => {
    const r = parseIdNumber("110105194912310021", { now });
    expect(!r.ok && r.errors.every((e) => !e.message.includes("110105194912310021"))).toBe(true);
  });
});

describe("parseIdNumber properties", () => {
  const alphabet = [..."0123456789X"];

  it("accepts every generated valid number", () => {
    fc.assert(fc.property(idNumberArb(), (id) => parseIdNumber(id, { now }).ok));
  });

  it("detects every single-character substitution by the check; a suggestion, when given, is the original", () => {
    fc.assert(
      fc.property(idNumberArb(), fc.nat(17), fc.constantFrom(...alphabet), (id, i, c) => {
        fc.pre(id.charAt(i) !== c);
        const typo = id.slice(0, i) + c + id.slice(i + 1);
        const r = parseIdNumber(typo, { now });
        if (r.ok) return false;
        const found = r.errors.map((e) => e.code);
        // X in positions 1-17 is a character error; any digit substitution or a change of the check is a mismatch.
        expect(found).toContain(c === "X" && i < 17 ? "REG_ID_WRONG_CHARACTERS" : "REG_ID_CHECK_MISMATCH");
        for (const e of r.errors) {
          if (e.suggestion !== undefined) expect(e.suggestion).toBe(id);
          if (e.candidates !== undefined) expect(e.candidates).toContain(id);
        }
        return true;
      }),
    );
  });

  it("detects every swap of two different neighbours", () => {
    fc.assert(
      fc.property(idNumberArb(), fc.nat(16), (id, i) => {
        fc.pre(id.charAt(i) !== id.charAt(i + 1));
        const typo = id.slice(0, i) + id.charAt(i + 1) + id.charAt(i) + id.slice(i + 2);
        const r = parseIdNumber(typo, { now });
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(
            r.errors.some((e) => e.code === "REG_ID_CHECK_MISMATCH" || e.code === "REG_ID_WRONG_CHARACTERS"),
          ).toBe(true);
          for (const e of r.errors) {
            if (e.suggestion !== undefined) expect(e.suggestion).toBe(id);
            if (e.candidates !== undefined) expect(e.candidates).toContain(id);
          }
        }
      }),
    );
  });

  it("normalises full-width, lower-case and spaced variants to the same code", () => {
    const fullWidth = (c: string): string => String.fromCharCode(c.charCodeAt(0) + 0xfee0);
    const pad = fc.constantFrom("", " ", "\u3000", "\u00A0", "\t", " \u3000");
    fc.assert(
      fc.property(
        idNumberArb(),
        fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
        pad,
        pad,
        (id, fw, l, r) => {
          const variant =
            l +
            [...id]
              .map((c, i) => (fw[i] ? fullWidth(c) : c))
              .join("")
              .replace("X", "x") +
            r;
          const result = parseIdNumber(variant, { now });
          expect(result.ok && result.value.code).toBe(id);
        },
      ),
    );
  });

  it("converts 15-digit numbers and back: same digits, a valid check, the original kept", () => {
    fc.assert(
      fc.property(legacyIdNumberArb(), (legacy) => {
        const r = parseIdNumber(legacy, { now });
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.value.original).toBe(legacy);
          expect(r.value.code.slice(6, 8)).toBe("19");
          expect(r.value.code.slice(0, 6) + r.value.code.slice(8, 17)).toBe(legacy);
          expect(parseIdNumber(r.value.code, { now })).toMatchObject({
            ok: true,
            value: { code: r.value.code },
          });
          expect(r.value.code).toBe(convertLegacyIdNumber(legacy));
        }
      }),
    );
  });
});
