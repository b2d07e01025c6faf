// Logger options: secrets redacted and personal data (ID numbers, credit codes, purposes) masked in request URLs.
import type { FastifyServerOptions } from "fastify";

// Lookarounds rather than \b: a letter glued to the digits (a zero-width character's last escape byte, "%E2%80%8B")
// must not hide the number. Case-insensitive: the holder routes upper-case what they read.
const CODE_IN_URL =
  /(?<![0-9])(\d{6})(\d{8}|\d{6})(\d{3}[\dXx]|\d{3})(?![0-9])|(?<![0-9A-Z])([0-9A-HJ-NPQRTUW-Y]{8})([0-9A-HJ-NPQRTUW-Y]{6})([0-9A-HJ-NPQRTUW-Y]{4})(?![0-9A-Z])/giu;

// Full-width digits and letters (a Chinese IME), which the identifier rules map to ASCII (core/src/identifiers/normalise.ts).
const FULL_WIDTH = /[\uFF01-\uFF5E]/gu;

function maskCodes(text: string): string {
  return text.replace(
    CODE_IN_URL,
    (_m, a?: string, b?: string, c?: string, d?: string, e?: string, f?: string) =>
      a !== undefined
        ? `${a}${"*".repeat(b?.length ?? 0)}${c ?? ""}`
        : `${d ?? ""}${"*".repeat(e?.length ?? 0)}${f ?? ""}`,
  );
}

/**
 * Masks holder codes in a URL path and drops the query string (which may carry a purpose or a code). Each path segment
 * is read as the route reads it (percent-escapes decoded, full-width characters mapped): a code spelt "%31%31…" or in
 * IME digits reaches the holder routes all the same, so it must be masked all the same.
 */
export function maskUrl(url: string): string {
  const [path, query] = url.split("?", 2);
  const masked = (path ?? "")
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // A bad escape: the route never reads it as a code, but the raw text is still masked below.
      }
      const read = decoded.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      const hidden = maskCodes(read);
      if (hidden !== read) return encodeURIComponent(hidden);
      return maskCodes(segment);
    })
    .join("/");
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
