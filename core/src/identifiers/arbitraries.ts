// fast-check arbitraries of valid codes for property tests elsewhere in the registry. Not re-exported from index.ts
// because fast-check is a dev dependency: import this file directly from tests only.
import fc from "fast-check";
import { computeIdNumberCheck } from "./citizen-id.js";
import { completeCreditCode, CREDIT_CODE_ALPHABET } from "./credit-code.js";
import { buildLicenceIdentifier, type LicenceIdentifierParts } from "./licence-identifier.js";
import { MOD37_36_ALPHABET } from "./mod37-36.js";
import { PROVINCE_CODES } from "./provinces.js";

const DAY_MS = 86_400_000;
const digitString = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });

/** YYYYMMDD of a day between the two ISO dates (inclusive). */
export function birthDateArb(from = "1930-01-01", to = "2005-12-31"): fc.Arbitrary<string> {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.floor((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS);
  return fc
    .integer({ min: 0, max: days })
    .map((d) => new Date(start + d * DAY_MS).toISOString().slice(0, 10).replaceAll("-", ""));
}

/** Valid 18-character citizen ID numbers born 1930-2005 (in the past for any test clock after 2006). */
export function idNumberArb(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...PROVINCE_CODES), digitString(4), birthDateArb(), digitString(3))
    .map(([province, county, birth, sequence]) => {
      const first17 = province + county + birth + sequence;
      return first17 + computeIdNumberCheck(first17);
    });
}

/** Valid 15-digit first-generation numbers (born 1900-1999). */
export function legacyIdNumberArb(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...PROVINCE_CODES),
      digitString(4),
      birthDateArb("1900-01-01", "1999-12-31"),
      digitString(3),
    )
    .map(([province, county, birth, sequence]) => province + county + birth.slice(2) + sequence);
}

/** Valid unified social credit codes, any characters of the alphabet in the first 16 positions. */
export function creditCodeArb(): fc.Arbitrary<string> {
  return fc
    .string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 16, maxLength: 16 })
    .map(completeCreditCode);
}

export function licenceIdentifierPartsArb(): fc.Arbitrary<LicenceIdentifierParts> {
  return fc.record({
    typeCode: fc.tuple(creditCodeArb(), digitString(3)).map(([uscc, n]) => uscc + n),
    issuerCode: creditCodeArb(),
    serial: fc.string({ unit: fc.constantFrom(...MOD37_36_ALPHABET), minLength: 1, maxLength: 40 }),
    version: fc.integer({ min: 1, max: 999 }),
  });
}

/** Valid licence identifiers with the GB/T 36904 root. */
export function licenceIdentifierArb(): fc.Arbitrary<string> {
  return licenceIdentifierPartsArb().map(buildLicenceIdentifier);
}
