// The live status call: GET /api/v1/status/{token}. Only the token goes out (no personal data); every outcome,
// including no network at all, comes back as a value the page can explain. An answer is taken only when its
// identifierSha256 names the identifier of the payload verified on this device: a QR code that pairs a genuine
// status token of another licence with its own data is refused ("mismatch"), never shown as that licence's status.
import { statusNamesIdentifier, QR_REASONS } from "@elicence/signer/browser";
import type { LiveStatus, PublicRecord, StatusBody } from "./verdict.js";
import { under } from "./common/base-path.js";

/** `identifier`: the verified payload's licence identifier, or null for an old-style link (nothing to match). */
export async function fetchStatus(
  token: string,
  identifier: string | null,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 8000,
): Promise<LiveStatus> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetchImpl(under(`/api/v1/status/${encodeURIComponent(token)}`), {
      cache: "no-store",
      headers: { accept: "application/json" },
      signal: ctrl.signal,
    });
    if (res.status === 404) {
      const body = (await res.json().catch(() => null)) as { code?: string } | null;
      // A 404 without our code is a registry without the status route, not an unknown licence.
      return body?.code === "VER_STATUS_UNKNOWN" ? { kind: "unknown" } : { kind: "failed", httpStatus: 404 };
    }
    if (res.status === 429) return { kind: "busy" };
    if (!res.ok) return { kind: "failed", httpStatus: res.status };
    const body = (await res.json()) as StatusBody;
    if (typeof body?.state !== "string" || typeof body.checkedAt !== "string")
      return { kind: "failed", httpStatus: res.status };
    if (identifier !== null) {
      const named = await statusNamesIdentifier(identifier, body.identifierSha256);
      if (named !== "match") {
        const code = named === "mismatch" ? "VER_QR_STATUS_OTHER_LICENCE" : "VER_QR_STATUS_UNNAMED";
        return { kind: "mismatch", code, message: QR_REASONS[code] };
      }
    }
    return { kind: "ok", body };
  } catch {
    return { kind: "offline" };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Which licence the token names, as far as it is public (GET /api/v1/status/{token}/record): taken only when it names
 * the identifier verified on this device, like the status answer; null on any other outcome (the page then shows the
 * QR code's own, masked, facts).
 */
export async function fetchRecord(
  token: string,
  identifier: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 8000,
): Promise<PublicRecord | null> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetchImpl(under(`/api/v1/status/${encodeURIComponent(token)}/record`), {
      cache: "no-store",
      headers: { accept: "application/json" },
      signal: ctrl.signal,
    });
    if (!res.ok) return null;
    const body = (await res.json()) as PublicRecord;
    if (typeof body?.holder?.name !== "string" || !Array.isArray(body.publicFields)) return null;
    return (await statusNamesIdentifier(identifier, body.identifierSha256)) === "match" ? body : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
