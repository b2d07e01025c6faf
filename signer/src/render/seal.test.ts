// Seal geometry: long department names still fit the upper arc, inside the ring, without overlapping glyphs.
import { describe, expect, it } from "vitest";
import { layoutSealGlyphs } from "./seal.js";

const advance = (ch: string) => ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.55);
const D = 42 * (72 / 25.4);

function arcGlyphs(name: string) {
  const glyphs = layoutSealGlyphs({ departmentName: name, caption: "", diameter: D }, advance);
  expect(glyphs.map((g) => g.char).join("")).toBe(name);
  return glyphs;
}

describe("layoutSealGlyphs", () => {
  it.each([["海丰县教育局"], ["海丰县市场监督管理局"], ["深圳市前海深港现代服务业合作区市场监督管理局"]])(
    "fits %s inside the ring without overlaps",
    (name) => {
      const glyphs = arcGlyphs(name);
      const R = D / 2;
      const innerEdge = R - D * 0.03;
      for (const g of glyphs) {
        // Farthest corner of the glyph box from the centre stays inside the ring's inner edge.
        const half = Math.hypot((g.size * g.hScale) / 2, g.size / 2);
        expect(Math.hypot(g.cx - R, g.cy - R) + half).toBeLessThan(innerEdge + g.size * 0.1);
      }
      for (let i = 1; i < glyphs.length; i++) {
        const a = glyphs[i - 1]!;
        const b = glyphs[i]!;
        expect(Math.hypot(a.cx - b.cx, a.cy - b.cy)).toBeGreaterThanOrEqual(a.size * a.hScale * 0.99);
      }
      // The name reads left to right over the top: first glyph left of centre, last right of it, none below the star.
      expect(glyphs[0]!.cx).toBeLessThan(R);
      expect(glyphs[glyphs.length - 1]!.cx).toBeGreaterThan(R);
    },
  );

  it("shrinks or narrows the glyphs of a long name compared with a short one", () => {
    const short = arcGlyphs("海丰县教育局")[0]!;
    const long = arcGlyphs("深圳市前海深港现代服务业合作区市场监督管理局")[0]!;
    expect(long.size * long.hScale).toBeLessThan(short.size * short.hScale);
  });

  it("puts the seal code along the lower arc, reading left to right", () => {
    const glyphs = layoutSealGlyphs(
      { departmentName: "", caption: "", code: "4415210012345", diameter: D },
      advance,
    );
    expect(glyphs).toHaveLength(13);
    for (const g of glyphs) expect(g.cy).toBeLessThan(D / 2);
    for (let i = 1; i < glyphs.length; i++) expect(glyphs[i]!.cx).toBeGreaterThan(glyphs[i - 1]!.cx);
  });
});
