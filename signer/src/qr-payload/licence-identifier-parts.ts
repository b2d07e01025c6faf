// Splits and rebuilds GB/T 36904 licence identifiers (1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>)
// in the browser too: QR payloads carry the identifier once, and type code, issuer and version are read from it.
// The root, the parts and the MOD 37,36 check character are the identifier rules of @elicence/core: one home.
import {
  LICENCE_IDENTIFIER_ROOT,
  mod3736,
  SERIAL_PATTERN,
  type LicenceIdentifierParts,
} from "@elicence/core";

export { LICENCE_IDENTIFIER_ROOT, type LicenceIdentifierParts };

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/u;

/** The parts of a well-formed identifier whose check character is right; null otherwise. */
export function splitLicenceIdentifier(identifier: string): LicenceIdentifierParts | null {
  if (!identifier.startsWith(`${LICENCE_IDENTIFIER_ROOT}.`)) return null;
  const parts = identifier.slice(LICENCE_IDENTIFIER_ROOT.length + 1).split(".");
  if (parts.length !== 5) return null;
  const [typeCode = "", issuerCode = "", serial = "", version = "", check = ""] = parts;
  if (
    !/^.{18}\d{3}$/u.test(typeCode) ||
    !USCC.test(issuerCode) ||
    !SERIAL_PATTERN.test(serial) ||
    !/^(?!000)\d{3}$/u.test(version) ||
    check.length !== 1
  )
    return null;
  if (mod3736(`${typeCode}${issuerCode}${serial}${version}`) !== check) return null;
  return { typeCode, issuerCode, serial, version: Number(version) };
}

const TYPE_CODE = /^[0-9A-Z]{18}\d{3}$/u;
/** The version without leading zeros: "1" for "001". */
const VERSION_NUMBER = /^[1-9]\d{0,2}$/u;

/**
 * What a compact QR code writes of the identifier: `<type code>.<serial>.<version>`, the version without leading
 * zeros (the root is fixed, the issuer is the department of the seal that signed, the check character follows from
 * the rest): "11100000MB0143028R013.7K2M9QX4ZP1A.1". Null for anything that is not a well-formed identifier.
 */
export function identifierWithoutIssuer(identifier: string): string | null {
  const parts = splitLicenceIdentifier(identifier);
  if (!parts) return null;
  return `${parts.typeCode}.${parts.serial}.${parts.version}`;
}

/** Checks the shape of `<type code>.<serial>.<version>` without rebuilding the identifier. */
export function isIdentifierWithoutIssuer(text: string): boolean {
  const [typeCode = "", serial = "", version = "", ...rest] = text.split(".");
  return (
    rest.length === 0 &&
    TYPE_CODE.test(typeCode) &&
    SERIAL_PATTERN.test(serial) &&
    VERSION_NUMBER.test(version)
  );
}

/** The whole identifier from `<type code>.<serial>.<version>` and the issuer's USCC; null when either is malformed. */
export function identifierWithIssuer(withoutIssuer: string, issuerCode: string): string | null {
  if (!isIdentifierWithoutIssuer(withoutIssuer)) return null;
  const [typeCode = "", serial = "", versionNumber = ""] = withoutIssuer.split(".");
  const version = versionNumber.padStart(3, "0");
  const check = mod3736(`${typeCode}${issuerCode}${serial}${version}`);
  if (!check) return null;
  const identifier = `${LICENCE_IDENTIFIER_ROOT}.${typeCode}.${issuerCode}.${serial}.${version}.${check}`;
  return splitLicenceIdentifier(identifier) ? identifier : null;
}
