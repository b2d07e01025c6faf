// The ByteRange rules that stop universal signature forgery and signature wrapping (SIGNING.md): exactly four
// non-negative integers from 0, ascending, inside the file, the gap exactly this signature's /Contents, the signed
// part ending where a revision ends, and no cross-reference entry pointing into the gap.
import { invalid, valid } from "../check.js";
import { isInt } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import type { SealSignature } from "../pdf/signatures.js";
import type { Check } from "../types.js";

export type ByteRange = [number, number, number, number];

export interface ByteRangeResult {
  check: Check;
  byteRange?: ByteRange;
  /** Index of the revision the signature covers (0 = the original document). */
  signedRevision?: number;
}

export function checkByteRange(file: PdfFile, seal: SealSignature): ByteRangeResult {
  const raw = seal.dict.get("ByteRange");
  if (!Array.isArray(raw) || raw.length !== 4 || !raw.every((n) => isInt(n) && n >= 0))
    return {
      check: invalid("byte-range", "VER_PDF_BYTERANGE_NOT_FOUR_INTEGERS", {
        entries: Array.isArray(raw) ? raw.length : null,
      }),
    };
  const br = raw as ByteRange;
  const [a, b, c, d] = br;
  const data = {
    byteRange: br,
    contents: [seal.contents.start, seal.contents.end],
    fileLength: file.bytes.length,
  };
  if (a !== 0) return { check: invalid("byte-range", "VER_PDF_BYTERANGE_NOT_FROM_START", data) };
  if (!(b > 0 && c > b)) return { check: invalid("byte-range", "VER_PDF_BYTERANGE_NOT_ASCENDING", data) };
  if (c + d > file.bytes.length)
    return { check: invalid("byte-range", "VER_PDF_BYTERANGE_OUTSIDE_FILE", data) };
  if (b !== seal.contents.start || c !== seal.contents.end)
    return { check: invalid("byte-range", "VER_PDF_BYTERANGE_GAP_MISMATCH", data) };
  const signedEnd = c + d;
  const signedRevision = file.revisions.findIndex((r) => {
    if (signedEnd === r.end) return true;
    // The end-of-line after %%EOF belongs to the revision it ends.
    const tail = file.buf.subarray(r.end, signedEnd).toString("latin1");
    return signedEnd > r.end && (tail === "\n" || tail === "\r" || tail === "\r\n");
  });
  if (signedRevision < 0)
    return { check: invalid("byte-range", "VER_PDF_BYTERANGE_NOT_REVISION_END", { ...data, signedEnd }) };
  const intoGap = file.listedOffsets().filter((o) => o >= b && o < c);
  if (intoGap.length > 0)
    return {
      check: invalid("byte-range", "VER_PDF_XREF_INTO_GAP", { ...data, offsets: intoGap.slice(0, 10) }),
    };
  return {
    check: valid("byte-range", "VER_PDF_BYTERANGE_OK", {
      ...data,
      signedRevision: signedRevision + 1,
      revisions: file.revisions.length,
    }),
    byteRange: br,
    signedRevision,
  };
}
