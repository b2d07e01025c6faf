// The streaming CSV parser: RFC 4180 quoting, every line-end style, and the same records however the text is cut
// into chunks (a chunk may end inside a quoted cell, between CR and LF, or right after a quote).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser } from "./csv-parser.js";

function parse(chunks: string[]): string[][] {
  const p = new CsvParser();
  const rows = chunks.flatMap((c) => p.push(c));
  rows.push(...p.end());
  rows.forEach((r, i) => expect(r.row).toBe(i + 1));
  return rows.map((r) => r.cells);
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

describe("CsvParser", () => {
  it("reads quoted cells, doubled quotes, embedded line breaks and empty cells", () => {
    const text = '序号,经营者名称,住所\r\n1,"海丰县""鸿运来""餐饮",\r\n2,"第一行\r\n第二行","a,b"\r\n,,\r\n';
    expect(parse([text])).toEqual([
      ["序号", "经营者名称", "住所"],
      ["1", '海丰县"鸿运来"餐饮', ""],
      ["2", "第一行\r\n第二行", "a,b"],
      ["", "", ""],
    ]);
  });

  it("accepts LF, CR and CRLF line ends and a last line without one", () => {
    expect(parse(["a,b\nc,d\re,f\r\ng,h"])).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
      ["g", "h"],
    ]);
  });

  it("keeps a blank line as a row so that row numbers match the spreadsheet", () => {
    expect(parse(["title\r\n\r\nx,y\r\n"])).toEqual([["title"], [""], ["x", "y"]]);
  });

  it("keeps stray quotes inside unquoted cells and text after a closing quote", () => {
    expect(parse(['5"3,"ab"c,d\n'])).toEqual([['5"3', "abc", "d"]]);
  });

  it("treats CRLF split across chunks as one line end", () => {
    expect(parse(["a,b\r", "\nc,d\r", "", "\n"])).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("refuses a quoted cell that never ends (REG_IMPORT_CSV_MALFORMED)", () => {
    const p = new CsvParser();
    p.push('a,b\n1,"never closed\n2,3\n');
    expect(() => p.end()).toThrow(
      expect.objectContaining({
        code: "REG_IMPORT_CSV_MALFORMED",
        message: expect.stringContaining("Row 2"),
      }),
    );
  });

  it("stops at a runaway quote instead of reading the whole file into one cell", () => {
    const p = new CsvParser();
    p.push('a,"');
    expect(() => {
      for (let i = 0; i < 20; i++) p.push("x".repeat(100_000));
    }).toThrow(expect.objectContaining({ code: "REG_IMPORT_CSV_MALFORMED" }));
  });

  it("gives the same records for any text cut into any chunks (property)", () => {
    const cell = fc.stringMatching(/^[a-z经营",\r\n ]{0,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom("\r\n", "\n", "\r"),
        fc.array(fc.nat(), { maxLength: 8 }),
        (records, eol, cuts) => {
          // A record of one empty cell is a blank line; its quoted form keeps the comparison exact.
          const text =
            records.map((r) => (r.length === 1 && r[0] === "" ? '""' : r.map(quote).join(","))).join(eol) +
            eol;
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
          expect(parse(chunks)).toEqual(records);
        },
      ),
      { numRuns: 300 },
    );
  });
});
