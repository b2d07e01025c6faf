// The validating PDF parser on the inputs hostile files use: deep nesting, duplicate keys, broken strings, references.
import { describe, expect, it } from "vitest";
import { Budget, FormatProblem, resolveLimits } from "../limits.js";
import { PDict, PName, PReal, PRef, PStream, type PString } from "./objects.js";
import { PdfParser } from "./parser.js";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const parse = (s: string) => new PdfParser(bytes(s), 0, new Budget(resolveLimits({}))).parseValue();
function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof FormatProblem ? e.code : `not a FormatProblem: ${String(e)}`;
  }
  return undefined;
}

describe("PdfParser", () => {
  it("reads the value kinds with their positions", () => {
    const d = parse("<< /A 1 /B -2.5 /C (x\\)y) /D <48 69> /E 12 0 R /F [true null /N#20m] >>") as PDict;
    expect(d).toBeInstanceOf(PDict);
    expect(d.get("A")).toBe(1);
    expect(d.get("B")).toEqual(new PReal(-2.5));
    expect(Buffer.from((d.get("C") as PString).bytes).toString("latin1")).toBe("x)y");
    const hex = d.get("D") as PString;
    expect([hex.hex, Buffer.from(hex.bytes).toString("latin1"), hex.start, hex.end]).toEqual([
      true,
      "Hi",
      29,
      36,
    ]);
    expect(d.get("E")).toEqual(new PRef(12, 0));
    expect(d.get("F")).toEqual([true, null, new PName("N m")]);
  });

  it("does not take two numbers for a reference without R", () => {
    expect(parse("[1 2 3]")).toEqual([1, 2, 3]);
    expect(parse("[1 0 R 2]")).toEqual([new PRef(1, 0), 2]);
  });

  it("refuses nesting deeper than the limit, iteratively (no stack overflow at 100 000 levels)", () => {
    expect(codeOf(() => parse("[".repeat(100_000) + "]".repeat(100_000)))).toBe("VER_PDF_NESTING_TOO_DEEP");
    expect(codeOf(() => parse("<</A ".repeat(100_000)))).toBe("VER_PDF_NESTING_TOO_DEEP");
    expect(codeOf(() => parse("[".repeat(64) + "]".repeat(64)))).toBeUndefined();
  });

  it("refuses duplicate keys, unterminated strings and stray tokens", () => {
    expect(codeOf(() => parse("<< /A 1 /A 2 >>"))).toBe("VER_PDF_OBJECT_BROKEN");
    expect(codeOf(() => parse("(never closed"))).toBe("VER_PDF_OBJECT_BROKEN");
    expect(codeOf(() => parse("<</A 1"))).toBe("VER_PDF_OBJECT_BROKEN");
    expect(codeOf(() => parse("<48 6Z>"))).toBe("VER_PDF_OBJECT_BROKEN");
    expect(codeOf(() => parse("[1 2 obj]"))).toBe("VER_PDF_OBJECT_BROKEN");
    expect(codeOf(() => parse("0 0 R"))).toBe("VER_PDF_OBJECT_BROKEN");
  });

  it("reads an indirect stream by its /Length and insists on endstream there", () => {
    const p = (s: string) => new PdfParser(bytes(s), 0, new Budget(resolveLimits({}))).parseIndirect(() => 5);
    const obj = p("7 0 obj\n<< /Length 5 >>\nstream\nhello\nendstream\nendobj\n");
    expect(obj.num).toBe(7);
    expect(obj.value).toBeInstanceOf(PStream);
    expect((obj.value as PStream).dataEnd - (obj.value as PStream).dataStart).toBe(5);
    expect(codeOf(() => p("7 0 obj\n<< /Length 3 >>\nstream\nhello\nendstream\nendobj\n"))).toBe(
      "VER_PDF_OBJECT_BROKEN",
    );
    expect(
      codeOf(() => p("7 0 obj\n<< /Length 9 0 R >>\nstream\nhello\nendstream\nendobj\n")),
    ).toBeUndefined();
  });
});
