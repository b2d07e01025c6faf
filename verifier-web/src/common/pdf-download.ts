// Downloading a PDF from the registry through a session (fetch with the CSRF token, then a blob saved as a file): the
// desk's annotated copy, the holder's own licence and copies.
import { CLIENT_CODES, type ApiClient, type ApiResult, type RequestOptions } from "./api-client.js";

export interface PdfFile {
  blob: Blob;
  /** The name the registry gave it (Content-Disposition), or null. */
  fileName: string | null;
}

export async function fetchPdf(
  api: ApiClient,
  method: string,
  url: string,
  options: RequestOptions = { session: true },
): Promise<ApiResult<PdfFile>> {
  const res = await api.file(method, url, options);
  if (!res.ok) return res;
  // Anything but a PDF would save as a broken file: say so instead.
  const head = new Uint8Array(await res.data.blob.slice(0, 5).arrayBuffer());
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
