// Licence identifier (电子证照标识, GB/T 36904-2018): parse, build and check
// `1.2.156.3005.2.<type code>.<issuer USCC>.<serial>.<version>.<check>`.
import { isValidCreditCode, parseCreditCode } from "./credit-code.js";
import { IdentifierError } from "./identifier-error.js";
import { MOD37_36_ALPHABET, mod3736, mod3736CheckValue, mod3736Step, mod3736Value } from "./mod37-36.js";
import { compactInnerSpace, normaliseIdentifierInput } from "./normalise.js";
import type { IdProblem, IdResult } from "./result.js";
import { MAX_CANDIDATES, withCandidates } from "./suggest.js";

export const LICENCE_IDENTIFIER_ROOT = "1.2.156.3005.2";
/** The root some vendor systems write by mistake. */
export const MISTYPED_LICENCE_IDENTIFIER_ROOT = "1.2.156.3003.2";
/**
 * Serial: 1-40 characters of 0-9 A-Z. The standard leaves the serial to the issuer; we allow only the MOD 37,36
 * alphabet so the check covers every character (lower-case input is upper-cased), and cap the length at 40 so an
 * identifier fits a QR code and a database key comfortably.
 */
export const SERIAL_PATTERN = /^[0-9A-Z]{1,40}$/u;
const TYPE_CODE_PATTERN = /^.{18}\d{3}$/u;
const VERSION_PATTERN = /^(?!000)\d{3}$/u;
const WHAT = "licence identifier";
/** type code 21 + issuer 18 + serial 40 + version 3 + check 1 + 4 dots: longer bodies are not worth a search. */
const MAX_BODY_LENGTH = 87;

export interface LicenceIdentifierParts {
  /** 21 characters: the USCC of the authority defining the licence type, then 3 digits. */
  typeCode: string;
  /** The issuing department's USCC. */
  issuerCode: string;
  serial: string;
  /** 1-999, written as 3 digits. */
  version: number;
}

export interface LicenceIdentifier extends LicenceIdentifierParts {
  /** The whole normalised identifier. */
  identifier: string;
  /** First 18 characters of the type code: the defining authority's USCC. */
  typeAuthorityCode: string;
  /** Last 3 digits of the type code. */
  typeSequence: string;
  check: string;
}

/** The MOD 37,36 check character for the parts (no root, no dots). Throws IdentifierError on invalid parts. */
export function computeLicenceIdentifierCheck(parts: LicenceIdentifierParts): string {
  const problems = partsProblems(parts);
  if (problems.length > 0) throw new IdentifierError(problems);
  return mod3736(
    `${parts.typeCode}${parts.issuerCode}${parts.serial}${versionText(parts.version)}`,
  ) as string;
}

/** Mints the full identifier. Throws IdentifierError on invalid parts (a caller bug, not user input). */
export function buildLicenceIdentifier(parts: LicenceIdentifierParts): string {
  const check = computeLicenceIdentifierCheck(parts);
  return `${LICENCE_IDENTIFIER_ROOT}.${parts.typeCode}.${parts.issuerCode}.${parts.serial}.${versionText(parts.version)}.${check}`;
}

function versionText(version: number): string {
  return String(version).padStart(3, "0");
}

function partsProblems(parts: LicenceIdentifierParts): IdProblem[] {
  const version = Number.isInteger(parts.version) ? versionText(parts.version) : "not an integer";
  return segmentProblems([parts.typeCode, parts.issuerCode, parts.serial, version], false);
}

/** Fast boolean check of a normalised identifier (with root). */
export function isValidLicenceIdentifier(identifier: string): boolean {
  const prefix = `${LICENCE_IDENTIFIER_ROOT}.`;
  return identifier.startsWith(prefix) && isValidBody(identifier.slice(prefix.length));
}

function isValidBody(body: string): boolean {
  const segments = body.split(".");
  if (segments.length !== 5) return false;
  const [typeCode, issuer, serial, version, check] = segments as [string, string, string, string, string];
  // Most selective test first: the did-you-mean search calls this for thousands of candidates.
  return (
    check.length === 1 &&
    mod3736(typeCode + issuer + serial + version) === check &&
    TYPE_CODE_PATTERN.test(typeCode) &&
    SERIAL_PATTERN.test(serial) &&
    VERSION_PATTERN.test(version) &&
    isValidCreditCode(issuer) &&
    isValidCreditCode(typeCode.slice(0, 18))
  );
}

/** Problems of type code, issuer, serial, version (and check when given), without the MOD 37,36 comparison. */
function segmentProblems(segments: string[], withCheck: boolean): IdProblem[] {
  const [typeCode = "", issuer = "", serial = "", version = "", check = ""] = segments;
  const problems: IdProblem[] = [];
  if (!TYPE_CODE_PATTERN.test(typeCode)) {
    problems.push({
      code: "REG_LID_MALFORMED",
      message: `The type code must be 21 characters: the defining authority's 18-character unified social credit code followed by 3 digits (e.g. 11100000000013338W032); ${typeCode.length === 21 ? "its last 3 are not digits" : `it has ${typeCode.length}`}. Copy it from the licence catalogue.`,
    });
  } else {
    const authority = parseCreditCode(typeCode.slice(0, 18));
    if (!authority.ok) {
      problems.push({
        code: "REG_LID_TYPE_CODE_INVALID",
        message: `The first 18 characters of the type code are not a valid unified social credit code (${authority.errors.map((e) => e.code).join(", ")}). Copy the type code from the licence catalogue.`,
        details: authority.errors,
      });
    }
  }
  const issuerResult = parseCreditCode(issuer);
  if (!issuerResult.ok) {
    problems.push({
      code: "REG_LID_ISSUER_INVALID",
      message: `The issuer code is not a valid unified social credit code (${issuerResult.errors.map((e) => e.code).join(", ")}). Use the issuing department's code from its certificate.`,
      details: issuerResult.errors,
    });
  }
  if (!SERIAL_PATTERN.test(serial)) {
    problems.push({
      code: "REG_LID_MALFORMED",
      message: `The serial must be 1 to 40 characters of 0-9 and A-Z; ${/[^0-9A-Z]/u.test(serial) ? "it contains other characters" : `it has ${serial.length}`}. Use the serial the issuer assigned.`,
    });
  }
  if (!VERSION_PATTERN.test(version)) {
    problems.push({
      code: "REG_LID_MALFORMED",
      message: `The version must be 3 digits from 001 to 999. Correct the version part.`,
    });
  }
  if (withCheck && !/^[0-9A-Z]$/u.test(check)) {
    problems.push({
      code: "REG_LID_MALFORMED",
      message: `The check must be a single character 0-9 or A-Z. Copy the identifier again from the licence.`,
    });
  }
  return problems;
}

/** Validates a licence identifier. Never throws. */
export function parseLicenceIdentifier(raw: unknown): IdResult<LicenceIdentifier> {
  const normalised = normaliseIdentifierInput(raw, { what: WHAT, detectFloats: false });
  if (!normalised.ok) return normalised;
  const errors: IdProblem[] = [];
  let value = normalised.value;

  const spaced = compactInnerSpace(value, WHAT, isValidLicenceIdentifier);
  value = spaced.value;
  if (spaced.problem) errors.push(spaced.problem);

  const segments = value.split(".");
  let body: string[];
  let rootProblem: IdProblem | undefined;
  if (segments.length === 10) {
    body = segments.slice(5);
    const root = segments.slice(0, 5).join(".");
    if (root !== LICENCE_IDENTIFIER_ROOT) {
      rootProblem = {
        code: "REG_LID_WRONG_ROOT",
        message:
          root === MISTYPED_LICENCE_IDENTIFIER_ROOT
            ? `The identifier starts with ${MISTYPED_LICENCE_IDENTIFIER_ROOT}, a root some systems write by mistake; the root of licence identifiers is ${LICENCE_IDENTIFIER_ROOT}. Replace the beginning.`
            : `The identifier must start with the root ${LICENCE_IDENTIFIER_ROOT}, not ${root}. Replace the beginning.`,
        position: 1,
      };
    }
  } else if (segments.length === 5 && (segments[0] ?? "").length === 21) {
    body = segments;
    rootProblem = {
      code: "REG_LID_WRONG_ROOT",
      message: `The identifier lacks its root: it must start with ${LICENCE_IDENTIFIER_ROOT}. Prefix it.`,
      position: 1,
    };
  } else {
    errors.push({
      code: "REG_LID_MALFORMED",
      message: `The ${WHAT} has ${segments.length} dot-separated parts; it must have 10: ${LICENCE_IDENTIFIER_ROOT}.<type code>.<issuer code>.<serial>.<version>.<check>. Copy it again from the licence or its QR code.`,
    });
    return { ok: false, errors };
  }

  const bodyText = body.join(".");
  if (rootProblem) {
    errors.push(
      withCandidates(rootProblem, isValidBody(bodyText) ? [`${LICENCE_IDENTIFIER_ROOT}.${bodyText}`] : []),
    );
  }
  const partProblems = segmentProblems(body, true);
  errors.push(...partProblems);
  const [typeCode, issuer, serial, version, check] = body as [string, string, string, string, string];
  const expected = mod3736(typeCode + issuer + serial + version);
  let checkProblem: IdProblem | undefined;
  if (expected !== undefined && /^[0-9A-Z]$/u.test(check) && expected !== check) {
    checkProblem = {
      code: "REG_LID_CHECK_MISMATCH",
      message: `The last (check) character does not match the rest of the identifier: a character is mistyped. Copy the identifier again from the licence or its QR code.`,
    };
    errors.push(checkProblem);
  }

  // Typos the search can explain show up as a failed check somewhere (MOD 37,36 or an embedded USCC's).
  const trigger =
    checkProblem ??
    partProblems.find((p) => p.code === "REG_LID_ISSUER_INVALID" || p.code === "REG_LID_TYPE_CODE_INVALID");
  if (trigger && bodyText.length <= MAX_BODY_LENGTH) {
    const candidates = bodyCandidates(bodyText).map((b) => `${LICENCE_IDENTIFIER_ROOT}.${b}`);
    errors[errors.indexOf(trigger)] = withCandidates(trigger, candidates);
  }
  if (errors.length > 0) return { ok: false, errors };

  const identifier = `${LICENCE_IDENTIFIER_ROOT}.${bodyText}`;
  const result: LicenceIdentifier = {
    identifier,
    typeCode,
    typeAuthorityCode: typeCode.slice(0, 18),
    typeSequence: typeCode.slice(18),
    issuerCode: issuer,
    serial,
    version: Number(version),
    check,
  };
  return typeof raw === "string" && raw !== identifier
    ? { ok: true, value: result, normalisedFrom: raw }
    : { ok: true, value: result };
}

/**
 * Did-you-mean over a body: like findSingleEditCandidates (one substitution or one swap of neighbours inside a
 * part), but it first runs the MOD 37,36 recursion from precomputed prefix and suffix states, without building strings, so only the ~1 in 36
 * edits that satisfy the check are fully validated. That keeps the search well under a millisecond.
 */
function bodyCandidates(bodyText: string): string[] {
  const found = new Set<string>();
  const limit = MAX_CANDIDATES + 1;
  const checkIndex = bodyText.length - 1;
  // Data characters (no dots, no check) with their index in bodyText.
  const at: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < checkIndex; i++) {
    if (bodyText.charAt(i) === ".") continue;
    at.push(i);
    values.push(mod3736Value(bodyText.charCodeAt(i)));
  }
  if (values.some((v) => v < 0)) return [];
  const prefix: number[] = [36];
  for (const v of values) prefix.push(mod3736Step(prefix[prefix.length - 1] as number, v));
  // suffix[k][p]: the state after feeding characters k.. into state p (states are 1-36), so testing an edit at
  // position k costs one lookup instead of a pass over the rest of the identifier.
  const suffix: Uint8Array[] = new Array<Uint8Array>(values.length + 1);
  suffix[values.length] = Uint8Array.from({ length: 37 }, (_, p) => p);
  for (let k = values.length - 1; k >= 0; k--) {
    const next = suffix[k + 1] as Uint8Array;
    suffix[k] = Uint8Array.from({ length: 37 }, (_, p) =>
      p === 0 ? 0 : (next[mod3736Step(p, values[k] as number)] as number),
    );
  }
  const checkValue = mod3736Value(bodyText.charCodeAt(checkIndex));
  const finish = (state: number, from: number): boolean =>
    mod3736CheckValue((suffix[from] as Uint8Array)[state] as number) === checkValue;
  const consider = (candidate: string): void => {
    if (found.size < limit && isValidBody(candidate)) found.add(candidate);
  };
  const replaceAt = (text: string, index: number, c: string): string =>
    text.slice(0, index) + c + text.slice(index + 1);

  consider(
    replaceAt(
      bodyText,
      checkIndex,
      MOD37_36_ALPHABET.charAt(mod3736CheckValue(prefix[values.length] as number)),
    ),
  );
  for (let k = 0; k < values.length && found.size < limit; k++) {
    for (let v = 0; v < 36; v++) {
      if (v === values[k] || !finish(mod3736Step(prefix[k] as number, v), k + 1)) continue;
      consider(replaceAt(bodyText, at[k] as number, MOD37_36_ALPHABET.charAt(v)));
    }
  }
  for (let k = 0; k + 1 < values.length && found.size < limit; k++) {
    const a = values[k] as number;
    const b = values[k + 1] as number;
    const i = at[k] as number;
    if (a === b || at[k + 1] !== i + 1) continue;
    if (!finish(mod3736Step(mod3736Step(prefix[k] as number, b), a), k + 2)) continue;
    consider(bodyText.slice(0, i) + bodyText.charAt(i + 1) + bodyText.charAt(i) + bodyText.slice(i + 2));
  }
  return [...found];
}
