// Certificate and timestamp serial numbers: 126 random bits from the CSPRNG (CA/B Forum asks ≥ 64), always positive.
import { randomBytes } from "node:crypto";

/**
 * 16 random octets with the top bit cleared (positive INTEGER) and the next one set (no leading zero octet, so the
 * DER is always 16 octets and the hex form is canonical). Retries on the astronomically unlikely collision.
 */
export function randomSerial(taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const b = randomBytes(16);
    b[0] = ((b[0] ?? 0) & 0x7f) | 0x40;
    const hex = b.toString("hex");
    if (!taken.has(hex)) return hex;
  }
}
