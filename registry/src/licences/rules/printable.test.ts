// The printable rule: what the licence font cannot draw is refused at entry, field by field, with code points only.
import { describe, expect, it } from "vitest";
import { unprintableProblems } from "./printable.js";

describe("unprintableProblems", () => {
  it("accepts Chinese, ASCII, full-width punctuation, spaces and line breaks", () => {
    expect(
      unprintableProblems("海丰县鸿运来（潮汕）餐饮店 Ltd.", {
        businessScope: "餐饮服务；预包装食品销售（含冷藏冷冻食品）\n第二行\t制表",
        items: ["热食类食品制售", "冷食类"],
        capital: 100,
      }),
    ).toEqual([]);
  });

  it("names each field and the code points it cannot print, never the value", () => {
    const problems = unprintableProblems("海丰县\u{20000}记商行", {
      domicile: "海城镇😀路\u0000号",
      items: ["热食类", "\uD800坏"],
      note: "第一行\u000B第二行",
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ["holder.name", "REG_FIELD_UNPRINTABLE"],
      ["fields.domicile", "REG_FIELD_UNPRINTABLE"],
      ["fields.items", "REG_FIELD_UNPRINTABLE"],
      ["fields.note", "REG_FIELD_UNPRINTABLE"],
    ]);
    expect(problems[0]?.message).toContain("U+20000");
    expect(problems[1]?.message).toMatch(/U\+1F600.*U\+0000/u);
    expect(problems[2]?.message).toContain("U+D800");
    expect(problems[3]?.message).toContain("U+000B");
    for (const p of problems) expect(p.message).not.toMatch(/海城镇|记商行|热食类|第一行/u);
  });
});
