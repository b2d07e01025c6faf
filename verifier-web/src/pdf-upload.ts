// Uploading a PDF to POST /api/v1/verify/pdf (multipart, field "file"): the registry's validation engine answers
// with a report; every other outcome becomes a reason the page can put in plain words.
import type { Bilingual } from "@elicence/core";
import type { PublicRecord, StatusBody } from "./verdict.js";
import { under } from "./common/base-path.js";

export interface PdfCheck {
  name: string;
  category: string;
  status: "VALID" | "INVALID" | "SKIPPED" | "ERROR";
  reason: { code: string; message: Bilingual };
}

export interface ValidationReport {
  verdict: "TOTAL-PASSED" | "TOTAL-FAILED" | "INDETERMINATE";
  identifier?: string;
  checks: PdfCheck[];
  summary: Bilingual;
  /** For a document that is what its department sealed: which licence it is, and its status today. */
  licence?: Omit<PublicRecord, "identifierSha256"> & { status: StatusBody };
}

export type PdfOutcome =
  | { kind: "report"; report: ValidationReport }
  | { kind: "too-large" }
  | { kind: "busy" }
  | { kind: "unavailable" }
  | { kind: "network" }
  | { kind: "refused"; message: string };

export async function uploadPdf(
  file: Blob,
  name: string,
  fetchImpl: typeof fetch = fetch,
): Promise<PdfOutcome> {
  const form = new FormData();
  form.append("file", file, name);
  let res: Response;
  try {
    res = await fetchImpl(under("/api/v1/verify/pdf"), {
      method: "POST",
      body: form,
      headers: { accept: "application/json" },
    });
  } catch {
    return { kind: "network" };
  }
  if (res.status === 413) return { kind: "too-large" };
  if (res.status === 429) return { kind: "busy" };
  const body = (await res.json().catch(() => null)) as
    (Partial<ValidationReport> & { code?: string; message?: string }) | null;
  if (body && typeof body.verdict === "string" && Array.isArray(body.checks))
    return { kind: "report", report: body as ValidationReport };
  if (res.status === 404 || res.status >= 500 || !body) return { kind: "unavailable" };
  return { kind: "refused", message: body.message ?? body.code ?? String(res.status) };
}
