// The annotated copy (加注件) of a licence: the sealed PDF with a second visible signature "for <service item>, valid
// until <date>" (the words from the registry's service-item catalogue, never typed), made by POST /api/v1/licences/{identifier}/annotated-copy and saved through a blob, as a download.
import { CLIENT_CODES, type ApiClient, type ApiResult } from "../common/api-client.js";

export interface AnnotatedCopyRequest {
  /** A service item code (GET /api/v1/service-items). */
  serviceItem: string;
  /** YYYY-MM-DD; the registry's default when absent. */
  validUntil?: string;
}

export function annotatedCopyUrl(identifier: string): string {
  return `/api/v1/licences/${encodeURIComponent(identifier)}/annotated-copy`;
}

export function annotatedFileName(identifier: string, validUntil?: string): string {
  return `${identifier}-加注件${validUntil ? `-${validUntil}` : ""}.pdf`;
}

export async function fetchAnnotatedCopy(
  api: ApiClient,
  identifier: string,
  request: AnnotatedCopyRequest,
): Promise<ApiResult<Blob>> {
  const res = await api.blob("POST", annotatedCopyUrl(identifier), { body: request, session: true });
  if (!res.ok) return res;
  // Anything but a PDF would save as a broken file: say so instead.
  const head = new Uint8Array(await res.data.slice(0, 5).arrayBuffer());
  if (String.fromCharCode(...head) !== "%PDF-")
    return {
      ok: false,
      problem: { status: res.status, code: CLIENT_CODES.badResponse, message: "not a PDF", details: [] },
    };
  return res;
}

/** Hands the blob to the browser as a download (an object URL on a temporary link; CSP allows blob: here). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
