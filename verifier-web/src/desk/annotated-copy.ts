// The annotated copy (加注件) of a licence: the sealed PDF with a second visible signature "for <service item>, valid
// until <date>" (the words from the registry's service-item catalogue, never typed), made by POST /api/v1/licences/{identifier}/annotated-copy and saved through a blob, as a download.
import type { ApiClient, ApiResult } from "../common/api-client.js";
import { fetchPdf } from "../common/pdf-download.js";

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
  const res = await fetchPdf(api, "POST", annotatedCopyUrl(identifier), { body: request, session: true });
  return res.ok ? { ...res, data: res.data.blob } : res;
}
