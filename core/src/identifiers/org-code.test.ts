// GB 11714 organisation code check, against published examples.
import { describe, expect, it } from "vitest";
import { computeOrgCodeCheck, isValidOrgCode } from "./org-code.js";

describe("GB 11714 organisation code", () => {
  it.each([
    ["D2143569", "X"], // GB 11714 example, check value 10 → X
    ["00001333", "8"], // inside 11100000000013338W
    ["01354454", "1"], // inside 11220000013544541J
    ["M000100Y", "4"], // inside the GB 32100 example 91350100M000100Y43
  ])("%s → %s", (body, check) => {
    expect(computeOrgCodeCheck(body)).toBe(check);
    expect(isValidOrgCode(body + check)).toBe(true);
  });

  it("maps 11 to 0 and reads letters as 10-35", () => {
    expect(computeOrgCodeCheck("00000000")).toBe("0"); // sum 0 → 11 - 0 = 11 → "0"
    expect(computeOrgCodeCheck("10000001")).toBe("6"); // 3 + 2 = 5 → 11 - 5
    expect(computeOrgCodeCheck("0000000Z")).toBe("7"); // Z = 35, 35 * 2 = 70, 70 mod 11 = 4 → 11 - 4
    expect(computeOrgCodeCheck("0000000A")).toBe("2"); // A = 10, 10 * 2 = 20, 20 mod 11 = 9 → 11 - 9
  });

  it("rejects a wrong check and bad input", () => {
    expect(isValidOrgCode("D21435690")).toBe(false);
    expect(isValidOrgCode("D2143569")).toBe(false);
    expect(() => computeOrgCodeCheck("D214356")).toThrow(RangeError);
    expect(() => computeOrgCodeCheck("d2143569")).toThrow(RangeError);
  });
});
