// Citizen ID number (公民身份号码, GB 11643-1999): validation, MOD 11-2 check, 15-digit legacy conversion.
import { chinaDate } from "../china-date.js";
import { compactInnerSpace, normaliseIdentifierInput } from "./normalise.js";
import { isProvinceCode, PROVINCES } from "./provinces.js";
import type { IdProblem, IdResult } from "./result.js";
import { findSingleEditCandidates, withCandidates } from "./suggest.js";

export interface CitizenIdNumber {
  /** Normalised 18-character number. */
  code: string;
  codeType: "111";
  /** The 15-digit legacy number this one was converted from. */
  original?: string;
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  sex: "male" | "female";
  /** Two-digit province-level code. */
  province: string;
  provinceName: string;
}

export interface IdNumberOptions {
  /** Birth dates after this day (China Standard Time) are rejected. */
  now: Date;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";
/** Birth years before this are treated as impossible: nobody alive when IDs were issued was born earlier. */
export const MIN_BIRTH_YEAR = 1800;
const WHAT = "citizen ID number";

/** MOD 11-2 check character for 17 digits. Throws RangeError otherwise (it is a minting helper, not a validator). */
export function computeIdNumberCheck(first17: string): string {
  if (!/^\d{17}$/u.test(first17)) throw new RangeError("computeIdNumberCheck needs exactly 17 digits");
  return checkOf(first17);
}

function checkOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS.charAt(sum % 11);
}

/** 15-digit legacy number → 18 characters: "19" before the YYMMDD year, plus the check character. Throws RangeError. */
export function convertLegacyIdNumber(legacy15: string): string {
  if (!/^\d{15}$/u.test(legacy15)) throw new RangeError("convertLegacyIdNumber needs exactly 15 digits");
  const first17 = `${legacy15.slice(0, 6)}19${legacy15.slice(6)}`;
  return first17 + checkOf(first17);
}

/** YYYYMMDD of `now` in China Standard Time (UTC+8, no daylight saving since 1991), as a comparable number. */
export function chinaDateKey(now: Date): number {
  return Number(chinaDate(now).replaceAll("-", ""));
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < MIN_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Fast boolean check of a normalised 18-character number (used by the did-you-mean search). */
export function isValidIdNumber(code: string, now: Date): boolean {
  return isValid18(code, chinaDateKey(now));
}

function isValid18(code: string, today: number): boolean {
  if (!/^\d{17}[\dX]$/u.test(code)) return false;
  const birth = code.slice(6, 14);
  return (
    checkOf(code.slice(0, 17)) === code.charAt(17) &&
    isRealDate(birth) &&
    Number(birth) <= today &&
    isProvinceCode(code.slice(0, 2))
  );
}

function isValid15(code: string, today: number): boolean {
  return /^\d{15}$/u.test(code) && isValid18(convertLegacyIdNumber(code), today);
}

/** Validates a citizen ID number (18 characters, or a 15-digit legacy one, which is converted). Never throws. */
export function parseIdNumber(raw: unknown, options: IdNumberOptions): IdResult<CitizenIdNumber> {
  const normalised = normaliseIdentifierInput(raw, { what: WHAT });
  if (!normalised.ok) return normalised;
  const today = chinaDateKey(options.now);
  const errors: IdProblem[] = [];
  let value = normalised.value;

  const spaced = compactInnerSpace(value, WHAT, (c: string) =>
    c.length === 15 ? isValid15(c, today) : isValid18(c, today),
  );
  value = spaced.value;
  if (spaced.problem) errors.push(spaced.problem);

  const legacy = value.length === 15;
  if (value.length !== 18 && !legacy) {
    errors.push({
      code: "REG_ID_WRONG_LENGTH",
      message: `The ${WHAT} has ${value.length} characters; it must have 18 (or 15 digits for a first-generation number). Check for a missing or extra digit.`,
    });
  }
  const charProblem = characterProblem(value, legacy);
  if (charProblem) errors.push(charProblem);

  if (value.length === 18 || legacy) {
    const first17 = legacy ? `${value.slice(0, 6)}19${value.slice(6)}` : value.slice(0, 17);
    const checkable = /^\d{17}$/u.test(first17) && (legacy || /^[\dX]$/u.test(value.charAt(17)));
    const checkMismatch = checkable && !legacy && checkOf(first17) !== value.charAt(17);
    if (checkMismatch) {
      errors.push({
        code: "REG_ID_CHECK_MISMATCH",
        message: `The 18th (check) character does not match the first 17 digits: at least one character is mistyped. Compare every digit with the ID card.`,
        position: 18,
      });
    }
    const birth = first17.slice(6, 14);
    if (/^\d{8}$/u.test(birth)) {
      const span = legacy ? "characters 7 to 12 (YYMMDD)" : "characters 7 to 14 (YYYYMMDD)";
      if (!isRealDate(birth)) {
        errors.push({
          code: "REG_ID_IMPOSSIBLE_DATE",
          message: `The birth date in ${span} is not a real date (year ${MIN_BIRTH_YEAR} or later). Check those digits against the ID card.`,
          position: 7,
        });
      } else if (Number(birth) > today) {
        errors.push({
          code: "REG_ID_FUTURE_DATE",
          message: `The birth date in ${span} is after today. Check those digits against the ID card.`,
          position: 7,
        });
      }
    }
    const province = value.slice(0, 2);
    if (/^\d\d$/u.test(province) && !isProvinceCode(province)) {
      errors.push({
        code: "REG_ID_UNKNOWN_PROVINCE",
        message: `The first two digits (${province}) are not a province-level code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82). Check them against the ID card.`,
        position: 1,
      });
    }
    // A typo is what the search can explain: a bad character or a failing check. Date or province errors with a
    // passing check cannot come from one typo (MOD 11-2 catches every single substitution and neighbour swap).
    if (charProblem || checkMismatch) {
      const candidates = findSingleEditCandidates(value, {
        alphabet: legacy ? "0123456789" : "0123456789X",
        isValid: (c) => (legacy ? isValid15(c, today) : isValid18(c, today)),
      });
      const index = errors.findIndex((e) => e === charProblem || e.code === "REG_ID_CHECK_MISMATCH");
      if (index >= 0) errors[index] = withCandidates(errors[index] as IdProblem, candidates);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const code = legacy ? convertLegacyIdNumber(value) : value;
  const birth = code.slice(6, 14);
  const province = code.slice(0, 2);
  const result: CitizenIdNumber = {
    code,
    codeType: "111",
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(code.charAt(16)) % 2 === 1 ? "male" : "female",
    province,
    provinceName: PROVINCES[province] as string,
  };
  if (legacy) result.original = value;
  return typeof raw === "string" && raw !== code
    ? { ok: true, value: result, normalisedFrom: raw }
    : { ok: true, value: result };
}

function characterProblem(value: string, legacy: boolean): IdProblem | undefined {
  const bad: number[] = [];
  let misplacedX = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c >= "0" && c <= "9") continue;
    if (c === "X" && !legacy && i === value.length - 1 && value.length === 18) continue;
    if (c === "X") misplacedX = true;
    bad.push(i + 1);
  }
  if (bad.length === 0) return undefined;
  const listed = bad.map((p) => `${p} ('${value.charAt(p - 1)}')`).join(", ");
  const hint = misplacedX
    ? legacy
      ? " A 15-digit number has no X."
      : " X may only be the 18th character."
    : " Letters O, I and l are often typed for 0 and 1.";
  return {
    code: "REG_ID_WRONG_CHARACTERS",
    message: `The ${WHAT} may contain only digits (and X as the 18th character); wrong character at position${bad.length > 1 ? "s" : ""} ${listed}.${hint}`,
    position: bad[0] as number,
  };
}
