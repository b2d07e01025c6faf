// The public base URL (ELICENCE_BASE_URL, `elicence init --base-url`): what every sealed PDF's QR code and every
// certificate's CRL/OCSP/CA-issuer URL starts with, so a wrong one is refused here, with the fix, rather than printed
// into documents that outlive it. One home for its rules: config.ts, init and serve all call these.

/** A base URL's problem in words (what is wrong and how to fix it), or null when it is acceptable. */
export function baseUrlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `"${raw}" is not an absolute URL: give the registry's public address, e.g. https://licences.gov.example`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    return `"${raw}" must start with http:// or https:// (e.g. https://licences.gov.example)`;
  if (u.username || u.password) return `"${raw}" must not carry a user name or password: remove them`;
  if (u.search || raw.includes("?"))
    return `"${raw}" must not have a query (?…): QR codes and certificates append paths to it; remove it`;
  if (u.hash || raw.includes("#"))
    return `"${raw}" must not have a fragment (#…): QR codes put their payload there; remove it`;
  return null;
}

/** The base URL as stored and used: without trailing slashes (paths are appended as `${baseUrl}/v`). */
export function normaliseBaseUrl(raw: string): string {
  return raw.trim().replace(/\/+$/u, "");
}

/** The base URL's path without its trailing slash: "" for https://x.example, "/elicence" for …/elicence/. */
export function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/u, "");
}

/** True when the URL's host is only reachable from this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0). */
export function isLoopbackUrl(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(host) ||
    host === "[::1]" ||
    host === "0.0.0.0" ||
    host === "[::]"
  );
}

/** Why a loopback base URL is refused in production, and the fix; `via` names where it came from. */
export function loopbackInProduction(baseUrl: string, via: string): string {
  return `"${baseUrl}" is a loopback address, which NODE_ENV=production refuses: no phone or verifier can reach it, and every sealed PDF would carry it; set ${via} to the registry's public address (e.g. https://licences.gov.example)`;
}

/**
 * ELICENCE_BASE_PATH normalised ("/elicence/" → "/elicence", "/" → ""), or a problem. Segments of letters, digits
 * and - _ . ~ only: the path goes into routes and HTML attributes as it is.
 */
export function parseBasePath(raw: string): { path: string } | { problem: string } {
  const p = raw.trim().replace(/\/+$/u, "");
  if (p === "") return { path: "" };
  if (!/^(\/[A-Za-z0-9._~-]+)+$/u.test(p) || /\/\.\.?(\/|$)/u.test(p))
    return {
      problem: `"${raw}" is not a URL path: give one starting with / of letters, digits and - _ . ~ (e.g. /elicence)`,
    };
  return { path: p };
}
