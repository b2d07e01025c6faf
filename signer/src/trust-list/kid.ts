// The key id that QR payloads and trust-list entries share: the first 8 bytes of SHA-256 over the seal certificate's
// DER. Short enough for a QR code; a collision within one registry's few dozen seals is not a practical concern.
import { sha256 } from "./bytes.js";

export const KID_LENGTH = 8;

export async function kidOf(certificateDer: Uint8Array): Promise<Uint8Array> {
  return (await sha256(certificateDer)).subarray(0, KID_LENGTH);
}
