// The departments that get an e-seal certificate, as the registry passes them from its catalogue of issuers.
import { PkiError } from "./pki-error.js";
import type { PkiErrorDetail } from "./pki-error.js";

export interface SealDepartment {
  /** Department name as it appears on licences (Chinese allowed); becomes CN and O of the seal certificate. */
  name: string;
  /** The department's unified social credit code (统一社会信用代码, GB 32100), 18 characters. */
  code: string;
  /**
   * The licence type codes this department may issue (the catalogue's issuers): published in the trust list beside
   * the seal, so a verifier refuses a seal signing a type it may not. Absent: what the PKI state already records stays.
   */
  licenceTypes?: readonly string[];
}

// Format only: the registry validates the check characters before it passes a department here.
const USCC_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Format and GB 32100 (MOD 31) check character of a unified social credit code. Used for the departments the PKI
 * description itself names (the platform seal); catalogue departments are checked fully by the registry.
 */
export function isUsccWithValidCheck(code: string): boolean {
  if (!USCC_FORMAT.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31) === code.charAt(17);
}

/** X.520 upper bounds for CN and O (ub-common-name, ub-organization-name). */
const MAX_NAME = 64;

/** Throws SIG_PKI_DEPARTMENT_INVALID naming every bad entry. */
export function checkDepartments(departments: readonly SealDepartment[]): void {
  const problems: PkiErrorDetail[] = [];
  const seen = new Set<string>();
  departments.forEach((d, i) => {
    const name = typeof d?.name === "string" ? d.name.trim() : "";
    if (name === "" || [...name].length > MAX_NAME) {
      problems.push({ field: `departments[${i}].name`, message: `must be 1–${MAX_NAME} characters` });
    }
    if (typeof d?.code !== "string" || !USCC_FORMAT.test(d.code)) {
      problems.push({
        field: `departments[${i}].code`,
        message: "must be an 18-character unified social credit code (0-9 and A-Y without I, O, S, V, Z)",
      });
    } else if (seen.has(d.code)) {
      problems.push({ field: `departments[${i}].code`, message: `duplicate department code ${d.code}` });
    } else {
      seen.add(d.code);
    }
    if (
      d?.licenceTypes !== undefined &&
      (!Array.isArray(d.licenceTypes) || !d.licenceTypes.every((t) => typeof t === "string" && t !== ""))
    )
      problems.push({ field: `departments[${i}].licenceTypes`, message: "must be a list of type codes" });
  });
  if (problems.length > 0) {
    throw new PkiError(
      "SIG_PKI_DEPARTMENT_INVALID",
      `Invalid seal departments: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
      problems,
    );
  }
}
