// The trust anchor verifiers pin: the SHA-256 of the root CA's SubjectPublicKeyInfo, in lower-case hex. The verifier
// page gets it in its HTML, `elicence serve` prints it so an operator can compare it with the page's footer, and the
// CLI accepts it as --root-fingerprint. The key, not the certificate: a root re-issued with the same key still matches.
import { createHash } from "node:crypto";

/** Any certificate object whose publicKey.rawData is the SubjectPublicKeyInfo DER (@peculiar/x509's is). */
export function rootSpkiSha256Hex(root: { publicKey: { rawData: ArrayBuffer } }): string {
  return createHash("sha256").update(new Uint8Array(root.publicKey.rawData)).digest("hex");
}
