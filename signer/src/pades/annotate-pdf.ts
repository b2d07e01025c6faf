// The annotated copy (加注件): a sealed licence PDF plus a visible "仅供…使用，有效期至…" note, added as a second
// (approval) signature that fills the field prepared at sealing, in an incremental update that leaves the certified
// revision and its signature untouched.
import { createHash } from "node:crypto";
import {
  ANNOTATION_DICT_KEY,
  ANNOTATION_FIELD_NAME,
  MAX_PURPOSE_LENGTH,
  annotationNote,
} from "./annotation-facts.js";
import { isIsoDate, type Bilingual } from "@elicence/core";
import { annotationAppearance } from "./annotation-appearance.js";
import { DEFAULT_PLACEHOLDER_SIZE } from "./add-signature-field.js";
import { PadesError, PadesErrorCode } from "./errors.js";
import { fillPreparedField } from "./fill-prepared-field.js";
import { prepareSigner } from "./prepared-signer.js";
import { dict, name, text } from "./pdf-syntax.js";
import { B_B_PLACEHOLDER_SIZE } from "./seal-pdf.js";
import type { ByteRange } from "./sign-pdf.js";
import type { SignerIdentity, TimestampFn } from "./types.js";

export interface AnnotatePdfOptions {
  /** The sealed licence as the registry stores it (with its empty annotation field). */
  pdf: Uint8Array;
  /** The licence identifier, recorded in the signed facts. */
  identifier: string;
  purpose: string;
  /** YYYY-MM-DD: the last day of use. The caller decides the policy (range, licence's own end). */
  validUntil: string;
  /** The registry's annotation seal. */
  signer: SignerIdentity;
  timestamp?: TimestampFn;
  timestampTimeoutMs?: number;
  /** /Location of the signature, e.g. the registry's name. */
  location?: string;
  now: Date;
}

export interface AnnotatePdfResult {
  bytes: Uint8Array;
  sha256: string;
  level: "B-B" | "B-T";
  byteRange: ByteRange;
  /** The note as signed (/Reason) and drawn (possibly shortened, see warnings). */
  note: Bilingual;
  timestampTime?: Date;
  warnings: string[];
}

function checkInput(o: AnnotatePdfOptions): string {
  const purpose = o.purpose.trim();
  const problems: string[] = [];
  if (purpose.length === 0 || purpose.length > MAX_PURPOSE_LENGTH)
    problems.push(`purpose must be 1–${MAX_PURPOSE_LENGTH} characters`);
  if (!isIsoDate(o.validUntil))
    problems.push(`validUntil "${o.validUntil}" is not a date written YYYY-MM-DD`);
  if (o.identifier.trim() === "") problems.push("identifier is empty");
  if (problems.length > 0) throw new PadesError(PadesErrorCode.ANNOTATION_INVALID, problems.join("; "));
  return purpose;
}

export async function annotatePdf(o: AnnotatePdfOptions): Promise<AnnotatePdfResult> {
  const purpose = checkInput(o);
  const note = annotationNote(purpose, o.validUntil);
  const prepared = prepareSigner(o.signer);
  const signed = await fillPreparedField(o.pdf, {
    fieldName: ANNOTATION_FIELD_NAME,
    signer: o.signer,
    appearance: (box, first) => annotationAppearance({ purpose, validUntil: o.validUntil }, box, first),
    now: o.now,
    ...(prepared.commonName !== undefined ? { name: prepared.commonName } : {}),
    reason: `${note.zh} / ${note.en}`,
    ...(o.location !== undefined ? { location: o.location } : {}),
    extra: {
      [ANNOTATION_DICT_KEY]: dict({
        Type: name(ANNOTATION_DICT_KEY),
        Purpose: text(purpose),
        ValidUntil: text(o.validUntil),
        Identifier: text(o.identifier),
      }),
    },
    placeholderSize: o.timestamp ? DEFAULT_PLACEHOLDER_SIZE : B_B_PLACEHOLDER_SIZE,
    ...(o.timestamp ? { timestamp: o.timestamp } : {}),
    ...(o.timestampTimeoutMs !== undefined ? { timestampTimeoutMs: o.timestampTimeoutMs } : {}),
  });
  return {
    bytes: signed.bytes,
    sha256: createHash("sha256").update(signed.bytes).digest("hex"),
    level: signed.level,
    byteRange: signed.byteRange,
    note,
    ...(signed.timestampTime ? { timestampTime: signed.timestampTime } : {}),
    warnings: signed.warnings,
  };
}
