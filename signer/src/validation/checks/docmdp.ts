// Certification (DocMDP): a licence seal certifies the document, so the signed revision's catalog names this
// signature under /Perms /DocMDP and the signature's /Reference carries the permission level P, which is enforced.
import { invalid, valid } from "../check.js";
import { PName, PRef, isInt, type PDict } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import type { SealSignature } from "../pdf/signatures.js";
import type { Check } from "../types.js";

export function checkDocMdp(
  file: PdfFile,
  seal: SealSignature,
  signedRevision: number,
  after: { filledFields: number; docTimestamps: number },
): Check {
  const catalog = file.dict(file.revisions[signedRevision]?.trailer.get("Root"), signedRevision);
  const perms = file.dict(catalog?.get("Perms"), signedRevision);
  const certified = perms?.get("DocMDP");
  if (certified === undefined) return invalid("docmdp", "VER_PDF_DOCMDP_MISSING");
  if (!(certified instanceof PRef) || certified.num !== seal.sigRef.num || certified.gen !== seal.sigRef.gen)
    return invalid("docmdp", "VER_PDF_DOCMDP_MISMATCH", { detail: "/Perms /DocMDP names another signature" });
  const refs = file.resolve(seal.dict.get("Reference"), signedRevision);
  const sigRef = (Array.isArray(refs) ? refs : [])
    .map((r) => file.dict(r, signedRevision))
    .find((d): d is PDict => {
      const method = d?.get("TransformMethod");
      return method instanceof PName && method.name === "DocMDP";
    });
  if (!sigRef)
    return invalid("docmdp", "VER_PDF_DOCMDP_MISMATCH", { detail: "the signature has no DocMDP /Reference" });
  const params = file.dict(sigRef.get("TransformParams"), signedRevision);
  const p = params?.get("P") ?? 2;
  if (!isInt(p) || p < 1 || p > 3)
    return invalid("docmdp", "VER_PDF_DOCMDP_PERMISSION_INVALID", {
      p: typeof p === "number" ? p : "not a number",
    });
  // P=1 allows no change at all beyond validation data and document timestamps (ISO 32000-2 §12.8.2.2, PAdES).
  if (p === 1 && after.filledFields > 0)
    return invalid("docmdp", "VER_PDF_DOCMDP_VIOLATED", { p, filledSignatureFields: after.filledFields });
  return valid("docmdp", "VER_PDF_DOCMDP_OK", { p });
}
