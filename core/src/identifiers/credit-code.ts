// Unified social credit code (统一社会信用代码, GB 32100-2015): validation, MOD 31 check, embedded GB 11714 check.
import { compactInnerSpace, normaliseIdentifierInput } from "./normalise.js";
import { computeOrgCodeCheck, isValidOrgCode } from "./org-code.js";
import type { IdProblem, IdResult } from "./result.js";
import { findSingleEditCandidates, withCandidates } from "./suggest.js";

export interface CreditCode {
  code: string;
  codeType: "001";
  /** Position 1 (登记管理部门代码), e.g. 1 机构编制, 5 民政, 9 市场监管. */
  registrationAuthority: string;
  /** Position 2 (机构类别代码). */
  orgType: string;
  /** Positions 3-8, the administrative division code. */
  division: string;
  /** Positions 9-17, the GB 11714 organisation code without hyphen. */
  orgCode: string;
}

/** The 31 characters in value order 0-30. */
export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const FORBIDDEN = "IOZSV";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUES: Readonly<Record<string, number>> = Object.fromEntries(
  [...CREDIT_CODE_ALPHABET].map((c, i) => [c, i]),
);
const WHAT = "unified social credit code";

function checkOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VALUES[first17.charAt(i)] as number) * (WEIGHTS[i] as number);
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

function inAlphabet(s: string): boolean {
  for (const c of s) if (VALUES[c] === undefined) return false;
  return true;
}

/** GB 32100 check character for 17 characters of the USCC alphabet. Throws RangeError otherwise (minting helper). */
export function computeCreditCodeCheck(first17: string): string {
  if (first17.length !== 17 || !inAlphabet(first17)) {
    throw new RangeError("computeCreditCodeCheck needs exactly 17 characters of 0-9 A-H J-N P-R T U W-Y");
  }
  return checkOf(first17);
}

/**
 * Completes 16 characters (authority, type, division, 8-character organisation code body) into a valid USCC by
 * appending the GB 11714 and GB 32100 check characters. Throws RangeError on other input (minting helper).
 */
export function completeCreditCode(first16: string): string {
  if (first16.length !== 16 || !inAlphabet(first16)) {
    throw new RangeError("completeCreditCode needs exactly 16 characters of 0-9 A-H J-N P-R T U W-Y");
  }
  const first17 = first16 + computeOrgCodeCheck(first16.slice(8, 16));
  return first17 + checkOf(first17);
}

/** Fast boolean check of a normalised code: alphabet, length, both check characters. */
export function isValidCreditCode(code: string): boolean {
  return (
    code.length === 18 &&
    inAlphabet(code) &&
    checkOf(code.slice(0, 17)) === code.charAt(17) &&
    isValidOrgCode(code.slice(8, 17))
  );
}

/** Validates a unified social credit code. Never throws. */
export function parseCreditCode(raw: unknown): IdResult<CreditCode> {
  const normalised = normaliseIdentifierInput(raw, { what: WHAT });
  if (!normalised.ok) return normalised;
  const errors: IdProblem[] = [];
  let value = normalised.value;

  const spaced = compactInnerSpace(value, WHAT, isValidCreditCode);
  value = spaced.value;
  if (spaced.problem) errors.push(spaced.problem);
  if (value.length !== 18) {
    errors.push({
      code: "REG_USCC_WRONG_LENGTH",
      message: `The ${WHAT} has ${value.length} characters; it must have 18. Check for a missing or extra character against the certificate.`,
    });
  }
  const forbidden: number[] = [];
  const other: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (VALUES[c] !== undefined) continue;
    (FORBIDDEN.includes(c) ? forbidden : other).push(i + 1);
  }
  const describe = (positions: number[]): string =>
    `position${positions.length > 1 ? "s" : ""} ${positions.map((p) => `${p} ('${value.charAt(p - 1)}')`).join(", ")}`;
  const charProblems: IdProblem[] = [];
  if (forbidden.length > 0) {
    charProblems.push({
      code: "REG_USCC_FORBIDDEN_LETTER",
      message: `A ${WHAT} never contains I, O, Z, S or V, found at ${describe(forbidden)}. They are usually 1, 0, 2, 5 or U/Y misread; correct them from the certificate.`,
      position: forbidden[0],
    });
  }
  if (other.length > 0) {
    charProblems.push({
      code: "REG_USCC_WRONG_CHARACTERS",
      message: `A ${WHAT} contains only digits and the capital letters A-H, J-N, P-R, T, U, W-Y; wrong character at ${describe(other)}. Remove or replace it.`,
      position: other[0],
    });
  }
  errors.push(...charProblems);

  const checkProblems: IdProblem[] = [];
  if (value.length === 18 && charProblems.length === 0) {
    if (checkOf(value.slice(0, 17)) !== value.charAt(17)) {
      checkProblems.push({
        code: "REG_USCC_CHECK_MISMATCH",
        message: `The 18th (check) character does not match the first 17 characters: at least one character is mistyped. Compare every character with the certificate.`,
        position: 18,
      });
    }
    if (!isValidOrgCode(value.slice(8, 17))) {
      checkProblems.push({
        code: "REG_USCC_ORG_CHECK",
        message: /^[0-9X]$/u.test(value.charAt(16))
          ? `Characters 9 to 17 are not a valid organisation code (GB 11714): the 17th character does not match characters 9 to 16. Compare them with the certificate.`
          : `Characters 9 to 17 must be an organisation code (GB 11714) whose 17th character is a digit or X. Compare them with the certificate.`,
        position: 17,
      });
    }
    errors.push(...checkProblems);
  }

  const trigger = charProblems[0] ?? checkProblems[0];
  if (value.length === 18 && trigger) {
    const candidates = findSingleEditCandidates(value, {
      alphabet: CREDIT_CODE_ALPHABET,
      isValid: isValidCreditCode,
    });
    const index = errors.indexOf(trigger);
    errors[index] = withCandidates(trigger, candidates);
  }
  if (errors.length > 0) return { ok: false, errors };

  const result: CreditCode = {
    code: value,
    codeType: "001",
    registrationAuthority: value.charAt(0),
    orgType: value.charAt(1),
    division: value.slice(2, 8),
    orgCode: value.slice(8, 17),
  };
  return typeof raw === "string" && raw !== value
    ? { ok: true, value: result, normalisedFrom: raw }
    : { ok: true, value: result };
}
