// A streaming RFC 4180 CSV parser: quoted cells, doubled quotes, CRLF / LF / CR line ends, line breaks inside
// quoted cells. Text is pushed in chunks of any size; records come out as soon as they end, so memory stays flat.
import { ImportError } from "./import-error.js";

export interface CsvRecord {
  /** 1-based record number: the row number a spreadsheet shows (a quoted line break does not start a new row). */
  row: number;
  cells: string[];
}

/** A record longer than this is a quote that never closed, not data: stop instead of reading the file into it. */
const MAX_RECORD_CHARS = 1 << 20;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted cell: either the first of a doubled quote or the closing one. */
  QuoteInQuoted,
}

export class CsvParser {
  #state = State.FieldStart;
  #field = "";
  #cells: string[] = [];
  #recordChars = 0;
  #row = 0;
  /** The last chunk ended with CR: a LF starting the next chunk belongs to the same line end. */
  #afterCr = false;

  constructor(private readonly delimiter = ",") {}

  /** Parses a chunk and returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (chunk === "") return out;
    const d = this.delimiter;
    let i = 0;
    if (this.#afterCr && chunk.charCodeAt(0) === 10) i = 1;
    this.#afterCr = false;
    const n = chunk.length;
    while (i < n) {
      const state = this.#state;
      if (state === State.Quoted) {
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          this.#append(chunk.slice(i));
          i = n;
        } else {
          this.#append(chunk.slice(i, q));
          this.#state = State.QuoteInQuoted;
          i = q + 1;
        }
        continue;
      }
      const c = chunk[i]!;
      if (state === State.QuoteInQuoted) {
        if (c === '"') {
          this.#append('"');
          this.#state = State.Quoted;
          i++;
          continue;
        }
        // The quote closed the cell; anything before the delimiter is kept as text (lenient, like spreadsheets).
        this.#state = State.Unquoted;
      }
      if (c === d) {
        this.#endField();
        i++;
      } else if (c === "\n" || c === "\r") {
        this.#endField();
        out.push(this.#endRecord());
        if (c === "\r") {
          if (i + 1 < n) {
            if (chunk.charCodeAt(i + 1) === 10) i++;
          } else this.#afterCr = true;
        }
        i++;
      } else if (c === '"' && this.#state === State.FieldStart) {
        this.#state = State.Quoted;
        i++;
      } else {
        // Plain text up to the next delimiter, quote or line end, in one slice.
        let j = i + 1;
        while (j < n) {
          const x = chunk[j];
          if (x === d || x === "\n" || x === "\r" || x === '"') break;
          j++;
        }
        // A quote inside an unquoted cell is text.
        if (j < n && chunk[j] === '"') j++;
        this.#append(chunk.slice(i, j));
        this.#state = State.Unquoted;
        i = j;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the file does not end with a line break. */
  end(): CsvRecord[] {
    if (this.#state === State.Quoted)
      throw new ImportError(
        "REG_IMPORT_CSV_MALFORMED",
        `Row ${this.#row + 1}: a quoted cell starts but never ends before the end of the file; close the quote (").`,
      );
    if (this.#state === State.FieldStart && this.#cells.length === 0 && this.#field === "") return [];
    this.#endField();
    return [this.#endRecord()];
  }

  #append(text: string): void {
    this.#field += text;
    this.#recordChars += text.length;
    if (this.#recordChars > MAX_RECORD_CHARS)
      throw new ImportError(
        "REG_IMPORT_CSV_MALFORMED",
        `Row ${this.#row + 1} is longer than ${MAX_RECORD_CHARS} characters: a quoted cell probably never ends; close the quote (").`,
      );
  }

  #endField(): void {
    this.#cells.push(this.#field);
    this.#field = "";
    this.#state = State.FieldStart;
  }

  #endRecord(): CsvRecord {
    const record = { row: ++this.#row, cells: this.#cells };
    this.#cells = [];
    this.#recordChars = 0;
    return record;
  }
}
