// Holder codes: which kind, and the type mismatch against what a licence type requires.
import { describe, expect, it } from "vitest";
import { computeIdNumberCheck, isValidIdNumber } from "./citizen-id.js";
import { isValidCreditCode } from "./credit-code.js";
import { parseHolderCode } from "./holder-code.js";
import type { IdResult } from "./result.js";

const now = new Date("2025-06-01T00:00:00Z");
const codes = (r: IdResult<unknown>): string[] => (r.ok ? [] : r.errors.map((e) => e.code));

describe("parseHolderCode", () => {
  it("detects a citizen ID number (18 and 15 digits) and a USCC", () => {
    expect(parseHolderCode("11010519491231002x", { now })).toMatchObject({
      ok: true,
      value: { codeType: "111" },
    });
    expect(parseHolderCode("110105491231002", { now })).toMatchObject({
      ok: true,
      value: { codeType: "111", code: "11010519491231002X", original: "110105491231002" },
    });
    expect(parseHolderCode("91350100M000100Y43", { now })).toMatchObject({
      ok: true,
      value: { codeType: "001" },
    });
  });

  it("accepts the expected kind", () => {
    expect(parseHolderCode("11010519491231002X", { now, expect: "111" }).ok).toBe(true);
    expect(parseHolderCode("91350100M000100Y43", { now, expect: "001" }).ok).toBe(true);
  });

  it("says an organisation licence needs a USCC when given a citizen ID number", () => {
    const r = parseHolderCode("11010519491231002X", { now, expect: "001" });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          code: "REG_HOLDER_CODE_TYPE_MISMATCH",
          message: expect.stringMatching(
            /organisation licence needs a unified social credit code; this looks like a citizen ID number/,
          ),
        },
      ],
    });
    expect(codes(parseHolderCode("110105491231002", { now, expect: "001" }))).toEqual([
      "REG_HOLDER_CODE_TYPE_MISMATCH",
    ]);
    // A mistyped ID number (only its check is wrong) still reads as an ID number, not as a broken USCC.
    expect(codes(parseHolderCode("110105194912310021", { now, expect: "001" }))).toEqual([
      "REG_HOLDER_CODE_TYPE_MISMATCH",
    ]);
  });

  it("says an individual's licence needs a citizen ID number when given a USCC, even a mistyped one", () => {
    expect(parseHolderCode("91350100M000100Y43", { now, expect: "111" })).toMatchObject({
      ok: false,
      errors: [
        {
          code: "REG_HOLDER_CODE_TYPE_MISMATCH",
          message: expect.stringContaining("needs a citizen ID number"),
        },
      ],
    });
    expect(codes(parseHolderCode("91350100M000100Y44", { now, expect: "111" }))).toEqual([
      "REG_HOLDER_CODE_TYPE_MISMATCH",
    ]);
  });

  it("returns the expected kind's own problems when the input is not the other kind", () => {
    expect(codes(parseHolderCode("91350100M000100Y44", { now, expect: "001" }))).toEqual([
      "REG_USCC_CHECK_MISMATCH",
    ]);
    expect(codes(parseHolderCode("110105194902300028", { now, expect: "111" }))).toContain(
      "REG_ID_IMPOSSIBLE_DATE",
    );
  });

  it("reads a code valid as both kinds as an ID number unless told otherwise", () => {
    // An all-digit code valid both ways (about 1 ID number in 341): search the sequence numbers of one birthday.
    let both: string | undefined;
    for (let n = 0; n < 100_000 && both === undefined; n++) {
      const digits = String(n).padStart(5, "0");
      const first17 = `11${digits.slice(0, 2)}0519491231${digits.slice(2)}`;
      const id = first17 + computeIdNumberCheck(first17);
      if (isValidIdNumber(id, now) && isValidCreditCode(id)) both = id;
    }
    expect(both).toBeDefined();
    expect(parseHolderCode(both, { now })).toMatchObject({ ok: true, value: { codeType: "111" } });
    expect(parseHolderCode(both, { now, expect: "001" })).toMatchObject({
      ok: true,
      value: { codeType: "001" },
    });
  });

  it("reports unrecognisable input, and passes on normalisation problems", () => {
    expect(codes(parseHolderCode("ABC-123", { now }))).toEqual(["REG_HOLDER_CODE_UNRECOGNISED"]);
    expect(codes(parseHolderCode("4.41521199001011E17", { now }))).toEqual(["REG_ID_FLOAT_PRECISION_LOST"]);
    expect(codes(parseHolderCode("", { now }))).toEqual(["REG_ID_EMPTY"]);
  });

  it("gives the likely kind's problems without `expect`", () => {
    expect(codes(parseHolderCode("110105194912310021", { now }))).toEqual(["REG_ID_CHECK_MISMATCH"]);
    expect(codes(parseHolderCode("91350100M000100Y44", { now }))).toEqual(["REG_USCC_CHECK_MISMATCH"]);
    expect(codes(parseHolderCode("1101051949123100", { now }))).toEqual(["REG_ID_WRONG_LENGTH"]);
  });
});
