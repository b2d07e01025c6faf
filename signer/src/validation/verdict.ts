// From check fragments to the verdict (modelled on ETSI EN 319 102-1): TOTAL-FAILED when a format, integrity,
// cryptographic, trust, timestamp or revocation check is INVALID, or when the registry says the licence may not be
// relied on (revoked, cancelled, deregistered, replaced, suspended); TOTAL-PASSED when every check that matters is
// VALID; INDETERMINATE otherwise (expired, not yet in force, an annotated copy past its period, a check that could
// not run).
import type { ReasonCode } from "./reason-codes.js";
import type { Answers, Check, CheckCategory, Message, ValidationReport, Verdict } from "./types.js";

const FAILING: ReadonlySet<CheckCategory> = new Set([
  "format",
  "integrity",
  "signature",
  "trust",
  "timestamp",
  "revocation",
]);

/** SKIPPED for these reasons is a choice of the caller or a property of the level (B-B), not a gap. */
const NEUTRAL: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  "VER_PDF_TIMESTAMP_ABSENT",
  "VER_PDF_TRUST_LIST_NOT_GIVEN",
  "VER_PDF_LIVE_STATUS_NOT_REQUESTED",
  "VER_PDF_ANNOTATION_ABSENT",
]);

/**
 * Registry answers that fail the document, each with its own reason code (the licence state, not a seal code): the
 * seal may be perfect, but the licence it carries is withdrawn. Revoked, cancelled, deregistered and replaced are
 * final. Suspended (暂扣) is reversible, but while it lasts the licence may not be used for anything: the answer to
 * "may I rely on this file now?" is a definite no, not "could not be confirmed" (INDETERMINATE would invite a retry
 * or a manual acceptance), so it fails too; the reason code says it is a suspension. Expired and not yet in force
 * stay INDETERMINATE: the document is what the registry issued and its dates say so themselves.
 */
const LICENCE_WITHDRAWN: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  "VER_PDF_LICENCE_REVOKED",
  "VER_PDF_LICENCE_CANCELLED",
  "VER_PDF_LICENCE_DEREGISTERED",
  "VER_PDF_LICENCE_SUPERSEDED",
  "VER_PDF_LICENCE_SUSPENDED",
]);

const withdrawn = (c: Check) =>
  c.status === "INVALID" && c.category === "registry" && LICENCE_WITHDRAWN.has(c.reason.code);

const passes = (c: Check) => c.status === "VALID" || (c.status === "SKIPPED" && NEUTRAL.has(c.reason.code));

export function verdictOf(checks: readonly Check[]): { verdict: Verdict; reason?: Check } {
  // A broken seal is the first reason; a withdrawn licence the next.
  const failed =
    checks.find((c) => c.status === "INVALID" && FAILING.has(c.category)) ?? checks.find(withdrawn);
  if (failed) return { verdict: "TOTAL-FAILED", reason: failed };
  const open = checks.find((c) => !passes(c));
  if (open) return { verdict: "INDETERMINATE", reason: open };
  return { verdict: "TOTAL-PASSED" };
}

export function answersOf(checks: readonly Check[], coverage: Answers["coverage"]): Answers {
  const status = (name: string) => checks.find((c) => c.name === name)?.status;
  const intact = ["byte-range", "cms-digest", "cms-signature", "signing-certificate"].every(
    (n) => status(n) === "VALID",
  );
  const trusted =
    status("chain") === "VALID" &&
    status("revocation") === "VALID" &&
    status("trust-list") !== "INVALID" &&
    status("seal-issuer") !== "INVALID";
  const live = status("licence-status");
  return { intact, trusted, coverage, current: live === "VALID" ? true : live === "INVALID" ? false : null };
}

export function summaryOf(verdict: Verdict, reason: Check | undefined, registryOnly: boolean): Message {
  if (verdict === "TOTAL-PASSED")
    return {
      en: "Genuine: the electronic seal is intact, trusted and covers the document.",
      zh: "真实有效：电子印章完好、可信，且覆盖整份文档。",
    };
  const why = reason?.reason.message ?? { en: "", zh: "" };
  if (verdict === "TOTAL-FAILED" && reason && withdrawn(reason))
    return {
      en: `The seal is genuine, but the licence may not be relied on: ${why.en}`,
      zh: `印章真实，但该证照不能作为依据：${why.zh}`,
    };
  if (verdict === "TOTAL-FAILED") return { en: `Not genuine: ${why.en}`, zh: `验证未通过：${why.zh}` };
  if (registryOnly) return { en: `The seal is genuine, but: ${why.en}`, zh: `印章真实，但：${why.zh}` };
  return { en: `Could not be confirmed: ${why.en}`, zh: `无法确认：${why.zh}` };
}

export function finishReport(
  checks: Check[],
  o: { identifier?: string; sha256?: string; coverage: Answers["coverage"]; elapsedMs: number },
): ValidationReport {
  const { verdict, reason } = verdictOf(checks);
  const registryOnly =
    verdict === "INDETERMINATE" &&
    checks
      .filter((c) => !passes(c))
      .every((c) => (c.category === "registry" || c.category === "usage") && c.status === "INVALID");
  return {
    verdict,
    ...(o.identifier ? { identifier: o.identifier } : {}),
    checks,
    summary: summaryOf(verdict, reason, registryOnly),
    ...(reason
      ? { reason: { check: reason.name, code: reason.reason.code, message: reason.reason.message } }
      : {}),
    answers: answersOf(checks, o.coverage),
    ...(o.sha256 ? { sha256: o.sha256 } : {}),
    elapsedMs: Math.round(o.elapsedMs * 100) / 100,
  };
}
