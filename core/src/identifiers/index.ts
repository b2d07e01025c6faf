// Public API of identifier validation: citizen ID numbers, unified social credit codes, licence identifiers,
// holder codes, masking, error catalogue. fast-check arbitraries live in ./arbitraries.ts (tests only: not exported).
export { ID_ERROR_CODES, ID_ERROR_CODE_LIST, type IdErrorCode } from "./codes.js";
export { suggestionsOf, type IdProblem, type IdResult } from "./result.js";
export { IdentifierError } from "./identifier-error.js";
export { normaliseIdentifierInput, type NormalisedInput, type NormaliseOptions } from "./normalise.js";
export { PROVINCES, PROVINCE_CODES, isProvinceCode } from "./provinces.js";
export {
  parseIdNumber,
  isValidIdNumber,
  computeIdNumberCheck,
  convertLegacyIdNumber,
  chinaDateKey,
  MIN_BIRTH_YEAR,
  type CitizenIdNumber,
  type IdNumberOptions,
} from "./citizen-id.js";
export { computeOrgCodeCheck, isValidOrgCode } from "./org-code.js";
export {
  parseCreditCode,
  isValidCreditCode,
  computeCreditCodeCheck,
  completeCreditCode,
  CREDIT_CODE_ALPHABET,
  type CreditCode,
} from "./credit-code.js";
export { computeMod3736Check, mod3736, isValidMod3736, MOD37_36_ALPHABET } from "./mod37-36.js";
export {
  parseLicenceIdentifier,
  buildLicenceIdentifier,
  computeLicenceIdentifierCheck,
  isValidLicenceIdentifier,
  LICENCE_IDENTIFIER_ROOT,
  MISTYPED_LICENCE_IDENTIFIER_ROOT,
  SERIAL_PATTERN,
  type LicenceIdentifier,
  type LicenceIdentifierParts,
} from "./licence-identifier.js";
export { findSingleEditCandidates, withCandidates, MAX_CANDIDATES, type EditSearch } from "./suggest.js";
export {
  parseHolderCode,
  type HolderCode,
  type HolderCodeOptions,
  type HolderCodeType,
} from "./holder-code.js";
export { maskIdNumber, maskCreditCode, maskHolderCode, maskName } from "./mask.js";
export {
  seededRng,
  randomValidIdNumber,
  randomLegacyIdNumber,
  randomValidCreditCode,
  randomValidLicenceIdentifier,
  type Rng,
  type RandomIdNumberOptions,
  type RandomCreditCodeOptions,
} from "./random-codes.js";
