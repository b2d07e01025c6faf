// What a live status answer is about, without saying it: the SHA-256 of the licence identifier (UTF-8), base64url
// without padding. The registry puts it in GET /api/v1/status/{token}; the verifier page and the CLI compare it with
// the identifier of the offline-verified QR payload, so a genuine token of another licence cannot vouch for a payload.
// Isomorphic (WebCrypto): this one function is used by the registry, the page and the CLI alike.

import { sha256, toBase64Url, utf8 } from "../trust-list/bytes.js";

/** base64url (no padding) of SHA-256 over the UTF-8 licence identifier. */
export async function identifierSha256(identifier: string): Promise<string> {
  return toBase64Url(await sha256(utf8(identifier)));
}

/**
 * Whether a status answer's identifierSha256 names this identifier. An answer without one (a registry from before the
 * field) is "absent", which callers treat as not confirmed rather than as a match.
 */
export async function statusNamesIdentifier(
  identifier: string,
  answered: string | undefined | null,
): Promise<"match" | "mismatch" | "absent"> {
  if (typeof answered !== "string" || answered === "") return "absent";
  return (await identifierSha256(identifier)) === answered ? "match" : "mismatch";
}
