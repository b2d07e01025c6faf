// The live status call: GET /api/v1/status/{token}. Only the token goes out (no personal data); every outcome,
// including no network at all, comes back as a value the page can explain.
import type { LiveStatus, StatusBody } from "./verdict.js";

export async function fetchStatus(
  token: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 8000,
): Promise<LiveStatus> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetchImpl(`/api/v1/status/${encodeURIComponent(token)}`, {
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
    return { kind: "ok", body };
  } catch {
    return { kind: "offline" };
  } finally {
    clearTimeout(timer);
  }
}
