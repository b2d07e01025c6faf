// Normalisation of raw identifier input: what is repaired silently and what is rejected.
import { describe, expect, it } from "vitest";
import { normaliseIdentifierInput } from "./normalise.js";

describe("normaliseIdentifierInput", () => {
  it.each([
    ["  11010519491231002x ", "11010519491231002X"],
    ["\u3000１１０１０５１９４９１２３１００２Ｘ\u3000", "11010519491231002X"],
    ["\u00A091350100m000100y43\u00A0", "91350100M000100Y43"],
    ["\u200B9135０１００ｍ000100Y43\uFEFF", "91350100M000100Y43"],
    ["1．2．156", "1.2.156"],
  ])("repairs %j", (raw, expected) => {
    expect(normaliseIdentifierInput(raw)).toEqual({ ok: true, value: expected });
  });

  it("keeps inner spaces for the validators to report", () => {
    expect(normaliseIdentifierInput(" 110105 1949 ")).toEqual({ ok: true, value: "110105 1949" });
  });

  it.each([
    "1.10105199003071E+17",
    "4.41521199001011E17",
    "4.41521199001011e+17",
    "１．１０１０５１９９００３０７１Ｅ＋１７",
    "110105199003071000.0",
  ])("rejects the spreadsheet float %j", (raw) => {
    const result = normaliseIdentifierInput(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.code)).toEqual(["REG_ID_FLOAT_PRECISION_LOST"]);
      expect(result.errors[0]?.message).toMatch(/formatted? .*column as text|column as text/);
    }
  });

  it("rejects a JS number, even a safe integer, as a float", () => {
    const result = normaliseIdentifierInput(110105490101001);
    expect(!result.ok && result.errors[0]?.code).toBe("REG_ID_FLOAT_PRECISION_LOST");
  });

  it("leaves dotted identifiers alone when float detection is off", () => {
    expect(normaliseIdentifierInput("1.5", { detectFloats: false })).toEqual({ ok: true, value: "1.5" });
  });

  it("accepts a bigint, which holds every digit", () => {
    expect(normaliseIdentifierInput(440524188001010014n)).toEqual({ ok: true, value: "440524188001010014" });
  });

  it.each([
    [null, "REG_ID_EMPTY"],
    [undefined, "REG_ID_EMPTY"],
    [" \u3000 ", "REG_ID_EMPTY"],
    [{}, "REG_ID_NOT_TEXT"],
    [true, "REG_ID_NOT_TEXT"],
  ])("rejects %j with %s", (raw, code) => {
    const result = normaliseIdentifierInput(raw);
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual([code]);
  });
});

describe("float detection regression", () => {
  it("does not take a credit code of digits, E and digits for a spreadsheet float (92441521817955E978)", async () => {
    const { parseCreditCode } = await import("./credit-code.js");
    expect(parseCreditCode("92441521817955E978").ok).toBe(true);
    expect(normaliseIdentifierInput("1.10105199003071E+17", { what: "ID number" }).ok).toBe(false);
    expect(normaliseIdentifierInput("1.10105199003071E17", { what: "ID number" }).ok).toBe(false);
    expect(normaliseIdentifierInput("1E+17", { what: "ID number" }).ok).toBe(false);
  });
});
