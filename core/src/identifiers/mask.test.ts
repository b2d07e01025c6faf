// Masking of holder codes and names for display.
import { describe, expect, it } from "vitest";
import { maskCreditCode, maskHolderCode, maskIdNumber, maskName } from "./mask.js";

describe("masking", () => {
  it("hides the birth date and most of the sequence of an ID number", () => {
    expect(maskIdNumber("110105199001011234")).toBe("110105********1234");
    expect(maskIdNumber("110105491231002")).toBe("110105******002");
    expect(maskIdNumber("12345")).toBe("*****");
    expect(maskIdNumber("1101051990")).toBe("******1990");
  });

  it("keeps the first 8 and last 4 of a USCC", () => {
    expect(maskCreditCode("91350100M000100Y43")).toBe("91350100******0Y43");
    expect(maskHolderCode("91350100M000100Y43", "001")).toBe("91350100******0Y43");
    expect(maskHolderCode("110105199001011234", "111")).toBe("110105********1234");
  });

  it.each([
    ["张三", "张*"],
    ["欧阳娜娜", "欧***"],
    ["张", "*"],
    ["𠮷野家", "𠮷**"],
    ["John Smith", "J*********"],
    [" Li ", "L*"],
    ["", ""],
  ])("masks the name %j as %j", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
