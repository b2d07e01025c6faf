// The loaded licence-type catalogue: lookups, field validation with every problem at once, issuing rights and
// validity dates. Built by loadCatalogue(); field validators are compiled once, at load.
import type { ValidateFunction } from "ajv/dist/2020.js";
import type { HolderCodeType } from "../domain/licence.js";
import { CatalogueError } from "./catalogue-error.js";
import { toFieldProblems } from "./field-problems.js";
import type { FieldProblem } from "./field-problems.js";
import type { LicenceType } from "./licence-type.js";
import { lastDayOfYears, parseIsoDate } from "./valid-until.js";

export type FieldValidation =
  | { ok: true; value: Record<string, unknown> }
  | {
      ok: false;
      problems: (FieldProblem | { field: "typeCode"; code: "REG_LICENCE_TYPE_NOT_FOUND"; message: string })[];
    };

interface Entry {
  type: LicenceType;
  validate: ValidateFunction;
}

export class Catalogue {
  readonly #entries: ReadonlyMap<string, Entry>;

  /** Use loadCatalogue(dir); the constructor trusts that each entry was checked. */
  constructor(entries: Iterable<Entry>) {
    const map = new Map<string, Entry>();
    for (const e of entries) map.set(e.type.code, e);
    this.#entries = map;
  }

  /** Every loaded type, ordered by code. */
  list(): LicenceType[] {
    return [...this.#entries.values()]
      .map((e) => e.type)
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  get(code: string): LicenceType | undefined {
    return this.#entries.get(code)?.type;
  }

  /** Checks a licence's type fields against the type's schema; reports every problem, never throws. */
  validateFields(code: string, fields: unknown): FieldValidation {
    const entry = this.#entries.get(code);
    if (entry === undefined) {
      return {
        ok: false,
        problems: [
          {
            field: "typeCode",
            code: "REG_LICENCE_TYPE_NOT_FOUND",
            message: `no licence type has code "${code}"`,
          },
        ],
      };
    }
    const valid = entry.validate(fields);
    const problems = [
      ...(valid ? [] : toFieldProblems(entry.validate.errors ?? [], entry.type.schema)),
      ...blankProblems(entry.type, fields),
    ];
    if (problems.length === 0) return { ok: true, value: fields as Record<string, unknown> };
    return { ok: false, problems };
  }

  /** Whether the department (by its USCC) is among the type's issuers; false for an unknown type. */
  mayIssue(code: string, departmentCode: string): boolean {
    return this.#entries.get(code)?.type.issuers.some((d) => d.code === departmentCode) ?? false;
  }

  /** 111 (citizen ID number) for person holders, 001 (USCC) for organisations. Throws for an unknown type. */
  holderCodeType(code: string): HolderCodeType {
    return this.#require(code).holderCodeType;
  }

  /**
   * The validUntil a licence of this type prints when valid from `validFrom` (YYYY-MM-DD): N years minus one day,
   * or null for long-term (长期) types. Throws REG_DATE_INVALID for a date that is not real.
   */
  computeValidUntil(code: string, validFrom: string): string | null {
    const type = this.#require(code);
    const from = parseIsoDate(validFrom);
    if (from === null)
      throw new CatalogueError(
        "REG_DATE_INVALID",
        `validFrom "${validFrom}" is not a real date written YYYY-MM-DD`,
      );
    return "years" in type.validity ? lastDayOfYears(from, type.validity.years) : null;
  }

  #require(code: string): LicenceType {
    const type = this.#entries.get(code)?.type;
    if (type === undefined)
      throw new CatalogueError("REG_LICENCE_TYPE_NOT_FOUND", `no licence type has code "${code}"`);
    return type;
  }
}

/**
 * Text made of whitespace only passes `minLength: 1` but prints nothing: a field that must not be empty must not be
 * blank either (REG_FIELD_REQUIRED), or the licence would be sealed with an empty row, or not at all.
 */
function blankProblems(type: LicenceType, fields: unknown): FieldProblem[] {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return [];
  const out: FieldProblem[] = [];
  for (const [key, property] of Object.entries(type.schema.properties)) {
    const value = (fields as Record<string, unknown>)[key];
    if (
      (property.minLength ?? 0) >= 1 &&
      typeof value === "string" &&
      value.length > 0 &&
      value.trim() === ""
    )
      out.push({
        field: `fields.${key}`,
        code: "REG_FIELD_REQUIRED",
        message: `${property.title} (${key}) is blank (whitespace only); give its text`,
      });
  }
  return out;
}
