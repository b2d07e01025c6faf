// Register cells to licence values: the date forms ledgers use, list splitting that respects brackets, numbers and
// the spreadsheet tricks for keeping long numbers as text.
import { describe, expect, it } from "vitest";
import {
  cleanCell,
  fieldValue,
  looksLikeFloat,
  normalisePaperNumber,
  parseDateCell,
  splitList,
} from "./cell-values.js";

describe("parseDateCell", () => {
  it.each([
    ["2019-03-12", "2019-03-12"],
    ["2019/3/12", "2019-03-12"],
    ["2019.3.12", "2019-03-12"],
    ["2019年3月12日", "2019-03-12"],
    ["２０１９年３月１２日", "2019-03-12"],
    ["20190312", "2019-03-12"],
    ["2019-03-12 00:00:00", "2019-03-12"],
    ["43536", "2019-03-12"],
    ["43536.0", "2019-03-12"],
    ["2020-02-29", "2020-02-29"],
  ])("reads %s as %s", (text, date) => {
    expect(parseDateCell(text)).toEqual({ ok: true, date });
  });

  it.each([
    ["2019-02-30", /not a real calendar date/],
    ["2019-13-01", /not a real calendar date/],
    ["03/04/2019", /could be read two ways/],
    ["12-03-19", /could be read two ways/],
    ["明年", /not a date/],
    ["12345", /not a date/],
  ])("refuses %s with a reason", (text, reason) => {
    const r = parseDateCell(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it("reads 长期 as long-term only where allowed", () => {
    expect(parseDateCell("长期", true)).toEqual({ ok: true, longTerm: true });
    expect(parseDateCell("长期").ok).toBe(false);
  });
});

describe("splitList", () => {
  it("splits at Chinese and ASCII separators but not inside brackets", () => {
    expect(
      splitList("散装食品（含冷藏冷冻食品、含熟食）销售、热食类食品制售，冷食类食品制售；自制饮品制售\n糕点"),
    ).toEqual([
      "散装食品（含冷藏冷冻食品、含熟食）销售",
      "热食类食品制售",
      "冷食类食品制售",
      "自制饮品制售",
      "糕点",
    ]);
    expect(splitList(" 、 ,")).toEqual([]);
  });
});

describe("cell cleaning", () => {
  it("trims ordinary, full-width and zero-width spaces and undoes text-keeping tricks", () => {
    expect(cleanCell("  海丰县\u3000 ")).toBe("海丰县");
    expect(cleanCell('="441521199001011237"')).toBe("441521199001011237");
    expect(cleanCell("'441521199001011237")).toBe("441521199001011237");
    expect(cleanCell("\uFEFF91441521MA55C7TBXR\u200B")).toBe("91441521MA55C7TBXR");
    expect(cleanCell(undefined)).toBe("");
  });

  it("recognises a float and normalises paper numbers", () => {
    expect(looksLikeFloat("4.41521E+11")).toBe(true);
    expect(looksLikeFloat("２.４４Ｅ＋１３")).toBe(true);
    expect(looksLikeFloat("JY24415210001236")).toBe(false);
    expect(normalisePaperNumber(" ｊｙ2441521 0001236 ")).toBe("JY24415210001236");
  });

  it("types values by the field's schema, leaving the unreadable for validation to name", () => {
    expect(fieldValue("1,200", { title: "座位", type: "integer" })).toBe(1200);
    expect(fieldValue("十二", { title: "座位", type: "integer" })).toBe("十二");
    expect(fieldValue("是", { title: "网络经营", type: "boolean" })).toBe(true);
    expect(fieldValue("2019年3月12日", { title: "成立日期", type: "string", format: "date" })).toBe(
      "2019-03-12",
    );
    expect(fieldValue("１２３１５", { title: "电话", type: "string", pattern: "^[0-9]+$" })).toBe("12315");
    expect(fieldValue("a、b", { title: "项目", type: "array", items: { type: "string" } })).toEqual([
      "a",
      "b",
    ]);
  });
});
