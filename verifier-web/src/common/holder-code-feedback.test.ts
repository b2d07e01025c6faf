import { describe, expect, it } from "vitest";
import { computeIdNumberCheck } from "@elicence/core";
import { holderCodeFeedback } from "./holder-code-feedback.js";

const now = new Date("2026-11-29T02:00:00Z");
const USCC = "91441521MA55C7TBXR";
const ID17 = "11010519900101123";
const ID = ID17 + computeIdNumberCheck(ID17);

describe("holderCodeFeedback", () => {
  it("says nothing for an empty field, and counts characters while the code is incomplete", () => {
    expect(holderCodeFeedback("   ", now)).toEqual({ state: "empty" });
    const partial = holderCodeFeedback("9144 1521", now);
    expect(partial).toMatchObject({ state: "incomplete", typed: 8 });
    expect(partial.state === "incomplete" && partial.message.zh).toBe("已输入 8 位，共 18 位");
    expect(holderCodeFeedback(ID17, now)).toMatchObject({ state: "incomplete", typed: 17 });
  });

  it("accepts valid codes of both kinds, normalised (full-width, lower case, spaces at the edges)", () => {
    expect(holderCodeFeedback(USCC, now)).toMatchObject({ state: "valid", code: USCC, kind: "001" });
    expect(holderCodeFeedback(" ９１４４１５２１ma55c7tbxr ", now)).toMatchObject({
      state: "valid",
      code: USCC,
    });
    expect(holderCodeFeedback(ID, now)).toMatchObject({ state: "valid", code: ID, kind: "111" });
  });

  it("reads a valid 15-digit first-generation ID number as its 18-character form", () => {
    const f = holderCodeFeedback("110105900101123", now);
    // 110105 900101 123 → 110105 19900101 123 + check: the ID above.
    expect(f).toMatchObject({ state: "valid", kind: "111", code: ID });
    expect(f.state === "valid" && f.message.zh).toBe(`有效的15位旧身份证号码，已换算为18位：${ID}`);
  });

  it("names a wrong check character and offers the one code a swap of neighbours explains", () => {
    const swapped = holderCodeFeedback("91441521MA55C7BTXR", now);
    expect(swapped).toMatchObject({
      state: "invalid",
      errorCode: "REG_USCC_CHECK_MISMATCH",
      checkCharacter: true,
      suggestions: [USCC],
    });
    const wrongCheck = ID17 + (ID.endsWith("0") ? "1" : "0");
    expect(holderCodeFeedback(wrongCheck, now)).toMatchObject({
      state: "invalid",
      errorCode: "REG_ID_CHECK_MISMATCH",
      checkCharacter: true,
    });
  });

  it("flags an impossible character at once, before the code is complete", () => {
    expect(holderCodeFeedback("9144O", now)).toMatchObject({
      state: "invalid",
      errorCode: "REG_USCC_FORBIDDEN_LETTER",
      checkCharacter: false,
    });
    expect(holderCodeFeedback("9144-1", now)).toMatchObject({
      state: "invalid",
      errorCode: "REG_USCC_WRONG_CHARACTERS",
    });
  });

  it("says a too-long code is wrong rather than incomplete", () => {
    expect(holderCodeFeedback(`${USCC}1`, now)).toMatchObject({ state: "invalid" });
  });
});
