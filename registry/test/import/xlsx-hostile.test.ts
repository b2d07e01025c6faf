// Hostile workbooks are refused while they stream, each with its named code, and leave no scratch file behind
// (issue 11): ZIP bombs with their size declared or hidden, a part or the whole past its inflated limit, a string or
// row longer than any spreadsheet's, too many shared strings, cells beyond the sheet. Memory is not asserted here
// (npm run bench -- memory measures it); what is asserted is the code, and that reading stops.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ImportError } from "../../src/conversion/import-error.js";
import type { ImportCode } from "../../src/conversion/import-codes.js";
import { xlsxRows } from "../../src/conversion/xlsx-rows.js";
import { DEFAULT_LIMITS, EXCEL_LIMITS } from "../../src/limits.js";
import type { XlsxLimits } from "../../src/conversion/xlsx-package.js";
import { hostile, writeHostileZip, type HostilePart } from "./hostile-xlsx.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 1 << 20;

/** Reads every row of the workbook made of `parts`; returns the code it was refused with, the scratch left. */
async function refusal(
  name: string,
  parts: HostilePart[],
  limits: Partial<XlsxLimits> = {},
): Promise<{ code: ImportCode | null; message: string; scratch: string[]; rows: number }> {
  const file = path.join(dir, `${name}.xlsx`);
  await writeHostileZip(file, parts);
  const tmpDir = mkdtempSync(path.join(dir, `${name}-tmp-`));
  let rows = 0;
  try {
    for await (const _ of xlsxRows(file, { tmpDir, limits: { ...DEFAULT_LIMITS, ...limits } })) rows++;
    return { code: null, message: "", scratch: readdirSync(tmpDir), rows };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { code: e.code, message: e.message, scratch: readdirSync(tmpDir), rows };
  }
}

describe("hostile XLSX", () => {
  it("a ZIP bomb declaring its size is refused before anything is inflated", async () => {
    const r = await refusal("bomb-declared", hostile.bomb(64 * MiB));
    expect(r).toMatchObject({ code: "REG_IMPORT_XLSX_COMPRESSION_RATIO", scratch: [], rows: 0 });
    expect(r.message).toMatch(/xl\/worksheets\/sheet1\.xml inflates more than 100 times/u);
  });

  it("a ZIP bomb hiding its size is stopped by the running count of inflated bytes", async () => {
    const r = await refusal("bomb-hidden", hostile.bomb(256 * MiB, true));
    expect(r).toMatchObject({ code: "REG_IMPORT_XLSX_COMPRESSION_RATIO", scratch: [], rows: 0 });
  });

  it("a part over ELICENCE_XLSX_MAX_PART_SIZE: refused from its header, or while inflating when the header lies", async () => {
    const limits = { xlsxPartBytes: MiB };
    const declared = await refusal("large-declared", hostile.large(2 * MiB), limits);
    expect(declared).toMatchObject({ code: "REG_IMPORT_XLSX_PART_TOO_LARGE", scratch: [], rows: 0 });
    expect(declared.message).toMatch(/more than 1 MiB \(ELICENCE_XLSX_MAX_PART_SIZE\)/u);
    const hidden = await refusal("large-hidden", hostile.large(2 * MiB, true), limits);
    expect(hidden).toMatchObject({ code: "REG_IMPORT_XLSX_PART_TOO_LARGE", scratch: [] });
    // Under the limit, the same kind of sheet is read to its end.
    const fits = await refusal("large-fits", hostile.large(MiB / 2), limits);
    expect(fits.code).toBeNull();
    expect(fits.rows).toBeGreaterThan(1000);
  });

  it("the parts together over ELICENCE_XLSX_MAX_INFLATED_SIZE", async () => {
    const r = await refusal("total", hostile.large(2 * MiB, true), { xlsxInflatedBytes: MiB });
    expect(r).toMatchObject({ code: "REG_IMPORT_XLSX_TOO_LARGE", scratch: [] });
  });

  it("a huge inline string is stopped before the parser gathers it; one just over Excel's cell limit is named", async () => {
    const huge = await refusal("inline-huge", hostile.inlineString(2 * MiB, true));
    expect(huge).toMatchObject({ code: "REG_IMPORT_XLSX_STRING_TOO_LONG", scratch: [], rows: 0 });
    expect(huge.message).toMatch(/more than 393,206 characters without markup/u);
    // The same length of one repeated character is a ZIP bomb as well, and refused as one.
    const bomb = await refusal("inline-bomb", hostile.inlineString(50 * MiB));
    expect(bomb).toMatchObject({ code: "REG_IMPORT_XLSX_COMPRESSION_RATIO", scratch: [], rows: 0 });
    const over = await refusal("inline-over", hostile.inlineString(EXCEL_LIMITS.stringChars + 1));
    expect(over).toMatchObject({ code: "REG_IMPORT_XLSX_STRING_TOO_LONG", scratch: [], rows: 0 });
    expect(over.message).toMatch(/cell A1 is 32,768 characters long/u);
    const fits = await refusal("inline-fits", hostile.inlineString(EXCEL_LIMITS.stringChars));
    expect(fits).toMatchObject({ code: null, rows: 1 });
  });

  it("a shared string over Excel's cell limit", async () => {
    const r = await refusal("shared-over", hostile.sharedString(EXCEL_LIMITS.stringChars + 1));
    expect(r).toMatchObject({ code: "REG_IMPORT_XLSX_STRING_TOO_LONG", scratch: [], rows: 0 });
    expect(r.message).toMatch(/shared string 0 is 32,768 characters long/u);
  });

  it("more shared strings than ELICENCE_XLSX_MAX_SHARED_STRINGS, and the spill file removed", async () => {
    const r = await refusal("many-strings", hostile.manyStrings(5000), { xlsxSharedStrings: 4999 });
    expect(r).toMatchObject({ code: "REG_IMPORT_XLSX_TOO_MANY_STRINGS", scratch: [], rows: 0 });
    expect(
      (await refusal("many-fit", hostile.manyStrings(5000), { xlsxSharedStrings: 5000 })).code,
    ).toBeNull();
  });

  it("a row of more XML than any register's", async () => {
    const r = await refusal("wide-row", hostile.wideRow(1_000_000));
    expect(r).toMatchObject({ code: "REG_IMPORT_XLSX_ROW_TOO_LARGE", scratch: [], rows: 0 });
  });

  it("a cell right of column XFD or below row 1,048,576", async () => {
    const right = await refusal("right", hostile.cellAt("ZZZZZZ1"));
    expect(right).toMatchObject({ code: "REG_IMPORT_XLSX_OUT_OF_RANGE", scratch: [], rows: 0 });
    const below = await refusal("below", hostile.cellAt("A2000000"));
    expect(below).toMatchObject({ code: "REG_IMPORT_XLSX_OUT_OF_RANGE", scratch: [], rows: 0 });
    expect((await refusal("last", hostile.cellAt("XFD1048576"))).code).toBeNull();
  });
});
