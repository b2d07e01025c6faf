// Certification path from a leaf certificate to the trust root (RFC 5280 §6, the parts a two-level PKI needs):
// issuer names and signatures, validity at the given time, CA constraints and path length.
import type { ReasonCode } from "../reason-codes.js";
import { KEY_USAGE, hasKeyUsage, issued, sameCert, type Cert } from "./certificates.js";

export type ChainResult =
  { ok: true; path: Cert[] } | { ok: false; code: ReasonCode; detail: string; path: Cert[] };

const MAX_PATH = 6;

export function buildChain(leaf: Cert, pool: readonly Cert[], root: Cert, at: Date): ChainResult {
  const path: Cert[] = [leaf];
  let current = leaf;
  while (!sameCert(current, root)) {
    if (path.length > MAX_PATH)
      return { ok: false, code: "VER_PDF_CHAIN_UNTRUSTED", detail: "the chain is too long", path };
    // The root first: a certificate issued directly by it needs nothing else.
    const next = [root, ...pool].find((c) => !path.some((p) => sameCert(p, c)) && issued(c, current));
    if (!next) {
      return {
        ok: false,
        code: "VER_PDF_CHAIN_UNTRUSTED",
        detail: `no trusted issuer for "${current.commonName ?? current.serial}"`,
        path,
      };
    }
    path.push(next);
    current = next;
  }
  for (const c of path) {
    if (at < c.notBefore || at > c.notAfter)
      return {
        ok: false,
        code: "VER_PDF_CHAIN_EXPIRED",
        detail: `"${c.commonName ?? c.serial}" is valid from ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}, not at ${at.toISOString()}`,
        path,
      };
  }
  for (let i = 1; i < path.length; i++) {
    const ca = path[i] as Cert;
    const below = i - 1; // CA certificates between this one and the leaf
    if (
      !ca.isCa ||
      !hasKeyUsage(ca, KEY_USAGE.keyCertSign) ||
      (ca.pathLen !== undefined && below > ca.pathLen)
    )
      return {
        ok: false,
        code: "VER_PDF_CHAIN_CA_INVALID",
        detail: `"${ca.commonName ?? ca.serial}" may not issue this certificate`,
        path,
      };
  }
  return { ok: true, path };
}
