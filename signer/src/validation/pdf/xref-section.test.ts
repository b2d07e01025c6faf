// Cross-reference tables must be the exact ISO 32000 form: poppler and MuPDF reject anything else and rebuild the
// xref by scanning, which is how issue 9's glued table showed objects our reader never looked at.
import { describe, expect, it } from "vitest";
import { Budget, FormatProblem, resolveLimits } from "../limits.js";
import { deflateSync } from "node:zlib";
import { readTable, readXrefStream } from "./xref-section.js";

/** A table section (from just past "xref") of the given raw entry lines and its trailer. */
function table(body: string): Uint8Array {
  return new Uint8Array(Buffer.from(`xref${body}trailer\n<</Size 3 /Root 1 0 R>>\n`, "latin1"));
}

function read(body: string): string {
  try {
    const t = readTable(table(body), 4, new Budget(resolveLimits({})));
    return [...t.entries].map(([n, e]) => `${n}:${e.kind}`).join(",");
  } catch (e) {
    return e instanceof FormatProblem ? e.code : String(e);
  }
}

const E0 = "0000000000 65535 f";
const E1 = "0000000017 00000 n";
const E2 = "0000000081 00000 n";

describe("readTable", () => {
  it("accepts the three two-byte end-of-lines of ISO 32000 (SP CR, SP LF, CR LF)", () => {
    for (const eol of [" \r", " \n", "\r\n"])
      expect(read(`\n0 3\n${E0}${eol}${E1}${eol}${E2}${eol}`), JSON.stringify(eol)).toBe(
        "0:free,1:offset,2:offset",
      );
  });

  it("rejects entries run together, one-byte end-of-lines and padded entries: VER_PDF_XREF_ENTRY_MALFORMED", () => {
    for (const body of [
      `\n0 3\n${E0}${E1}${E2}\n`, // glued (issue 9)
      `\n0 3\n${E0}\n${E1}\n${E2}\n`, // LF only: 19-byte entries
      `\n0 3\n${E0}  \n${E1}  \n${E2}  \n`, // 21 bytes
      `\n0 3\n${E0} \n000000017 00000 n  \n${E2} \n`, // a 9-digit offset
      `\n0 3\n${E0} \n${E1.replace(" n", " x")} \n${E2} \n`, // neither n nor f
      `0 3\n${E0} \n${E1} \n${E2} \n`, // "xref" not on a line of its own
      `\n0 3 ${E0} \n${E1} \n${E2} \n`, // subsection header not on its own line
    ])
      expect(read(body), JSON.stringify(body)).toBe("VER_PDF_XREF_ENTRY_MALFORMED");
  });

  it("allows blank lines between subsections and before the trailer, as pdf-lib writes them", () => {
    expect(read(`\n0 1\n${E0} \n\n1 2\n${E1} \n${E2} \n\n`)).toBe("0:free,1:offset,2:offset");
  });
});

/** An xref stream object listing objects 0 (free) and 1 (at offset 9) with the given field widths. */
function xrefStream(w: [number, number, number]): Uint8Array {
  const field = (v: number, n: number) =>
    // Big-endian; values here are below 256, so every byte but the last is 0 (JS shifts wrap past 31 bits).
    Buffer.from(Array.from({ length: n }, (_, k) => (k === n - 1 ? v : 0)));
  const rows = Buffer.concat([
    field(0, w[0]),
    field(0, w[1]),
    field(255, w[2]),
    field(1, w[0]),
    field(9, w[1]),
    field(0, w[2]),
  ]);
  const data = deflateSync(rows);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from(
        `2 0 obj\n<</Type /XRef /Size 2 /W [${w.join(" ")}] /Root 1 0 R /Filter /FlateDecode /Length ${data.length}>>\nstream\n`,
      ),
      data,
      Buffer.from("\nendstream\nendobj\n"),
    ]),
  );
}

function readStream(w: [number, number, number]): string {
  try {
    const t = readXrefStream(xrefStream(w), 0, new Budget(resolveLimits({})));
    return [...t.entries].map(([n, e]) => `${n}:${e.kind}`).join(",");
  } catch (e) {
    return e instanceof FormatProblem ? e.code : String(e);
  }
}

describe("readXrefStream", () => {
  it("reads type fields of up to 4 bytes, and refuses wider ones (poppler cannot read them and rebuilds)", () => {
    expect(readStream([1, 4, 2])).toBe("0:free,1:offset");
    expect(readStream([4, 8, 8])).toBe("0:free,1:offset");
    for (const w0 of [5, 8]) expect(readStream([w0, 4, 2]), String(w0)).toBe("VER_PDF_XREF_BROKEN");
  });
});
