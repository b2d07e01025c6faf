// Thrown only by the minting helpers (build/compute) when a caller passes parts that cannot form a valid code:
// that is a programming error, unlike bad user input, which the parse functions return as IdResult problems.
import type { IdErrorCode } from "./codes.js";
import type { IdProblem } from "./result.js";

export class IdentifierError extends Error {
  readonly code: IdErrorCode;
  readonly problems: IdProblem[];

  constructor(problems: IdProblem[]) {
    const first = problems[0];
    super(first ? `${first.code}: ${first.message}` : "invalid identifier parts");
    this.name = "IdentifierError";
    this.code = first?.code ?? "REG_LID_MALFORMED";
    this.problems = problems;
  }
}
