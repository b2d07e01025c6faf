// Rows of an XLSX register, streamed with exceljs's WorkbookReader: the first visible worksheet, row by row, each
// cell turned into the text a CSV export would hold (xlsx-cells.ts), so the same row reader checks both formats.
//
// Memory stays flat: exceljs spools the worksheet XML to a temporary file and parses it as a stream, and the
// shared-string table (every distinct text of the workbook) goes to a scratch file (spilled-strings.ts) instead
// of an array. Two things exceljs 4.4.0 gets wrong are set right here, on this reader instance only:
// - it decodes each compressed chunk as UTF-8 on its own, so a Chinese character split between two chunks
//   becomes U+FFFD (exceljs issues #2063, #2084, #2316): the streams are given a UTF-8 decoder before parsing;
// - in "emit" mode it yields shared strings as bare { index, text } objects, not as events;
// - a damaged ZIP can leave it waiting forever (inspectFile refuses a cut-off file; a watchdog catches the rest).
import { createReadStream, statSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { ImportError } from "./import-error.js";
import type { RowSource, SourceRow } from "./row-source.js";
import { SpilledStrings } from "./spilled-strings.js";
import { cellText, richText } from "./xlsx-cells.js";

export interface XlsxRowsOptions {
  /** Parent of the scratch directory for the shared strings (default: the OS temp directory). */
  tmpDir?: string;
  /**
   * How long the reader may go without a result once the whole file has been read, before the workbook counts as
   * damaged (default 30 s: what is left to do then is a few buffers' worth of work).
   */
  stallMs?: number;
}

const STALL_MS = 30_000;

/** The reader cannot go on (a read error, or no progress after the whole file was read): it is not asked again. */
class Stalled extends Error {}

/** The parts of exceljs's streaming reader used here that its typings do not declare. */
interface SheetReader extends AsyncIterable<SheetRow> {
  id: number;
  name: string;
  /** The spooled worksheet file as a read stream. */
  iterator: unknown;
}
interface SheetRow {
  number: number;
  values: unknown[];
}
interface ReaderInternals {
  parse(): AsyncIterator<unknown>;
  model?: { sheets?: { id: number; name: string; state?: string }[] };
  _parseSharedStrings(entry: unknown): AsyncGenerator<unknown>;
}
interface ReadStreamLike {
  setEncoding(encoding: "utf8"): unknown;
  destroy(): unknown;
  bytesRead?: number;
  path?: unknown;
}

const isStream = (x: unknown): x is ReadStreamLike =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as ReadStreamLike).setEncoding === "function" &&
  typeof (x as ReadStreamLike).destroy === "function";

function openReader(input: Readable): ReaderInternals {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "emit",
    // Styles tell date cells from numbers (a date is a number with a date format).
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  }) as unknown as ReaderInternals;
  const parseSharedStrings = reader._parseSharedStrings.bind(reader);
  reader._parseSharedStrings = (entry: unknown) => {
    if (isStream(entry)) entry.setEncoding("utf8");
    return parseSharedStrings(entry);
  };
  return reader;
}

/** The first sheet a person opening the workbook sees: the first one not hidden (a hidden first sheet holds lists). */
function isFirstVisible(reader: ReaderInternals, sheet: SheetReader): boolean {
  const sheets = reader.model?.sheets;
  if (!sheets || sheets.length === 0) return true;
  const first = sheets.find((s) => s.state !== "hidden" && s.state !== "veryHidden") ?? sheets[0]!;
  return first.id === sheet.id && first.name === sheet.name;
}

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

async function* readRows(
  file: string,
  options: XlsxRowsOptions,
  setEstimate: (rows: number) => void,
): AsyncGenerator<SourceRow> {
  const strings = new SpilledStrings(options.tmpDir);
  const input = createReadStream(file, { highWaterMark: 1 << 16 });
  const reader = openReader(input);
  const events = reader.parse();
  const watchdog = new Watchdog(input, options.stallMs ?? STALL_MS);
  let rows: AsyncIterator<SheetRow> | null = null;
  let done = false;
  let stalled = false;
  try {
    let found = false;
    for (;;) {
      // The worksheets come once the whole ZIP is read; until then, a read error or a stall means a damaged file.
      const next = found ? await events.next() : await watchdog.watch(events.next());
      if (next.done) break;
      const event = next.value as { eventType?: string; value?: unknown; index?: unknown; text?: unknown };
      if (event.eventType === undefined && typeof event.index === "number") {
        strings.push(sharedText(event.text));
        continue;
      }
      if (event.eventType !== "worksheet") continue;
      const sheet = event.value as SheetReader;
      const stream = isStream(sheet.iterator) ? sheet.iterator : null;
      if (found || !isFirstVisible(reader, sheet)) {
        // Not read: closing its file lets exceljs delete it when the next event is asked for.
        close(stream);
        continue;
      }
      found = true;
      watchdog.stop();
      stream?.setEncoding("utf8");
      const spoolBytes = stream && typeof stream.path === "string" ? statSync(stream.path).size : 0;
      rows = sheet[Symbol.asyncIterator]();
      let last = 0;
      for (;;) {
        const r = await rows.next();
        if (r.done) break;
        const number = Number.isInteger(r.value.number) && r.value.number > last ? r.value.number : last + 1;
        while (++last < number) yield { row: last, cells: [] };
        const values = r.value.values;
        const cells: string[] = new Array<string>(Math.max(0, values.length - 1)).fill("");
        for (let c = 1; c < values.length; c++) {
          const v = values[c];
          if (v !== undefined && v !== null) cells[c - 1] = cellText(v, (i) => strings.get(i));
        }
        if ((number & 255) === 0 && spoolBytes > 0 && stream?.bytesRead)
          setEstimate(Math.round((number * spoolBytes) / stream.bytesRead));
        yield { row: number, cells };
      }
      rows = null;
      setEstimate(last);
    }
    done = true;
    if (!found)
      throw new ImportError(
        "REG_IMPORT_FORMAT_UNSUPPORTED",
        `${path.basename(file)} is a ZIP file but not an XLSX workbook (it has no worksheet); save the register from Excel or WPS as .xlsx or as CSV UTF-8.`,
      );
  } catch (e) {
    if (e instanceof ImportError) throw e;
    stalled = e instanceof Stalled;
    throw new ImportError(
      "REG_IMPORT_FILE_UNREADABLE",
      `${path.basename(file)} cannot be read as an XLSX workbook (${e instanceof Error ? e.message : String(e)}); open it in Excel or WPS and save it again as .xlsx, or as CSV UTF-8.`,
    );
  } finally {
    watchdog.stop();
    strings.close();
    // A stalled reader would stall again: only the input is closed then.
    if (!done && !stalled) await abandon(rows, events);
    input.destroy();
  }
}

/**
 * Fails the reading in progress when the input has ended (or failed) and the reader then makes no progress for
 * `stallMs`. One timer, restarted on every result: nothing is attached per call, as the shared strings alone
 * are hundreds of thousands of calls.
 */
class Watchdog {
  #reject: ((e: Error) => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failure: Error | null = null;
  #stopped = false;

  constructor(input: Readable, stallMs: number) {
    once(input, "end").then(
      () => {
        if (this.#stopped) return;
        this.#timer = setTimeout(
          () => this.#fail(new Stalled("the workbook ends before its contents do")),
          stallMs,
        );
        this.#timer.unref();
      },
      (e: unknown) => this.#fail(new Stalled(e instanceof Error ? e.message : String(e))),
    );
  }

  watch<T>(work: Promise<T>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work.then(
        (v) => {
          this.#reject = null;
          this.#timer?.refresh();
          resolve(v);
        },
        (e: unknown) => {
          this.#reject = null;
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  #fail(e: Error): void {
    if (this.#stopped) return;
    this.#failure = e;
    this.#reject?.(e);
    this.#reject = null;
  }
}

/**
 * Closes a spooled sheet's stream without reading it. The stream opens its file on the next tick, after exceljs may
 * have deleted it: that error is expected and must not go unhandled.
 */
function close(stream: ReadStreamLike | null): void {
  if (!stream) return;
  (stream as unknown as { on(event: "error", listener: () => void): unknown }).on("error", () => {});
  stream.destroy();
}

/** Stopped early (cancelled, or an error): closes the sheet being read and lets exceljs remove its spooled files. */
async function abandon(rows: AsyncIterator<SheetRow> | null, events: AsyncIterator<unknown>): Promise<void> {
  try {
    await rows?.return?.();
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const event = next.value as { eventType?: string; value?: { iterator?: unknown } };
      if (event.eventType === "worksheet" && isStream(event.value?.iterator)) close(event.value.iterator);
    }
  } catch {
    // The file is damaged or the stream was closed: nothing more to clean up than exceljs does at exit.
  }
}
