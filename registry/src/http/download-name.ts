// File names of PDF downloads: readable (licence type and date, 食品经营许可证-加注件-2026年12月08日.pdf) as an RFC 6266
// `filename*` (RFC 8187 UTF-8 encoding), with an ASCII `filename` for clients that do not read it.
import { dateZh } from "@elicence/core";

/** RFC 8187 ext-value: UTF-8, percent-encoded beyond the attr-chars. */
function extValue(s: string): string {
  return `UTF-8''${encodeURIComponent(s).replace(/['()*!]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** Characters a file name must not carry on any common system, and quotes/backslashes of the header syntax. */
function safe(part: string): string {
  return part.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_").trim();
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<readable>`. */
export function attachmentDisposition(readable: string, ascii: string): string {
  const fallback = ascii.replace(/[^\x20-\x7e]|["\\]/gu, "_");
  return `attachment; filename="${fallback}"; filename*=${extValue(safe(readable))}`;
}

/** The sealed licence: 营业执照-2024年03月15日.pdf (the version's issue date); ASCII licence-2024-03-15.pdf. */
export function licencePdfDisposition(typeName: string, issuedOn: string): string {
  return attachmentDisposition(`${typeName}-${dateZh(issuedOn)}.pdf`, `licence-${issuedOn}.pdf`);
}

/** The annotated copy: 食品经营许可证-加注件-2026年12月08日.pdf (the day it was made); ASCII annotated-copy-2026-12-08.pdf. */
export function annotatedCopyDisposition(typeName: string, madeOn: string): string {
  return attachmentDisposition(`${typeName}-加注件-${dateZh(madeOn)}.pdf`, `annotated-copy-${madeOn}.pdf`);
}
