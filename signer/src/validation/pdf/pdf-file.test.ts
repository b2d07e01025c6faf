// The revision reader on hand-made files: what a forgiving reader would repair is reported, and hostile cross-reference
// data (loops, lies, chains) ends in a reason code rather than a hang or a stack overflow.
import { describe, expect, it } from "vitest";
import { Budget, FormatProblem, resolveLimits } from "../limits.js";
import { PdfFile } from "./pdf-file.js";

/** A PDF of `objects` (bodies of objects 1…n) with a classic xref table; `tweak` edits the text before use. */
function pdf(
  objects: string[],
  trailer = "/Root 1 0 R",
  tweak: (s: string) => string = (s) => s,
): Uint8Array {
  let text = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) text += `${String(o).padStart(10, "0")} 00000 n \n`;
  text += `trailer\n<</Size ${objects.length + 1} ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(tweak(text), "latin1"));
}

function codeOf(bytes: Uint8Array): string {
  try {
    const f = PdfFile.open(bytes, new Budget(resolveLimits({})));
    f.readAll();
    return "ok";
  } catch (e) {
    return e instanceof FormatProblem ? e.code : `not a FormatProblem: ${String(e)}`;
  }
}

const CATALOG = "<</Type /Catalog /Pages 2 0 R>>";
const PAGES = "<</Type /Pages /Kids [] /Count 0>>";

describe("PdfFile", () => {
  it("reads a well-formed file", () => {
    expect(codeOf(pdf([CATALOG, PAGES]))).toBe("ok");
  });

  it("names the usual damage", () => {
    expect(codeOf(new Uint8Array(Buffer.from("hello")))).toBe("VER_PDF_NOT_PDF");
    const whole = pdf([CATALOG, PAGES]);
    expect(codeOf(whole.subarray(0, whole.length - 10))).toBe("VER_PDF_TRUNCATED");
    expect(codeOf(pdf([CATALOG, PAGES], undefined, (s) => `${s}1 0 obj <<>> endobj\n`))).toBe(
      "VER_PDF_TRAILING_DATA",
    );
    expect(codeOf(pdf([CATALOG, PAGES], "/Root 1 0 R /Encrypt 9 0 R"))).toBe("VER_PDF_ENCRYPTED");
    expect(codeOf(pdf([CATALOG, PAGES], "/Info 1 0 R"))).toBe("VER_PDF_XREF_BROKEN");
  });

  it("refuses cross-reference data that lies or loops", () => {
    // The xref says object 2 is where object 1 is.
    const lying = pdf([CATALOG, PAGES], undefined, (s) =>
      s.replace(/(\n0000000009 00000 n \n)\d{10}/, "$10000000009"),
    );
    expect(codeOf(lying)).toBe("VER_PDF_XREF_BROKEN");
    // /Prev pointing at the section itself.
    const base = pdf([CATALOG, PAGES]);
    const xref = Number(/startxref\n(\d+)/.exec(Buffer.from(base).toString("latin1"))?.[1]);
    const looping = pdf([CATALOG, PAGES], `/Root 1 0 R /Prev ${xref}`);
    expect(codeOf(looping)).toBe("VER_PDF_XREF_BROKEN");
    // A subsection claiming more entries than the file could hold.
    expect(codeOf(pdf([CATALOG, PAGES], undefined, (s) => s.replace("xref\n0 3", "xref\n0 99999999")))).toBe(
      "VER_PDF_XREF_BROKEN",
    );
  });

  it("does not follow a /Length that is itself a stream (no unbounded recursion through 10 000 streams)", () => {
    const n = 10_000;
    const streams = Array.from({ length: n }, (_, i) => `<</Length ${i + 4} 0 R>>\nstream\nx\nendstream`);
    const file = pdf([CATALOG, PAGES, ...streams]);
    expect(codeOf(file)).toBe("VER_PDF_OBJECT_BROKEN");
  });
});
