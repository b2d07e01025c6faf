// The trust anchor a verifier holds before it sees any list: the root certificate itself (the CLI, from its data
// directory) or the SHA-256 of the root's SubjectPublicKeyInfo (the page, pinned by the server that serves it). A
// list is judged against it; the root a list carries is only ever a candidate. Isomorphic.
import { bytesEqual, fromBase64, sha256, toHex } from "./bytes.js";
import { readCertificate } from "./certificate-facts.js";

/** The root certificate's DER, or the SHA-256 of its SubjectPublicKeyInfo. */
export type TrustAnchor = Uint8Array | { rootSpkiSha256: Uint8Array };

/** Lower-case hex, 64 characters: how the pin travels (HTML meta, CLI --root-fingerprint) and is shown to people. */
const HEX_PIN = /^[0-9a-f]{64}$/u;

export function anchorFromFingerprint(hex: string): TrustAnchor | null {
  const h = hex.trim().toLowerCase().replaceAll(":", "");
  if (!HEX_PIN.test(h)) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return { rootSpkiSha256: bytes };
}

/**
 * The anchor a page was served with, from the contents of every element that carries one (the verifier page's meta
 * elements, in document order): exactly one, or none. A second element (a build's leftover, one slipped into the
 * page) makes the anchor ambiguous, and an ambiguous anchor is none: the page then trusts no list rather than
 * whichever element it happened to read first.
 */
export function anchorFromServedPage(
  contents: readonly string[],
): { anchor: TrustAnchor; fingerprint: string } | null {
  if (contents.length !== 1) return null;
  const [content = ""] = contents;
  const anchor = anchorFromFingerprint(content);
  return anchor ? { anchor, fingerprint: content.trim().toLowerCase().replaceAll(":", "") } : null;
}

/** The SPKI SHA-256 (hex) of a DER root certificate, or null when it is not one. */
export async function rootFingerprint(rootDer: Uint8Array): Promise<string | null> {
  const root = readCertificate(rootDer);
  return root ? toHex(await sha256(root.spki)) : null;
}

/** True when the base64 DER root a list names is the anchored one. */
export async function matchesAnchor(anchor: TrustAnchor, rootB64: string): Promise<boolean> {
  const der = fromBase64(rootB64);
  if (!der) return false;
  if (anchor instanceof Uint8Array) return bytesEqual(anchor, der);
  const root = readCertificate(der);
  return root !== null && bytesEqual(await sha256(root.spki), anchor.rootSpkiSha256);
}
