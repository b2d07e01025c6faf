// Where rows come from: a register file read as a stream of records (row number + cells as text). CSV is read here,
// XLSX in xlsx-rows.ts; both feed the same row reader, so a row has the same problems whatever its format.
import { createReadStream } from "node:fs";
import { CsvParser } from "./csv-parser.js";
import type { FileFacts } from "./file-facts.js";
import type { RowSource, SourceRow } from "./source-row.js";
import { xlsxRows, type XlsxRowsOptions } from "./xlsx-rows.js";

export type { RowSource, SourceRow } from "./source-row.js";

export function openRows(facts: FileFacts, options: XlsxRowsOptions = {}): RowSource {
  switch (facts.format) {
    case "csv":
      return csvRows(facts.path, facts.encoding === "gbk" ? "gbk" : "utf-8");
    case "xlsx":
      return xlsxRows(facts.path, options);
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
