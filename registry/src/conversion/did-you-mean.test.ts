// Did-you-mean for enumerations: the allowed value a register cell was meant to be, by the characters they share.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../catalogue/index.js";
import { editDistance, enumSuggestion, nearestAllowed } from "./did-you-mean.js";

const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates");

const CATEGORIES = ["食品销售经营者", "餐饮服务经营者", "单位食堂"];

describe("nearestAllowed", () => {
  it.each([
    ["餐饮服务", "餐饮服务经营者"],
    ["餐饮店", "餐饮服务经营者"],
    ["餐饮服务经营", "餐饮服务经营者"],
    ["食品销售者", "食品销售经营者"],
    ["食堂", "单位食堂"],
    ["单位 食堂", "单位食堂"],
    ["餐饮服务经营着", "餐饮服务经营者"],
  ])("%s → %s", (value, expected) => {
    expect(nearestAllowed(value, CATEGORIES)).toBe(expected);
  });

  it("offers nothing when nothing is close or two values are equally close", () => {
    expect(nearestAllowed("小卖部", CATEGORIES)).toBeUndefined();
    expect(nearestAllowed("经营者", CATEGORIES)).toBeUndefined();
    expect(nearestAllowed("", CATEGORIES)).toBeUndefined();
  });

  it("folds full-width forms and case", () => {
    expect(nearestAllowed("ＡＢＣ", ["abc", "xyz"])).toBe("abc");
    expect(nearestAllowed("男性", ["男", "女"])).toBe("男");
  });

  it("counts Chinese characters one edit each", () => {
    expect(editDistance("餐饮店", "餐饮服务经营者")).toBe(5);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("enumSuggestion", () => {
  const food = loadCatalogue(TEMPLATES).get("11100000MB0143028R013")!;
  it("reads the refused value at the field path, in a list too", () => {
    const fields = { operatorCategory: "餐饮", operatorCategoryNotes: ["网络经营", "中央厨"] };
    expect(enumSuggestion(food, "fields.operatorCategory", fields)).toBe("餐饮服务经营者");
    expect(enumSuggestion(food, "fields.operatorCategoryNotes[1]", fields)).toBe("中央厨房");
    expect(enumSuggestion(food, "fields.domicile", { domicile: "x" })).toBeUndefined();
  });
});
