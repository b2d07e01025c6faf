// Splits and checks a GB/T 36904 licence identifier (1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>) in
// the browser too: the QR claims carry the identifier once, and type code, issuer and version are read from it.

export const LICENCE_IDENTIFIER_ROOT = "1.2.156.3005.2";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/u;

export interface LicenceIdentifierParts {
  /** 21 characters: the defining authority's USCC and 3 digits. */
  typeCode: string;
  /** The issuing department's USCC. */
  issuerCode: string;
  serial: string;
  version: number;
}

/** ISO 7064 hybrid MOD 37,36 check character over the parts without root and dots. */
function checkCharacter(body: string): string | null {
  let p = 36;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    let s = (p + v) % 36;
    if (s === 0) s = 36;
    p = (2 * s) % 37;
  }
  return ALPHABET.charAt((37 - p) % 36);
}

/** The parts of a well-formed identifier whose check character is right; null otherwise. */
export function splitLicenceIdentifier(identifier: string): LicenceIdentifierParts | null {
  if (!identifier.startsWith(`${LICENCE_IDENTIFIER_ROOT}.`)) return null;
  const parts = identifier.slice(LICENCE_IDENTIFIER_ROOT.length + 1).split(".");
  if (parts.length !== 5) return null;
  const [typeCode = "", issuerCode = "", serial = "", version = "", check = ""] = parts;
  if (
    !/^.{18}\d{3}$/u.test(typeCode) ||
    !USCC.test(issuerCode) ||
    !/^[0-9A-Z]{1,40}$/u.test(serial) ||
    !/^(?!000)\d{3}$/u.test(version) ||
    check.length !== 1
  )
    return null;
  if (checkCharacter(`${typeCode}${issuerCode}${serial}${version}`) !== check) return null;
  return { typeCode, issuerCode, serial, version: Number(version) };
}
