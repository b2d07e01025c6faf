// Cell values as exceljs reads them → the text a CSV export of the sheet would hold: IDs stored as numbers keep the
// float form the row reader rejects, date cells become ISO dates, formulas give their cached result.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { looksLikeFloat } from "./cell-values.js";
import { SpilledStrings } from "./spilled-strings.js";
import { FORMULA_ERROR_TEXT, cellText, dateText, numberText } from "./xlsx-cells.js";

const noShared = (i: number) => `shared#${i}`;

describe("numberText", () => {
  it("keeps exact integers and short decimals as a sheet shows them", () => {
    expect(numberText(12315)).toBe("12315");
    expect(numberText(440102750101123)).toBe("440102750101123"); // a 15-digit ID survives as a number
    expect(numberText(0.1 + 0.2)).toBe("0.3");
    expect(numberText(-2.5)).toBe("-2.5");
  });

  it("writes integers of 16 digits or more in the exponent form, which the float checks reject", () => {
    // An 18-digit ID number typed into a General cell: Excel kept 15 significant digits.
    expect(numberText(Number("441521199003071234"))).toBe("4.41521199003071E+17");
    expect(numberText(914415000000000000)).toBe("9.14415E+17");
    expect(numberText(1e15)).toBe("1E+15");
    expect(looksLikeFloat(numberText(Number("441521199003071234")))).toBe(true);
    expect(looksLikeFloat(numberText(440102750101123))).toBe(false);
  });
});

describe("cellText", () => {
  it("reads every kind of cell", () => {
    expect(cellText(null, noShared)).toBe("");
    expect(cellText("海丰县食品商行", noShared)).toBe("海丰县食品商行");
    expect(cellText("第一行_x000D_\n第二行", noShared)).toBe("第一行\r\n第二行");
    expect(cellText(true, noShared)).toBe("TRUE");
    expect(cellText(new Date(Date.UTC(2019, 2, 12)), noShared)).toBe("2019-03-12");
    expect(cellText({ sharedString: 7 }, noShared)).toBe("shared#7");
    expect(
      cellText({ richText: [{ text: "海丰县" }, { font: { bold: true }, text: "红城" }] }, noShared),
    ).toBe("海丰县红城");
    expect(cellText({ text: "链接文字", hyperlink: "https://example.org" }, noShared)).toBe("链接文字");
    expect(cellText({ error: "#N/A" }, noShared)).toBe("#N/A");
  });

  it("gives a formula's cached result, its failure, or the formula when it was never calculated", () => {
    expect(cellText({ formula: 'TEXT(A2,"0")', result: "91441521MA4W5L6B0R" }, noShared)).toBe(
      "91441521MA4W5L6B0R",
    );
    expect(cellText({ formula: "A2*1", result: Number("441521199003071234") }, noShared)).toBe(
      "4.41521199003071E+17",
    );
    expect(cellText({ formula: "DATE(2019,3,12)", result: 43536 }, noShared)).toBe("43536");
    expect(cellText({ formula: "1/0", result: Number.NaN }, noShared)).toBe(FORMULA_ERROR_TEXT);
    expect(cellText({ formula: "B2&C2" }, noShared)).toBe("=B2&C2");
    expect(cellText({ sharedFormula: "A1", result: "x" }, noShared)).toBe("x");
  });

  it("dates with a time keep it; impossible dates count as errors", () => {
    expect(dateText(new Date(Date.UTC(2019, 2, 12, 9, 30)))).toBe("2019-03-12 09:30:00");
    expect(dateText(new Date(Number.NaN))).toBe(FORMULA_ERROR_TEXT);
  });
});

describe("SpilledStrings", () => {
  it("gives back every string by index, across write chunks and the cache, and removes its file on close", () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "spilled-"));
    const table = new SpilledStrings(parent);
    expect(readdirSync(parent)).toHaveLength(1);
    const texts = Array.from(
      { length: 20_000 },
      (_, i) => `广东省汕尾市海丰县人民路${i}号${"铺".repeat(i % 7)}`,
    );
    for (const t of texts) table.push(t);
    expect(table.count).toBe(texts.length);
    for (const i of [0, 1, 4095, 4096, 12_345, 19_999, 3, 19_999]) expect(table.get(i)).toBe(texts[i]);
    expect(table.get(20_000)).toBe("");
    expect(table.get(-1)).toBe("");
    const big = "长".repeat(10_000);
    table.push(big);
    expect(table.get(20_000)).toBe(big);
    table.close();
    expect(readdirSync(parent)).toEqual([]);
    rmSync(parent, { recursive: true });
  });
});
