import { describe, expect, it } from "vitest";
import {
  formatShareCode,
  hashShareCode,
  newShareCode,
  normaliseShareCode,
  SHARE_CODE_ALPHABET,
  SHARE_CODE_LENGTH,
} from "./share-code.js";

describe("share codes", () => {
  it("are 10 characters of a 32-letter alphabet without I, L, O or U: 50 bits", () => {
    expect(SHARE_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(SHARE_CODE_ALPHABET).size).toBe(32);
    expect(SHARE_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    expect(SHARE_CODE_LENGTH * Math.log2(SHARE_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    const codes = Array.from({ length: 200 }, newShareCode);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol turns up: the draw is not stuck on part of the alphabet.
    expect(new Set(codes.join("")).size).toBe(32);
  });

  it("are read back forgivingly: case, spaces, hyphens, O for 0, I and L for 1", () => {
    expect(formatShareCode("7KQ2MX9D4T")).toBe("7KQ2M-X9D4T");
    expect(normaliseShareCode("7kq2m-x9d4t")).toBe("7KQ2MX9D4T");
    expect(normaliseShareCode(" 7KQ2M X9D4T ")).toBe("7KQ2MX9D4T");
    expect(normaliseShareCode("O1ILO-ABCDE")).toBe("01110ABCDE");
    expect(normaliseShareCode("7KQ2M-X9D4")).toBeNull();
    expect(normaliseShareCode("7KQ2M-X9D4TT")).toBeNull();
    expect(normaliseShareCode("7KQ2M-X9D4U")).toBeNull();
    expect(normaliseShareCode("7KQ2M-X9D4!")).toBeNull();
  });

  it("are stored as a scrypt hash salted with the holder code", async () => {
    const a = await hashShareCode("7KQ2MX9D4T", "110105199001011237");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashShareCode("7KQ2MX9D4T", "110105199001011237")).toBe(a);
    expect(await hashShareCode("7KQ2MX9D4T", "91441521MA55C7TBXR")).not.toBe(a);
    expect(await hashShareCode("7KQ2MX9D4V", "110105199001011237")).not.toBe(a);
  });
});
