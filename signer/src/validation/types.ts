// The validation engine's public shapes: the report (verdict + one fragment per check, oa-verify style), the
// context a caller passes (trust anchors, time, live ports, limits) and the ports' contracts.
import type { ReasonCode } from "./reason-codes.js";

export type Verdict = "TOTAL-PASSED" | "TOTAL-FAILED" | "INDETERMINATE";
export type CheckStatus = "VALID" | "INVALID" | "SKIPPED" | "ERROR";

/**
 * What a check is about; decides whether an INVALID result fails the whole document (see verdict.ts). "usage": a
 * restriction on using a genuine document (an annotated copy past its period), which leaves it INDETERMINATE.
 */
export type CheckCategory =
  "format" | "integrity" | "signature" | "trust" | "timestamp" | "revocation" | "registry" | "usage";

export interface Message {
  zh: string;
  en: string;
}

export interface Check {
  name: CheckName;
  category: CheckCategory;
  status: CheckStatus;
  reason: { code: ReasonCode; message: Message };
  data?: unknown;
}

/** Every report carries every one of these checks, in this order (SKIPPED when a prerequisite failed). */
export const CHECK_NAMES = [
  "size",
  "structure",
  "signature-dictionary",
  "byte-range",
  "revisions",
  "docmdp",
  "cms-digest",
  "cms-signature",
  "signing-certificate",
  "chain",
  "trust-list",
  "seal-issuer",
  "timestamp",
  "revocation",
  "annotation",
  "licence-status",
  "document-hash",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** pyHanko-style separate answers, derived from the checks. */
export interface Answers {
  /** The signed bytes are unchanged and the signature verifies with the signer's key. */
  intact: boolean;
  /** The seal chains to the trust root (and is on the trust list when one was given), and is not revoked. */
  trusted: boolean;
  /** "whole-file": nothing follows the signed revision; "permitted-updates": only what PAdES allows follows. */
  coverage: "whole-file" | "permitted-updates" | "not-covered" | "unknown";
  /** The registry says the licence is current (null when the registry was not asked or could not answer). */
  current: boolean | null;
}

export interface ValidationReport {
  verdict: Verdict;
  /** The licence identifier from the signed revision's document information (/ELicenceIdentifier or /Subject). */
  identifier?: string;
  checks: Check[];
  /** One line for people: the verdict and, when it is not passed, the first reason. */
  summary: Message;
  /** The first check that kept the verdict from TOTAL-PASSED. */
  reason?: { check: CheckName; code: ReasonCode; message: Message };
  answers: Answers;
  /** SHA-256 (hex) of the whole file, when it was read. */
  sha256?: string;
  /** Wall-clock milliseconds the validation took. */
  elapsedMs: number;
}

/**
 * A trust list entry as in the issue-4 contract (elicence-trust-list/2); only the fields validation reads. The caller
 * verifies the list's own signature and freshness (verifyTrustList) before passing it here.
 */
export interface TrustListSeal {
  department: { code: string; name: string };
  /** base64 DER of the seal certificate. */
  certificate: string;
  status: "good" | "revoked";
  revokedAt?: string;
  revocationReason?: string;
  /** The licence types the seal's department may issue (elicence-trust-list/2); absent: none. */
  licenceTypes?: readonly string[];
}

export interface TrustListLike {
  issuedAt?: string;
  seals: readonly TrustListSeal[];
}

export interface CertificateRef {
  /** Lower-case hex serial without leading zero octets. */
  serialNumber: string;
  der: Uint8Array;
  issuerDer?: Uint8Array;
}

export interface RevocationAnswer {
  status: "good" | "revoked" | "unknown";
  revokedAt?: Date | string;
  /** RFC 5280 reason name (keyCompromise, superseded, …). */
  reason?: string;
}

/** Current revocation status of a certificate (e.g. DevPki.statusOf, or an OCSP client). */
export type RevocationPort = (certificate: CertificateRef) => Promise<RevocationAnswer>;

export interface LiveStatus {
  /** The licence's effective state code (01 valid, 02 suspended, 05 expired, 99 other, …). */
  state: string;
  documentSha256: string | null;
  supersededBy: string | null;
  validUntil: string | null;
  /** The validity has not begun (a renewal made in advance, say); the state is then not "01". */
  notYetInForce?: boolean;
}

/** The registry's view of a licence by identifier; null when the registry has no such licence. */
export type LiveStatusPort = (identifier: string) => Promise<LiveStatus | null>;

export interface ValidationLimits {
  /** Largest file accepted (default 20 MiB). */
  maxBytes: number;
  /** Wall-clock budget of one validation (default 10 s). */
  timeMs: number;
  /** Deepest nesting of arrays and dictionaries (default 64). */
  maxDepth: number;
  /** Indirect objects parsed at most (default 200 000). */
  maxObjects: number;
  /** Incremental updates followed at most (default 64). */
  maxRevisions: number;
  /** Largest decoded stream (default 32 MiB). */
  maxStreamBytes: number;
  /** Worker heap limit in MiB (validatePdfInWorker only; default 256). */
  maxHeapMb: number;
}

export interface ValidationContext {
  trust: {
    /** DER of the root CA every seal and timestamp must chain to. */
    rootDer: Uint8Array;
    /** When given, the seal certificate must be listed on it (and its revocation entries count). */
    trustList?: TrustListLike;
  };
  /** Validation time: certificates without a trusted timestamp must be valid now. */
  now: Date;
  liveStatus?: LiveStatusPort;
  revocation?: RevocationPort;
  limits?: Partial<ValidationLimits>;
}
