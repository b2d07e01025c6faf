import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "./json-body.js";

describe("jsonDepthExceeds", () => {
  it("counts nested arrays and objects against the limit", () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds("[".repeat(10_000), 64)).toBe(true);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    const text = JSON.stringify({ s: '[[[[{{{{\\"[[[[' + "[".repeat(100) });
    expect(jsonDepthExceeds(text, 1)).toBe(false);
  });

  it("counts siblings once: depth, not the number of containers", () => {
    expect(jsonDepthExceeds(JSON.stringify(Array.from({ length: 1000 }, () => ({ a: [1] }))), 3)).toBe(false);
  });
});
