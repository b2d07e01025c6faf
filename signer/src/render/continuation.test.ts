// Splitting a value at a line budget: the head's lines fit, the last ends with the mark, and head + rest give back
// every non-space character of the value, in order.
import { describe, expect, it } from "vitest";
import { CONTINUED_MARK, splitForContinuation } from "./continuation.js";
import { textWidth } from "./text-layout.js";
import type { MeasuringFont } from "./text-layout.js";

/** Ideographs and full-width marks 1 em, everything else half. */
const font: MeasuringFont = { advance: (cp) => (cp >= 0x2e80 ? 1 : 0.5) };
const compact = (s: string) => s.replace(/\s+/gu, "");

describe("splitForContinuation", () => {
  it("keeps what fits in the budget, ends it with the mark, and returns the rest", () => {
    const text = "海丰县城镇二环路南侧金碧花园商住楼".repeat(5);
    const { head, rest } = splitForContinuation(font, text, 100, 10, 3);
    expect(head).toHaveLength(3);
    for (const line of head) expect(textWidth(font, line, 10)).toBeLessThanOrEqual(100);
    expect(head[2]?.endsWith(CONTINUED_MARK)).toBe(true);
    expect(compact(head.join("").replace(CONTINUED_MARK, "") + rest)).toBe(compact(text));
    expect(rest.length).toBeGreaterThan(0);
  });

  it("gives back every character across spaces, Latin words and line breaks", () => {
    const text = "一般项目：ISO9001 咨询\n\nwww.example.com.cn 运营；  20 英尺\n集装箱堆存".repeat(4);
    for (const lines of [1, 2, 5]) {
      const { head, rest } = splitForContinuation(font, text, 80, 10, lines);
      expect(head.length).toBeLessThanOrEqual(lines);
      expect(compact(head.join("").replace(CONTINUED_MARK, "") + rest)).toBe(compact(text));
    }
  });

  it("returns the value whole, without a mark, when it fits", () => {
    expect(splitForContinuation(font, "海丰县", 100, 10, 2)).toEqual({ head: ["海丰县"], rest: "" });
  });
});
