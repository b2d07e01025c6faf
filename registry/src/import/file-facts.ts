// First pass over a register file: its SHA-256 (recorded in every converted licence's provenance), format,
// text encoding and an estimate of its rows (for the ETA). Reads the file as a stream, so memory stays flat.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { ImportError } from "./import-error.js";

export type RegisterFormat = "csv" | "xlsx";
/** utf-8-bom: UTF-8 starting with EF BB BF, as Excel's "CSV UTF-8" writes it. gbk: what Chinese Excel's plain CSV writes. */
export type TextEncodingName = "utf-8" | "utf-8-bom" | "gbk";

export interface FileFacts {
  path: string;
  sha256: string;
  bytes: number;
  format: RegisterFormat;
  /** Null for XLSX (the sheets are UTF-8 XML inside a ZIP). */
  encoding: TextEncodingName | null;
  /** Line breaks + 1: an upper bound of the rows (a quoted cell may hold a line break). */
  estimatedRows: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Valid UTF-8 is read as UTF-8; anything else as GBK (GB 18030, its superset, decodes it). A GBK text of any length
 * is almost never valid UTF-8, while plain ASCII is both, so the test needs no guessing.
 */
export async function inspectFile(path: string): Promise<FileFacts> {
  const hash = createHash("sha256");
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let validUtf8 = true;
  let bytes = 0;
  let lineBreaks = 0;
  let head: Buffer | null = null;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      if (head === null) head = chunk.subarray(0, 4);
      hash.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lineBreaks++;
      if (validUtf8) {
        try {
          utf8.decode(chunk, { stream: true });
        } catch {
          validUtf8 = false;
        }
      }
    }
    if (validUtf8) utf8.decode();
  } catch (e) {
    if (e instanceof TypeError)
      validUtf8 = false; // a sequence cut off at the end of the file
    else
      throw new ImportError(
        "REG_IMPORT_FILE_UNREADABLE",
        `Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      );
  }
  const sha256 = hash.digest("hex");
  const start = head ?? Buffer.alloc(0);
  if (ZIP_MAGIC.every((b, i) => start[i] === b))
    return { path, sha256, bytes, format: "xlsx", encoding: null, estimatedRows: 0 };
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff))
    throw new ImportError(
      "REG_IMPORT_ENCODING_UNSUPPORTED",
      `${path} is UTF-16 ("Unicode text"); save it as CSV UTF-8.`,
    );
  const bom = start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
  const encoding: TextEncodingName = validUtf8 ? (bom ? "utf-8-bom" : "utf-8") : "gbk";
  return { path, sha256, bytes, format: "csv", encoding, estimatedRows: lineBreaks + 1 };
}
