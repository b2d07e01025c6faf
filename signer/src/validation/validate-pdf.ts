// The validation engine's entry point: phase 1 (analysePdf, pure) then phase 2 — the live ports (revocation now,
// the registry's state and stored hash) — and the verdict. Never throws on any input; bad input is a report.
import { fragment, skipped } from "./check.js";
import { analysePdf, type PdfAnalysis } from "./analyse-pdf.js";
import { checkRegistry } from "./checks/registry.js";
import { checkRevocation, type RevocationInput } from "./checks/revocation.js";
import { resolveLimits } from "./limits.js";
import type { ReasonCode } from "./reason-codes.js";
import { CHECK_NAMES, type Check, type ValidationContext, type ValidationReport } from "./types.js";
import { finishReport } from "./verdict.js";

/** How long phase 2 waits for a port (revocation, live status) before treating it as unavailable. */
const PORT_TIMEOUT_MS = 5000;

/** An analysis for a validation that could not run at all (worker died, limit hit before any result). */
export function failedAnalysis(code: ReasonCode, detail: string): PdfAnalysis {
  return {
    checks: CHECK_NAMES.map((name): Check =>
      name === "structure"
        ? fragment("structure", "ERROR", code, { detail })
        : name === "licence-status" || name === "document-hash"
          ? skipped(name, "VER_PDF_LIVE_STATUS_NOT_REQUESTED")
          : skipped(name),
    ),
    coverage: "unknown",
  };
}

/**
 * The annotation check after asking the revocation port about each annotation's signer: a signer revoked before it
 * signed, or whose key was compromised, fails it; an unanswered question leaves it as phase 1 found it.
 */
async function annotationSignersRevoked(
  annotation: Check,
  signers: readonly RevocationInput[] | undefined,
  port: ValidationContext["revocation"],
): Promise<Check> {
  if (!port || !signers) return annotation;
  for (const signer of signers) {
    const r = await checkRevocation(signer, port, PORT_TIMEOUT_MS);
    if (r.status === "INVALID")
      return fragment("annotation", "INVALID", "VER_PDF_ANNOTATION_SIGNER_REVOKED", {
        ...(r.data as Record<string, unknown>),
        detail: r.reason.code,
        serial: signer.seal.serialNumber,
      });
  }
  return annotation;
}

/** Phase 2: asks the ports and computes the verdict. */
export async function completeValidation(
  analysis: PdfAnalysis,
  ctx: Pick<ValidationContext, "liveStatus" | "revocation">,
  startedAt: number,
): Promise<ValidationReport> {
  const checks = [...analysis.checks];
  const set = (c: Check) => {
    const i = checks.findIndex((x) => x.name === c.name);
    if (i >= 0) checks[i] = c;
  };
  try {
    set(await checkRevocation(analysis.revocation, ctx.revocation, PORT_TIMEOUT_MS));
    const annotation = checks.find((c) => c.name === "annotation");
    if (annotation && annotation.status !== "SKIPPED")
      set(await annotationSignersRevoked(annotation, analysis.annotationRevocation, ctx.revocation));
    const parsed = checks.find((c) => c.name === "structure")?.status === "VALID";
    if (parsed || !ctx.liveStatus) {
      const [status, hash] = await checkRegistry(
        analysis.identifier,
        analysis.sha256,
        ctx.liveStatus,
        PORT_TIMEOUT_MS,
        analysis.originalSha256,
      );
      set(status);
      set(hash);
    } else {
      set(skipped("licence-status"));
      set(skipped("document-hash"));
    }
  } catch (e) {
    set(
      fragment("revocation", "ERROR", "VER_PDF_CHECK_FAILED", {
        detail: e instanceof Error ? e.message : String(e),
      }),
    );
  }
  return finishReport(checks, {
    ...(analysis.identifier ? { identifier: analysis.identifier } : {}),
    ...(analysis.sha256 ? { sha256: analysis.sha256 } : {}),
    coverage: analysis.coverage,
    elapsedMs: performance.now() - startedAt,
  });
}

/**
 * Validates a sealed licence PDF in the calling thread (bounded by ctx.limits, time checked cooperatively). For
 * untrusted uploads prefer validatePdfInWorker, which also bounds memory and survives a runaway parse.
 */
export async function validatePdf(bytes: Uint8Array, ctx: ValidationContext): Promise<ValidationReport> {
  const startedAt = performance.now();
  let analysis: PdfAnalysis;
  try {
    analysis = analysePdf(bytes, ctx.trust, ctx.now, resolveLimits(ctx.limits));
  } catch (e) {
    analysis = failedAnalysis("VER_PDF_CHECK_FAILED", e instanceof Error ? e.message : String(e));
  }
  return completeValidation(analysis, ctx, startedAt);
}
