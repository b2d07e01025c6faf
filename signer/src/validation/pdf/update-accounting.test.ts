// Accounting for every byte of an update on hand-made files: genuine shapes pass (CR LF line ends, an xref stream
// that does not list itself, a freed object), and each unexplained thing is named.
import { describe, expect, it } from "vitest";
import { Budget, resolveLimits } from "../limits.js";
import { PdfFile } from "./pdf-file.js";
import { accountForUpdate } from "./update-accounting.js";

const BASE =
  "%PDF-1.7\n1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n";

/** BASE as revision 1, then an update built by `update(offsetOfUpdateStart)` → [text, xref offset within text]. */
function file(update: (start: number) => string): Uint8Array {
  let text = BASE;
  const xref = text.length;
  text += "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n";
  text += `trailer\n<</Size 3 /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  text += update(text.length);
  return new Uint8Array(Buffer.from(text, "latin1"));
}

function account(bytes: Uint8Array): string {
  const budget = new Budget(resolveLimits({}));
  return accountForUpdate(PdfFile.open(bytes, budget), 1, budget)?.code ?? "accounted";
}

const pad = (n: number) => String(n).padStart(10, "0");

/** One object (3 0) then a table listing `listedAt` (default: where it is), `between` before the table. */
function tableUpdate(o: { eol?: string; between?: string; listedAt?: (at: number) => number } = {}) {
  const eol = o.eol ?? "\n";
  return file((start) => {
    const obj = `3 0 obj${eol}<</Forged false>>${eol}endobj${eol}`;
    const between = o.between ?? "";
    const xref = start + obj.length + between.length;
    const at = o.listedAt ? o.listedAt(start) : start;
    return (
      `${obj}${between}xref${eol}3 1${eol}${pad(at)} 00000 n\r\n` +
      `trailer${eol}<</Size 4 /Root 1 0 R /Prev ${BASE.length}>>${eol}startxref${eol}${xref}${eol}%%EOF${eol}`
    );
  });
}

describe("accountForUpdate", () => {
  it("accounts for a genuine table update, with LF or CR LF line ends", () => {
    expect(account(tableUpdate())).toBe("accounted");
    expect(account(tableUpdate({ eol: "\r\n" }))).toBe("accounted");
  });

  it("accounts for an xref stream update that does not list itself", () => {
    const bytes = file((start) => {
      const obj = "3 0 obj\n<<>>\nendobj\n";
      const row = Buffer.from([1, 0, 0, 0, 0, 0, 0]);
      row.writeUInt32BE(start, 1);
      const data = row.toString("latin1");
      const xs =
        `4 0 obj\n<</Type /XRef /Size 5 /W [1 4 2] /Index [3 1] /Root 1 0 R /Prev ${BASE.length}` +
        ` /Length ${data.length}>>\nstream\n${data}\nendstream\nendobj\n`;
      return `${obj}${xs}startxref\n${start + obj.length}\n%%EOF\n`;
    });
    expect(account(bytes)).toBe("accounted");
  });

  it("names what is not accounted for", () => {
    expect(account(tableUpdate({ between: "4 0 obj\n<<>>\nendobj\n" }))).toBe(
      "VER_PDF_UPDATE_OBJECT_UNLISTED",
    );
    expect(account(tableUpdate({ between: "%%EOF\n" }))).toBe("VER_PDF_UPDATE_EXTRA_TRAILER");
    expect(account(tableUpdate({ between: "% a note\n" }))).toBe("VER_PDF_UPDATE_COMMENT");
    expect(account(tableUpdate({ between: "% <svg onload=alert(1)>\n" }))).toBe("VER_PDF_UPDATE_MARKUP");
    expect(account(tableUpdate({ between: "(stray)\n" }))).toBe("VER_PDF_UPDATE_JUNK");
    expect(account(tableUpdate({ listedAt: () => 9 }))).toBe("VER_PDF_UPDATE_OFFSET_MISMATCH");
    // Listed two bytes off: the object where it really starts is then one the table does not list.
    expect(account(tableUpdate({ listedAt: (s) => s + 2 }))).toBe("VER_PDF_UPDATE_OBJECT_UNLISTED");
  });
});
