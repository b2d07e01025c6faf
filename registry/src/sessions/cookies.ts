// Cookies by hand (no cookie plugin in this build): parsing the Cookie header and writing Set-Cookie values. Session
// cookies are always HttpOnly, SameSite=Strict and Path=/, and Secure whenever the registry is reached over https.

/** Cookie names and values as RFC 6265 allows them unquoted; ours are base64url, so nothing needs encoding. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[!#-+\--:<-[\]-~]*$/;

/** Name → value of a Cookie header; the first of repeated names wins, malformed pairs are skipped. */
export function parseCookies(header: string | string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const text = Array.isArray(header) ? header.join("; ") : (header ?? "");
  for (const pair of text.split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!TOKEN.test(name) || !VALUE.test(value) || out.has(name)) continue;
    out.set(name, value);
  }
  return out;
}

export interface CookieOptions {
  /** Seconds until the browser drops it; 0 deletes it now. */
  maxAgeSeconds: number;
  /** Session ids: true (scripts cannot read them). CSRF tokens: false (the page reads and echoes them). */
  httpOnly: boolean;
  secure: boolean;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  if (!TOKEN.test(name)) throw new Error(`cookie name ${JSON.stringify(name)} is not an RFC 6265 token`);
  if (!VALUE.test(value)) throw new Error(`the value of cookie ${name} has characters a cookie cannot carry`);
  return [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    ...(o.maxAgeSeconds <= 0 ? ["Expires=Thu, 01 Jan 1970 00:00:00 GMT"] : []),
    ...(o.httpOnly ? ["HttpOnly"] : []),
    ...(o.secure ? ["Secure"] : []),
    "SameSite=Strict",
  ].join("; ");
}
