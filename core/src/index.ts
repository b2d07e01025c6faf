// Public surface of @elicence/core, the ground floor under the signer, the registry and the pages: pure rules with
// no I/O and no dependencies (identifiers, China dates, bilingual text, the
// reason codes of lifecycle changes). fast-check arbitraries of valid codes are
// test-only (fast-check is a dev dependency) and stay out of this surface: see ./identifiers/arbitraries.ts.
export type { Bilingual } from "./bilingual.js";
export {
  addDays,
  chinaDate,
  chinaTime,
  dateEn,
  dateZh,
  formatChinaDate,
  isIsoDate,
  startOfChinaDay,
} from "./china-date.js";
export * from "./identifiers/index.js";
export { REASON_CODES, isReasonCode, reasonWords, type ReasonCode } from "./reason-codes.js";
