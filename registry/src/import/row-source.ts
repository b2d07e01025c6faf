// Where rows come from: a register file read as a stream of records (row number + cells). CSV is read here;
// XLSX plugs in behind the same interface (no XLSX reader is installed in this build: see openRows).
import { createReadStream } from "node:fs";
import { CsvParser, type CsvRecord } from "./csv-parser.js";
import type { FileFacts } from "./file-facts.js";
import { ImportError } from "./import-error.js";

export type SourceRow = CsvRecord;

/** Rows of a register in file order; empty rows included (the caller skips them) so row numbers stay true. */
export type RowSource = AsyncIterable<SourceRow>;

export function openRows(facts: FileFacts): RowSource {
  switch (facts.format) {
    case "csv":
      return csvRows(facts.path, facts.encoding === "gbk" ? "gbk" : "utf-8");
    case "xlsx":
      // The seam for an XLSX reader (a streaming sheet reader yielding the same SourceRow records).
      throw new ImportError(
        "REG_IMPORT_FORMAT_UNSUPPORTED",
        `${facts.path} is an XLSX workbook, and no XLSX reader is installed in this build. Open it in Excel or WPS and use Save As → "CSV UTF-8 (逗号分隔)", then import the CSV.`,
      );
  }
}

async function* csvRows(path: string, encoding: "utf-8" | "gbk"): AsyncGenerator<SourceRow> {
  // The UTF-8 decoder drops a leading BOM by itself (ignoreBOM is false).
  const decoder = new TextDecoder(encoding);
  const parser = new CsvParser();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    yield* parser.push(decoder.decode(chunk, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) yield* parser.push(rest);
  yield* parser.end();
}
