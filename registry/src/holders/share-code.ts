// Share codes: 10 characters of Crockford's base32 (50 bits from the CSPRNG), shown as two groups of five. Reading
// them back forgives what people mistype (lower case, spaces, hyphens, O for 0, I or L for 1). Only a slow scrypt
// hash, salted with the holder's code, is stored, so a copy of the database does not reveal live codes.
import { randomInt, scrypt } from "node:crypto";

/** Crockford's base32: no I, L, O or U, so nothing reads as something else. */
export const SHARE_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SHARE_CODE_LENGTH = 10;
/**
 * scrypt cost: 4 MiB and some milliseconds per try. 2^50 offline guesses for one holder would take ~10^5 CPU-years,
 * while a sign-in stays cheap; the salt (the holder code) stops one computation serving every holder.
 */
const SCRYPT = { N: 1 << 12, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;

/** A fresh code, unformatted (10 characters). */
export function newShareCode(): string {
  let out = "";
  for (let i = 0; i < SHARE_CODE_LENGTH; i++)
    out += SHARE_CODE_ALPHABET[randomInt(SHARE_CODE_ALPHABET.length)];
  return out;
}

/** ABCDE-FGHJK: how a code is printed and read aloud. */
export function formatShareCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The code as typed, normalised to its 10 canonical characters; null when it cannot be one. */
export function normaliseShareCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== SHARE_CODE_LENGTH) return null;
  for (const c of code) if (!SHARE_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** Hex scrypt of a normalised code, salted with the holder code it opens. */
export function hashShareCode(code: string, holderCode: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(code, `elicence/share-code/v1/${holderCode}`, 32, SCRYPT, (err, key) =>
      err ? reject(err) : resolve(key.toString("hex")),
    );
  });
}
