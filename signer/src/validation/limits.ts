// Resource limits of one validation and the budget that enforces them: hostile PDFs must end quickly with a reason
// code, never hang or exhaust the process. Problems found while reading are thrown as FormatProblem and caught by
// the check that was reading.
import type { ReasonCode } from "./reason-codes.js";
import type { ValidationLimits } from "./types.js";

export const DEFAULT_LIMITS: Readonly<ValidationLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  timeMs: 10_000,
  maxDepth: 64,
  maxObjects: 200_000,
  maxRevisions: 64,
  maxStreamBytes: 32 * 1024 * 1024,
  maxHeapMb: 256,
});

export function resolveLimits(given: Partial<ValidationLimits> | undefined): ValidationLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(given ?? {}))
    if (typeof v === "number" && Number.isFinite(v) && v > 0) (out as Record<string, number>)[k] = v;
  return out;
}

/** A reason to reject the document, raised deep inside the reader and turned into a check result by its caller. */
export class FormatProblem extends Error {
  constructor(
    readonly code: ReasonCode,
    message: string,
  ) {
    super(message);
    this.name = "FormatProblem";
  }
}

export function problem(code: ReasonCode, message: string): FormatProblem {
  return new FormatProblem(code, message);
}

/** Counts work and watches the clock; checking the clock every few hundred steps keeps it cheap. */
export class Budget {
  private objects = 0;
  private steps = 0;
  private readonly deadline: number;

  constructor(
    readonly limits: ValidationLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.deadline = clock() + limits.timeMs;
  }

  /** Called in every loop that a hostile file could make long. */
  tick(weight = 1): void {
    this.steps += weight;
    if (this.steps >= 256) {
      this.steps = 0;
      if (this.clock() > this.deadline)
        throw problem("VER_PDF_TIME_LIMIT", `validation exceeded ${this.limits.timeMs} ms`);
    }
  }

  countObject(): void {
    if (++this.objects > this.limits.maxObjects)
      throw problem("VER_PDF_TOO_COMPLEX", `more than ${this.limits.maxObjects} objects`);
    this.tick();
  }

  checkDepth(depth: number): void {
    if (depth > this.limits.maxDepth)
      throw problem("VER_PDF_NESTING_TOO_DEEP", `objects nested deeper than ${this.limits.maxDepth} levels`);
  }
}
