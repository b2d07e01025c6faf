// The layout template language: placeholders, fallbacks, array separators and optional segments.
import { describe, expect, it } from "vitest";
import { fillTemplate, placeholderKeys } from "./template.js";

const values: Record<string, string | undefined> = { a: "甲", list: "x；y", from: "2024年01月01日" };
const lookup = (key: string, join: string | undefined) => {
  if (key === "list" && join !== undefined) return "x" + join + "y";
  return values[key];
};

describe("templates", () => {
  it("fills placeholders, fallbacks and separators", () => {
    expect(fillTemplate("{from} 至 {to??长期}", lookup)).toBe("2024年01月01日 至 长期");
    expect(fillTemplate("{list|、}", lookup)).toBe("x、y");
  });

  it("drops an optional segment whose value is absent and keeps it when present", () => {
    expect(fillTemplate("{a}[（{missing}）]", lookup)).toBe("甲");
    expect(fillTemplate("{a}[（{a}）]", lookup)).toBe("甲（甲）");
  });

  it("returns undefined when a required placeholder has no value", () => {
    expect(fillTemplate("名称：{missing}", lookup)).toBeUndefined();
  });

  it("lists keys and rejects malformed templates with a message", () => {
    expect(placeholderKeys("{holder.name}[{x|、}]{y??z}")).toEqual(["holder.name", "x", "y"]);
    expect(() => placeholderKeys("{bad key}")).toThrow(/not a placeholder/);
    expect(() => placeholderKeys("{a")).toThrow(/unclosed/);
    expect(() => placeholderKeys("[{a}")).toThrow(/unclosed "\["/);
  });
});
