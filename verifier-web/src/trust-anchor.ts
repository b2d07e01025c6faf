// The page's trust anchor: the SHA-256 of the root CA's SubjectPublicKeyInfo, which the registry writes into this
// page's HTML (<meta name="elicence-trust-anchor">, registry/src/http/routes/web.ts) from the PKI it serves. Why
// there: the pages are built before the first start creates the PKI, and the server that serves the page's code is
// the party the page trusts anyway. A trust list is judged against this anchor, never against the root it carries;
// the footer shows the fingerprint so an operator can compare it with what `elicence serve` prints.
import { anchorFromServedPage, type TrustAnchor } from "@elicence/signer/browser";
import { say, t } from "./i18n.js";

export const TRUST_ANCHOR_META = "elicence-trust-anchor";

export interface PinnedAnchor {
  anchor: TrustAnchor;
  /** Lower-case hex, as served and shown. */
  fingerprint: string;
}

/** The anchor this page was served with, or null when it has none (never built by the registry, or malformed). */
export function pinnedAnchor(doc: Document): PinnedAnchor | null {
  const metas = doc.querySelectorAll<HTMLMetaElement>(`meta[name="${TRUST_ANCHOR_META}"]`);
  // Every element, not the first: two anchors are none (anchorFromServedPage).
  return anchorFromServedPage([...metas].map((m) => m.content));
}

/** The fingerprint in groups of four, as people compare it. */
export function groupedFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/gu, "$1 ");
}

/** The footer line an operator compares with `elicence serve`'s "trust anchor" line. */
export function showAnchor(pin: PinnedAnchor | null): void {
  const node = document.getElementById("trust-anchor");
  if (!node) return;
  node.textContent = pin
    ? say(t.trustAnchorFingerprint, { fp: groupedFingerprint(pin.fingerprint) })
    : say(t.trustAnchorMissing);
}
