// Errors of the licence-type catalogue. REG_CATALOGUE_INVALID is a start-up error (a bad templates/ folder), so it
// lists every problem of every file at once: an operator fixes them all in one pass.

export const CATALOGUE_ERROR_CODES = {
  REG_CATALOGUE_INVALID:
    "One or more templates/<type code>/type.json files are invalid; fix each listed problem.",
  REG_LICENCE_TYPE_NOT_FOUND: "No licence type has this code; Catalogue.list() shows the loaded types.",
  REG_DATE_INVALID: "A date must be a real calendar date written YYYY-MM-DD.",
  REG_SERVICE_ITEMS_INVALID:
    "One or more templates/service-items/<code>.json files are invalid; fix each listed problem (file and member are named).",
} as const;

export type CatalogueErrorCode = keyof typeof CATALOGUE_ERROR_CODES;

/** One problem in one type.json: `pointer` is a JSON pointer into that file ("" = the whole file). */
export interface CatalogueProblem {
  file: string;
  pointer: string;
  message: string;
}

export class CatalogueError extends Error {
  readonly code: CatalogueErrorCode;
  readonly problems: readonly CatalogueProblem[];

  constructor(code: CatalogueErrorCode, message: string, problems: readonly CatalogueProblem[] = []) {
    super(message);
    this.name = "CatalogueError";
    this.code = code;
    this.problems = problems;
  }

  /** Builds the start-up error whose message names every file and every bad member. */
  static invalid(problems: readonly CatalogueProblem[]): CatalogueError {
    const byFile = new Map<string, CatalogueProblem[]>();
    for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    const lines = [`${problems.length} problem(s) in the licence-type catalogue:`];
    for (const [file, list] of byFile) {
      lines.push(`${file}:`);
      for (const p of list) lines.push(`  ${p.pointer === "" ? "(file)" : p.pointer}: ${p.message}`);
    }
    return new CatalogueError("REG_CATALOGUE_INVALID", lines.join("\n"), problems);
  }
}
