// Logger options: secrets redacted and personal data (ID numbers, credit codes, purposes) masked in request URLs.
import type { FastifyServerOptions } from "fastify";

const CODE_IN_URL =
  /\b(\d{6})(\d{8}|\d{6})(\d{3}[\dXx]|\d{3})\b|\b([0-9A-HJ-NPQRTUW-Y]{8})([0-9A-HJ-NPQRTUW-Y]{6})([0-9A-HJ-NPQRTUW-Y]{4})\b/g;

/** Masks holder codes in a URL path and drops the query string (which may carry a purpose or a code). */
export function maskUrl(url: string): string {
  const [path, query] = url.split("?", 2);
  const masked = (path ?? "").replace(
    CODE_IN_URL,
    (_m, a?: string, b?: string, c?: string, d?: string, e?: string, f?: string) =>
      a !== undefined
        ? `${a}${"*".repeat(b?.length ?? 0)}${c ?? ""}`
        : `${d ?? ""}${"*".repeat(e?.length ?? 0)}${f ?? ""}`,
  );
  return query !== undefined ? `${masked}?…` : masked;
}

export function loggerOptions(level: string): FastifyServerOptions["logger"] {
  return {
    level,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", "headers.authorization"],
      censor: "[redacted]",
    },
    serializers: {
      req(req: { method: string; url: string; id: string }) {
        return { id: req.id, method: req.method, url: maskUrl(req.url) };
      },
    },
  };
}
