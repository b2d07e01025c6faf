// Rows of an XLSX register, streamed: the first visible worksheet, row by row, each cell turned into the text a CSV
// export would hold (xlsx-cells.ts), so the same row reader checks both formats.
//
// The workbook's parts are found as the packaging spec says (xlsx-package.ts: the ZIP's central directory, then the
// relationships from /_rels/.rels down), so workbooks from openpyxl/pandas (absolute targets), LibreOffice, WPS and
// Excel are read alike, whatever their sheets are called. The parts are parsed with exceljs's streaming readers for
// styles, the workbook, shared strings and one worksheet, each fed a stream of one part, in the order needed:
// nothing is spooled, and only the sheet a person sees first is read.
//
// Memory stays flat: the shared-string table (every distinct text of the workbook) goes to a scratch file
// (spilled-strings.ts) instead of an array; exceljs yields it in "emit" mode as bare { index, text } objects.
//
// And it stays bounded on a hostile workbook (issue 11): the package caps what each part inflates to, in all, and
// its ratio, and the text between tags (xlsx-package.ts); here the number of shared strings, each string's and each
// cell's length and every cell's address are held to what Excel itself can write (limits.ts).
import path from "node:path";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { ImportError } from "./import-error.js";
import type { RowSource, SourceRow } from "./source-row.js";
import { SpilledStrings } from "./spilled-strings.js";
import { cellText, richText } from "./xlsx-cells.js";
import { columnName } from "./column-plan.js";
import {
  METADATA_PART_BYTES,
  PackageError,
  readPackage,
  relsPartOf,
  resolveTarget,
  type PartReading,
  type XlsxLimits,
  type XlsxPackage,
} from "./xlsx-package.js";
import { DEFAULT_LIMITS, EXCEL_LIMITS } from "../limits.js";

export interface XlsxRowsOptions {
  /** Parent of the scratch directory for the shared strings (default: the OS temp directory). */
  tmpDir?: string;
  /** Sizes, ratio and string count a workbook may reach (limits.ts; the defaults unless configured). */
  limits?: XlsxLimits;
}

/** exceljs's refusal of a cell address right of column XFD (utils/col-cache.js). */
const COLUMN_OUT_OF_RANGE = /Excel supports columns from 1 to 16384|Invalid column letter/u;

const outOfRange = (file: string, what: string) =>
  new ImportError(
    "REG_IMPORT_XLSX_OUT_OF_RANGE",
    `${path.basename(file)}: ${what}, beyond the end of an Excel sheet; open the workbook in Excel or WPS and save it again.`,
  );

const chars = (n: number) => n.toLocaleString("en-US");

function tooLong(file: string, where: string, length: number): ImportError {
  return new ImportError(
    "REG_IMPORT_XLSX_STRING_TOO_LONG",
    `${path.basename(file)}: ${where} is ${chars(length)} characters long, more than Excel holds in a cell (${chars(EXCEL_LIMITS.stringChars)}); shorten it, or open the workbook in Excel or WPS and save it again.`,
  );
}

/** The parts of exceljs's streaming reader used here that its typings do not declare. */
interface SheetReader extends AsyncIterable<SheetRow> {
  id: number | string;
  name?: string;
  state?: string;
}
interface SheetRow {
  number: number;
  values: unknown[];
}
interface Relationship {
  Id: string;
  Type: string;
  Target: string;
  TargetMode?: string;
}
interface ReaderInternals {
  model?: { sheets?: { id: number; name: string; state?: string; rId?: string }[] };
  workbookRels?: Relationship[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

function newReader(): ReaderInternals {
  // The input is never read: each part is handed to the parser that reads it.
  return new ExcelJS.stream.xlsx.WorkbookReader(null as unknown as Readable, {
    worksheets: "emit",
    sharedStrings: "emit",
    // Styles tell date cells from numbers (a date is a number with a date format).
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  }) as unknown as ReaderInternals;
}

/** Relationship types compared by their last segment: transitional and strict OOXML name them differently. */
const isType = (rel: Relationship, kind: string) => rel.Type.endsWith(`/${kind}`);

function sharedText(value: unknown): string {
  if (typeof value === "string") return cellText(value, () => "");
  if (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { richText?: unknown }).richText)
  )
    return richText((value as { richText: { text?: unknown }[] }).richText);
  return "";
}

/** Sheet rows in order; rows missing from the file (XLSX leaves empty rows out) come as blank rows. */
export function xlsxRows(file: string, options: XlsxRowsOptions = {}): RowSource {
  let estimate = 0;
  return {
    estimatedRows: () => estimate,
    [Symbol.asyncIterator]: () =>
      readRows(file, options, (n) => {
        estimate = n;
      }),
  };
}

const notWorkbook = (file: string, lacks: string) =>
  new ImportError(
    "REG_IMPORT_FORMAT_UNSUPPORTED",
    `${path.basename(file)} is a ZIP file but not an XLSX workbook (it has no ${lacks}); save the register from Excel or WPS as .xlsx or as CSV UTF-8.`,
  );

/** The parts one reading needs, opened one after the other; all closed at the end, read or not. */
class Parts {
  readonly #open: Readable[] = [];
  constructor(readonly pkg: XlsxPackage) {}

  /** Opens a part; the workbook's small parts (relationships, workbook, styles) are held to METADATA_PART_BYTES. */
  open(
    name: string,
    reading: PartReading = { maxBytes: METADATA_PART_BYTES },
  ): { text: Readable; compressedRead: () => number; compressedSize: number } | null {
    const part = this.pkg.part(name);
    if (!part) return null;
    const opened = this.pkg.openText(part, reading);
    this.#open.push(opened.text);
    return { ...opened, compressedSize: part.compressedSize };
  }

  async relationships(reader: ReaderInternals, source: string): Promise<Relationship[]> {
    const rels = this.open(relsPartOf(source));
    if (!rels) return [];
    reader.workbookRels = undefined;
    await reader._parseRels(rels.text);
    const found = (reader as { workbookRels?: Relationship[] }).workbookRels ?? [];
    return found.filter((r) => typeof r.Target === "string" && r.TargetMode !== "External");
  }

  closeAll(): void {
    for (const s of this.#open) s.destroy();
  }
}

/** The part of the first sheet a person opening the workbook sees: the first one not hidden (a hidden first sheet
 * holds lists), among the sheets that are worksheets (not chart sheets). */
function firstVisibleSheet(
  reader: ReaderInternals,
  workbookPart: string,
  rels: Relationship[],
): { part: string; name: string; id: number } | null {
  const sheets = (reader.model?.sheets ?? []).flatMap((s) => {
    const rel = rels.find((r) => r.Id === s.rId && isType(r, "worksheet"));
    const part = rel ? resolveTarget(workbookPart, rel.Target) : null;
    return part ? [{ ...s, part }] : [];
  });
  const first = sheets.find((s) => s.state !== "hidden" && s.state !== "veryHidden") ?? sheets[0];
  if (first) return { part: first.part, name: first.name, id: first.id };
  // A workbook.xml without a sheet list: the first worksheet relationship.
  const rel = rels.find((r) => isType(r, "worksheet"));
  const part = rel ? resolveTarget(workbookPart, rel.Target) : null;
  return part ? { part, name: "", id: 1 } : null;
}

async function* readRows(
  file: string,
  options: XlsxRowsOptions,
  setEstimate: (rows: number) => void,
): AsyncGenerator<SourceRow> {
  let parts: Parts | null = null;
  let strings: SpilledStrings | null = null;
  let rows: AsyncIterator<SheetRow> | null = null;
  try {
    const limits = options.limits ?? DEFAULT_LIMITS;
    parts = new Parts(readPackage(file, limits));
    const reader = newReader();
    const officeDocument = (await parts.relationships(reader, "")).find((r) => isType(r, "officeDocument"));
    const workbookPart =
      (officeDocument && resolveTarget("", officeDocument.Target)) ??
      (parts.pkg.part("xl/workbook.xml") ? "xl/workbook.xml" : null);
    const workbook = workbookPart ? parts.open(workbookPart) : null;
    if (!workbookPart || !workbook) throw notWorkbook(file, "workbook part");
    const rels = await parts.relationships(reader, workbookPart);
    const partOf = (kind: string) => {
      const rel = rels.find((r) => isType(r, kind));
      return rel ? resolveTarget(workbookPart, rel.Target) : null;
    };
    const stylesPart = partOf("styles");
    const styles = stylesPart ? parts.open(stylesPart) : null;
    if (styles) await reader._parseStyles(styles.text);
    await reader._parseWorkbook(workbook.text);
    const sheetPart = firstVisibleSheet(reader, workbookPart, rels);
    const sheetText = sheetPart ? parts.open(sheetPart.part, { record: "row" }) : null;
    if (!sheetPart || !sheetText) throw notWorkbook(file, "worksheet");

    strings = new SpilledStrings(options.tmpDir);
    const sharedPart = partOf("sharedStrings");
    const shared = sharedPart ? parts.open(sharedPart, { record: "si" }) : null;
    if (shared)
      for await (const s of reader._parseSharedStrings(shared.text)) {
        const entry = s as { index?: unknown; text?: unknown };
        if (typeof entry.index !== "number") continue;
        if (strings.count >= limits.xlsxSharedStrings)
          throw new ImportError(
            "REG_IMPORT_XLSX_TOO_MANY_STRINGS",
            `${path.basename(file)} has more than ${chars(limits.xlsxSharedStrings)} shared strings (ELICENCE_XLSX_MAX_SHARED_STRINGS); split the register into several files.`,
          );
        const text = sharedText(entry.text);
        if (text.length > EXCEL_LIMITS.stringChars)
          throw tooLong(file, `shared string ${strings.count}`, text.length);
        // The spill file holds no more than the part it comes from inflates to, itself capped.
        strings.push(text);
      }

    const sheet = reader._parseWorksheet(sheetText.text, String(sheetPart.id)).next().value
      ?.value as SheetReader;
    sheet.id = sheetPart.id;
    sheet.name = sheetPart.name;
    rows = sheet[Symbol.asyncIterator]();
    let last = 0;
    for (;;) {
      const r = await rows.next();
      if (r.done) break;
      const number = Number.isInteger(r.value.number) && r.value.number > last ? r.value.number : last + 1;
      const values = r.value.values;
      // Checked before the blank rows up to it are made: a row numbered in the billions would be a billion rows.
      // (A cell right of column XFD exceljs refuses itself, below.)
      if (number > EXCEL_LIMITS.rows)
        throw outOfRange(file, `row ${chars(number)} lies below row ${chars(EXCEL_LIMITS.rows)}`);
      while (++last < number) yield { row: last, cells: [] };
      const cells: string[] = new Array<string>(Math.max(0, values.length - 1)).fill("");
      for (let c = 1; c < values.length; c++) {
        const v = values[c];
        if (v === undefined || v === null) continue;
        const text = cellText(v, (i) => strings!.get(i));
        if (text.length > EXCEL_LIMITS.stringChars)
          throw tooLong(file, `cell ${columnName(c - 1)}${number}`, text.length);
        cells[c - 1] = text;
      }
      const read = sheetText.compressedRead();
      if ((number & 255) === 0 && read > 0)
        setEstimate(Math.round((number * sheetText.compressedSize) / read));
      yield { row: number, cells };
    }
    rows = null;
    setEstimate(last);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof Error && COLUMN_OUT_OF_RANGE.test(e.message))
      throw outOfRange(file, `a cell lies right of column XFD (${chars(EXCEL_LIMITS.columns)})`);
    const reason = e instanceof PackageError ? e.message : e instanceof Error ? e.message : String(e);
    throw new ImportError(
      "REG_IMPORT_FILE_UNREADABLE",
      `${path.basename(file)} cannot be read as an XLSX workbook (${reason}); open it in Excel or WPS and save it again as .xlsx, or as CSV UTF-8.`,
    );
  } finally {
    try {
      await rows?.return?.();
    } catch {
      // Stopped on a damaged part: nothing more to release than the streams closed below.
    }
    parts?.closeAll();
    strings?.close();
  }
}
