// Line-breaking rules for licence values: CJK breaks anywhere, Latin words and numbers stay whole, 禁则 respected.
import { describe, expect, it } from "vitest";
import { breakUnits, fitText, justifyOffsets, textWidth, wrapText } from "./text-layout.js";

// A monospaced stand-in: CJK and full-width punctuation 1 em, everything else 0.5 em.
const mono = { advance: (cp: number) => (cp >= 0x2e80 ? 1 : 0.5) };

describe("breakUnits", () => {
  it("keeps Latin words, numbers, codes and URLs whole and splits CJK per character", () => {
    expect(breakUnits("注册资本500万元 http://www.gsxt.gov.cn 2024-03-15")).toEqual([
      "注",
      "册",
      "资",
      "本",
      "500",
      "万",
      "元",
      " ",
      "http://www.gsxt.gov.cn",
      " ",
      "2024-03-15",
    ]);
  });

  it("glues closing punctuation to the preceding unit and opening punctuation to the following one", () => {
    expect(breakUnits("餐饮（含冷食）；住宿")).toEqual(["餐", "饮", "（含", "冷", "食）；", "住", "宿"]);
  });
});

describe("wrapText", () => {
  it("never starts a line with closing punctuation", () => {
    // 4 em per line: "一二三四，" must not leave "，" at the start of line 2.
    const lines = wrapText(mono, "一二三四，五六", 4 * 10, 10);
    for (const line of lines) expect(line[0]).not.toBe("，");
    expect(lines.join("")).toBe("一二三四，五六");
  });

  it("moves a whole number to the next line instead of splitting it", () => {
    const lines = wrapText(mono, "地址第12345号", 5 * 10, 10);
    expect(lines).toEqual(["地址第", "12345号"]);
  });

  it("breaks a unit wider than the box between characters rather than overflowing", () => {
    const lines = wrapText(mono, "ABCDEFGHIJKLMNOPQRST", 5 * 10, 10);
    expect(lines.every((l) => textWidth(mono, l, 10) <= 50)).toBe(true);
    expect(lines.join("")).toBe("ABCDEFGHIJKLMNOPQRST");
  });

  it("keeps explicit line breaks and drops the space at a break", () => {
    expect(wrapText(mono, "一二 三四\n五", 2 * 10, 10)).toEqual(["一二", "三四", "五"]);
  });
});

describe("fitText", () => {
  const text = "一".repeat(40);

  it("keeps the preferred size when the text fits maxLines", () => {
    const fitted = fitText(mono, text, {
      maxWidth: 200,
      fontSize: 10,
      minFontSize: 6,
      lineHeight: 1.5,
      maxLines: 2,
    });
    expect(fitted).toMatchObject({ fontSize: 10, overflow: false });
    expect(fitted.lines).toHaveLength(2);
  });

  it("shrinks until maxLines holds", () => {
    const fitted = fitText(mono, text, {
      maxWidth: 200,
      fontSize: 10,
      minFontSize: 4,
      lineHeight: 1.5,
      maxLines: 1,
    });
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.fontSize).toBe(5);
    expect(fitted.overflow).toBe(false);
  });

  it("shrinks to respect maxHeight and reports overflow at the floor without dropping text", () => {
    const fitted = fitText(mono, text, {
      maxWidth: 100,
      fontSize: 10,
      minFontSize: 8,
      lineHeight: 1.5,
      maxHeight: 15,
    });
    expect(fitted.fontSize).toBe(8);
    expect(fitted.overflow).toBe(true);
    expect(fitted.lines.join("")).toBe(text);
  });
});

describe("justifyOffsets", () => {
  it("spreads a two-character label so its last character ends at the target width", () => {
    const offsets = justifyOffsets(mono, "名称", 10, 50);
    expect(offsets).toEqual([0, 40]);
  });

  it("leaves labels with Latin letters alone", () => {
    expect(justifyOffsets(mono, "ID号", 10, 80)).toEqual([0, 5, 10]);
  });
});
