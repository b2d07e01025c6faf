// Unguessable values for licences: serials (never sequential) and public lookup tokens (128 bits).
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A 12-character serial over 0-9A-Z (≈ 62 bits), uniform by rejection sampling. */
export function newSerial(length = 12): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 252 && out.length < length) out += ALPHABET[b % 36];
    }
  }
  return out;
}

/** 128 bits from the CSPRNG, base64url (22 characters). */
export function newPublicToken(): string {
  return randomBytes(16).toString("base64url");
}
