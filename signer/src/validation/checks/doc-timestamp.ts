// Document timestamps (PAdES B-LTA, ISO 32000-2 §12.8.5): a signature field whose /V is a /DocTimeStamp with
// SubFilter ETSI.RFC3161 and, in /Contents, an RFC 3161 token over the bytes of its ByteRange. Counting them is not
// enough (issue 9: a fake one passed): each is verified like the signature timestamp — well formed, imprint equal to
// the hash of exactly its ByteRange bytes, signature, TSA chaining to the trusted root — or the timestamp check fails.
import { isResourceProblem } from "../check.js";
import { digest } from "../crypto/algorithms.js";
import type { Cert } from "../crypto/certificates.js";
import { Der } from "../crypto/der.js";
import { FormatProblem } from "../limits.js";
import { PString } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import { nameOf, type FoundSignature, type SealSignature } from "../pdf/signatures.js";
import type { ReasonCode } from "../reason-codes.js";
import { checkByteRange } from "./byte-range.js";
import { verifyTimestampToken, type TokenFailure } from "./timestamp.js";

export interface DocTimestampsResult {
  /** The first document timestamp that does not verify. */
  failure?: { code: ReasonCode; data: Record<string, unknown> };
  /** What each verified document timestamp says (genTime, TSA, revision it covers). */
  verified: Record<string, unknown>[];
}

const CODES: Record<TokenFailure, ReasonCode> = {
  malformed: "VER_PDF_DOC_TIMESTAMP_MALFORMED",
  imprint: "VER_PDF_DOC_TIMESTAMP_IMPRINT_MISMATCH",
  signature: "VER_PDF_DOC_TIMESTAMP_SIGNATURE_INVALID",
  untrusted: "VER_PDF_DOC_TIMESTAMP_UNTRUSTED",
  cert: "VER_PDF_DOC_TIMESTAMP_UNTRUSTED",
};

type One =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; code: ReasonCode; data: Record<string, unknown> };

const malformed = (data: Record<string, unknown>): One => ({
  ok: false,
  code: "VER_PDF_DOC_TIMESTAMP_MALFORMED",
  data,
});

/** The token in /Contents: DER of known length followed by nothing but zero padding. */
function tokenOf(file: PdfFile, start: number, end: number): Uint8Array | string {
  const hex = file.buf.subarray(start + 1, end - 1).toString("latin1");
  if (hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex))
    return "/Contents holds characters other than hex digits";
  const all = new Uint8Array(Buffer.from(hex, "hex"));
  const top = new Der(all, "VER_PDF_DOC_TIMESTAMP_MALFORMED").root();
  for (let i = top.end; i < all.length; i++) if (all[i] !== 0) return "data follows the token in /Contents";
  return all.subarray(0, top.end);
}

function checkOne(file: PdfFile, found: FoundSignature, pool: readonly Cert[], root: Cert, now: Date): One {
  const where = { signature: `${found.sigRef.num} ${found.sigRef.gen} R` };
  const subFilter = nameOf(found.dict.get("SubFilter"));
  if (subFilter !== "ETSI.RFC3161")
    return malformed({ ...where, detail: `SubFilter /${subFilter ?? "(none)"}` });
  const filter = nameOf(found.dict.get("Filter"));
  const contents = found.dict.get("Contents");
  if (!found.object.inFile || !filter || !(contents instanceof PString) || !contents.hex)
    return malformed({ ...where, detail: "/Filter or a direct hexadecimal /Contents is missing" });
  const sig: SealSignature = { ...found, contents, filter, subFilter };
  const br = checkByteRange(file, sig);
  if (!br.byteRange || br.signedRevision === undefined)
    return malformed({ ...where, detail: br.check.reason.code });
  const token = tokenOf(file, contents.start, contents.end);
  if (typeof token === "string") return malformed({ ...where, detail: token });
  const [, b, c, d] = br.byteRange;
  const covered = (hash: string) => digest(hash, file.bytes.subarray(0, b), file.bytes.subarray(c, c + d));
  const r = verifyTimestampToken(token, covered, pool, root, now);
  const data = { ...where, ...r.data, signedRevision: br.signedRevision + 1 };
  return r.ok ? { ok: true, data } : { ok: false, code: CODES[r.failure], data };
}

export function checkDocTimestamps(
  file: PdfFile,
  signatures: readonly FoundSignature[],
  pool: readonly Cert[],
  root: Cert,
  now: Date,
): DocTimestampsResult {
  const verified: Record<string, unknown>[] = [];
  for (const found of signatures) {
    if (found.type !== "DocTimeStamp") continue;
    let one: One;
    try {
      one = checkOne(file, found, pool, root, now);
    } catch (e) {
      if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
      one = malformed({ signature: `${found.sigRef.num} ${found.sigRef.gen} R`, detail: e.message });
    }
    if (!one.ok) return { failure: { code: one.code, data: one.data }, verified };
    verified.push(one.data);
  }
  return { verified };
}
