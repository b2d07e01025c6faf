// Rule: a citizen ID number (公民身份号码, GB 11643) states its holder's birth date (digits 7–14, YYYYMMDD) and sex
// (digit 17: odd 男, even 女). A licence type that also prints a birth date or a sex (fields named below, see
// templates/*/type.json) must print the same: a mismatch is a typing error in one of them.
import type { LicenceType } from "../../catalogue/index.js";
import type { Holder } from "../../domain/licence.js";
import type { ErrorDetail } from "../../errors.js";

/** Field names that hold the holder's birth date (YYYY-MM-DD) or sex (男 / 女) in a licence type's schema. */
export const BIRTH_DATE_FIELDS = ["birthDate", "dateOfBirth"] as const;
export const SEX_FIELDS = ["gender", "sex"] as const;

/** The birth date and sex an 18-character citizen ID number states. */
export function citizenIdFacts(code: string): { birthDate: string; sex: "男" | "女" } | null {
  if (!/^[0-9]{17}[0-9X]$/u.test(code)) return null;
  const birthDate = `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`;
  return { birthDate, sex: Number(code[16]) % 2 === 1 ? "男" : "女" };
}

/** Every disagreement between the holder's citizen ID number and the birth-date and sex fields; [] when none. */
export function citizenIdFactProblems(
  type: LicenceType,
  holder: Pick<Holder, "code" | "codeType">,
  fields: Record<string, unknown>,
): ErrorDetail[] {
  if (holder.codeType !== "111") return [];
  const facts = citizenIdFacts(holder.code);
  if (facts === null) return [];
  const problems: ErrorDetail[] = [];
  for (const name of BIRTH_DATE_FIELDS) {
    const value = fields[name];
    if (!(name in type.schema.properties) || typeof value !== "string" || value === facts.birthDate) continue;
    const title = type.schema.properties[name]?.title ?? name;
    problems.push({
      field: `fields.${name}`,
      code: "REG_ID_BIRTH_DATE_MISMATCH",
      message: `${title} (${name}) is ${value} but the citizen ID number (digits 7–14) gives ${facts.birthDate}; correct whichever was mistyped (the ID number or the date)`,
      suggestion: facts.birthDate,
    });
  }
  for (const name of SEX_FIELDS) {
    const value = fields[name];
    if (!(name in type.schema.properties) || (value !== "男" && value !== "女") || value === facts.sex)
      continue;
    const title = type.schema.properties[name]?.title ?? name;
    problems.push({
      field: `fields.${name}`,
      code: "REG_ID_SEX_MISMATCH",
      message: `${title} (${name}) is ${value} but digit 17 of the citizen ID number gives ${facts.sex} (odd 男, even 女); correct whichever was mistyped`,
      suggestion: facts.sex,
    });
  }
  return problems;
}
