// First pass over a register file: its SHA-256 (recorded in every converted licence's provenance), format,
// text encoding and an estimate of its rows (for the ETA). Reads the file as a stream, so memory stays flat.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
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
  /**
   * Line breaks + 1: an upper bound of the rows (a quoted cell may hold a line break). 0 for XLSX, whose row source
   * estimates its rows while reading.
   */
  estimatedRows: number;
}

/** An XLSX workbook is a ZIP file: recognised by content, whatever the file is called. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** A ZIP file ends with this record (22 bytes plus a comment of up to 65,535): a file cut off has none. */
const ZIP_END = 0x06054b50;
const ZIP_END_MAX = 22 + 0xffff;

/**
 * True when the ZIP ends as a whole ZIP does: the end record is there and the central directory it points to lies
 * within the file. exceljs 4.4.0 waits forever on a cut-off workbook, so a partial upload or copy is caught here.
 */
function zipIsWhole(tail: Buffer, bytes: number): boolean {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== ZIP_END) continue;
    if (at + 22 + tail.readUInt16LE(at + 20) !== tail.length) continue;
    const size = tail.readUInt32LE(at + 12);
    const offset = tail.readUInt32LE(at + 16);
    const endAt = bytes - (tail.length - at);
    // ZIP64 stores 0xFFFFFFFF here and the real values elsewhere.
    return offset === 0xffffffff || size === 0xffffffff || offset + size <= endAt;
  }
  return false;
}

/** OLE2 compound file: Excel 97-2003 .xls, WPS .et, and any password-protected (encrypted) .xlsx. */
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

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
  let tail: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      if (head === null) head = chunk.subarray(0, 8);
      hash.update(chunk);
      bytes += chunk.length;
      tail =
        chunk.length >= ZIP_END_MAX
          ? chunk.subarray(chunk.length - ZIP_END_MAX)
          : Buffer.concat([tail, chunk]).subarray(-ZIP_END_MAX);
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
        `Cannot read ${basename(path)}: ${e instanceof Error ? e.message : String(e)}`,
      );
  }
  const sha256 = hash.digest("hex");
  const start = head ?? Buffer.alloc(0);
  if (ZIP_MAGIC.every((b, i) => start[i] === b)) {
    if (!zipIsWhole(tail, bytes))
      throw new ImportError(
        "REG_IMPORT_FILE_UNREADABLE",
        `${basename(path)} is an incomplete XLSX workbook (the file was cut off, for example by an interrupted copy or upload); copy or upload it again, or open it in Excel or WPS and save it again.`,
      );
    return { path, sha256, bytes, format: "xlsx", encoding: null, estimatedRows: 0 };
  }
  if (OLE2_MAGIC.every((b, i) => start[i] === b))
    throw new ImportError(
      "REG_IMPORT_FORMAT_UNSUPPORTED",
      `${basename(path)} is an Excel 97-2003 workbook (.xls), a WPS .et file or a password-protected workbook; in Excel or WPS remove the password if there is one and save it as .xlsx (Excel 工作簿) or as CSV UTF-8 (逗号分隔).`,
    );
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff))
    throw new ImportError(
      "REG_IMPORT_ENCODING_UNSUPPORTED",
      `${basename(path)} is UTF-16 ("Unicode text"); save it as CSV UTF-8.`,
    );
  const bom = start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
  // A BOM says UTF-8 whatever follows: a file saved as CSV UTF-8 with one damaged byte is read as UTF-8 (the damaged
  // cell holds U+FFFD and is refused with its row and column), not as GBK, which made every header unreadable and
  // refused the whole register as having no header.
  const encoding: TextEncodingName = bom ? "utf-8-bom" : validUtf8 ? "utf-8" : "gbk";
  return { path, sha256, bytes, format: "csv", encoding, estimatedRows: lineBreaks + 1 };
}
