// Revocation of the seal (and its CA) judged at the signing time, from every source available: the live port (the
// PKI now), the trust list, and data embedded at sealing (DSS). A seal revoked before it was applied is invalid; one
// revoked later stays valid unless the reason says its key was compromised (then any seal may be forged).
import { fragment, invalid, skipped, valid } from "../check.js";
import type { Check, CertificateRef, RevocationAnswer, RevocationPort } from "../types.js";

export interface RevocationFact {
  source: "live" | "trust-list" | "embedded-ocsp" | "embedded-crl";
  status: "good" | "revoked" | "unknown";
  revokedAt?: string;
  reason?: string;
}

/** What phase 1 (parsing, possibly in a worker) hands to phase 2 (ports, in the caller's thread). Cloneable. */
export interface RevocationInput {
  seal: CertificateRef;
  /** CA certificates of the path below the root. */
  cas: CertificateRef[];
  signingTime: string;
  timeSource: "timestamp" | "validation-time";
  facts: RevocationFact[];
}

/** Reasons after which no seal made with the key can be trusted, whenever it was made. */
const COMPROMISE = new Set(["keyCompromise", "cACompromise", "aACompromise", "unspecified"]);

function judge(fact: RevocationFact, signingTime: Date): "before" | "compromised" | "later" {
  const at = fact.revokedAt ? new Date(fact.revokedAt) : undefined;
  if (!at || Number.isNaN(at.getTime()) || at.getTime() <= signingTime.getTime()) return "before";
  return COMPROMISE.has(fact.reason ?? "unspecified") ? "compromised" : "later";
}

function iso(v: Date | string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function fromAnswer(a: RevocationAnswer): RevocationFact {
  const revokedAt = iso(a.revokedAt);
  return {
    source: "live",
    status: a.status === "good" || a.status === "revoked" ? a.status : "unknown",
    ...(revokedAt ? { revokedAt } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
  };
}

async function ask(
  port: RevocationPort,
  cert: CertificateRef,
  timeoutMs: number,
): Promise<RevocationFact | "error"> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      port(cert),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return fromAnswer(answer);
  } catch {
    return "error";
  } finally {
    clearTimeout(timer);
  }
}

/** Decides the revocation check; with a port, asks it about the seal and each CA first. */
export async function checkRevocation(
  input: RevocationInput | undefined,
  port: RevocationPort | undefined,
  timeoutMs = 5000,
): Promise<Check> {
  if (!input) return skipped("revocation", "VER_PDF_NOT_CHECKED");
  const signingTime = new Date(input.signingTime);
  const facts = [...input.facts];
  const caFacts: RevocationFact[] = [];
  let liveError = false;
  if (port) {
    const seal = await ask(port, input.seal, timeoutMs);
    if (seal === "error") liveError = true;
    else facts.unshift(seal);
    for (const ca of input.cas) {
      const f = await ask(port, ca, timeoutMs);
      if (f !== "error") caFacts.push(f);
    }
  }
  const data = {
    signingTime: input.signingTime,
    timeSource: input.timeSource,
    sources: facts.map((f) => f.source),
    ...(liveError ? { liveError: true } : {}),
  };
  const revoked = facts.find((f) => f.status === "revoked");
  if (revoked) {
    const when = judge(revoked, signingTime);
    const detail = {
      ...data,
      revokedAt: revoked.revokedAt ?? null,
      revocationReason: revoked.reason ?? null,
      source: revoked.source,
    };
    if (when === "before") return invalid("revocation", "VER_PDF_SEAL_REVOKED", detail);
    if (when === "compromised") return invalid("revocation", "VER_PDF_SEAL_KEY_COMPROMISED", detail);
    return valid("revocation", "VER_PDF_REVOCATION_REVOKED_AFTER_SIGNING", detail);
  }
  const caRevoked = caFacts.find((f) => f.status === "revoked" && judge(f, signingTime) !== "later");
  if (caRevoked)
    return invalid("revocation", "VER_PDF_CA_REVOKED", {
      ...data,
      revokedAt: caRevoked.revokedAt ?? null,
      revocationReason: caRevoked.reason ?? null,
    });
  if (facts.some((f) => f.status === "good")) return valid("revocation", "VER_PDF_REVOCATION_GOOD", data);
  if (facts.some((f) => f.status === "unknown"))
    return fragment("revocation", "ERROR", "VER_PDF_REVOCATION_UNKNOWN", data);
  return skipped("revocation", "VER_PDF_REVOCATION_UNAVAILABLE", data);
}
