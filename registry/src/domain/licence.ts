// The licence record as stored: what GB/T 36903 metadata and the ministry sharing interfaces carry.
import type { LicenceStateCode, OperationCode } from "./states.js";

/** 111 = citizen ID number (公民身份号码), 001 = unified social credit code (统一社会信用代码). */
export type HolderCodeType = "111" | "001";

export interface Holder {
  name: string;
  /** Normalised 18-character code. */
  code: string;
  codeType: HolderCodeType;
  /** The code as first recorded when it differed (a 15-digit legacy ID number, say). */
  originalCode?: string;
}

export interface IssuingDepartment {
  name: string;
  /** The department's unified social credit code. */
  code: string;
}

export type Provenance =
  | { kind: "born-digital" }
  | {
      kind: "paper";
      paperNumber: string;
      scanSha256?: string;
      operator: string;
      /** ISO date the paper record was converted. */
      convertedOn: string;
      sourceFileSha256?: string;
      sourceRow?: number;
    };

export interface LicenceRecord {
  /** GB/T 36904 identifier: 1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check> */
  identifier: string;
  /** type code + issuer + serial: shared by every version of one licence. */
  lineage: string;
  typeCode: string;
  serial: string;
  /** 1-based; the identifier carries it as 3 digits. */
  version: number;
  holder: Holder;
  issuer: IssuingDepartment;
  /** ISO date (YYYY-MM-DD) of issue of this version. */
  issuedOn: string;
  validFrom: string;
  /** ISO date, or null for long-term (长期). */
  validUntil: string | null;
  state: LicenceStateCode;
  /** Free text, only with state 99. */
  stateText?: string;
  /** The last operation applied to this record. */
  lastOperation: OperationCode;
  previousIdentifier: string | null;
  nextIdentifier: string | null;
  /**
   * Set with nextIdentifier when a renewal was made before its validFrom: the ISO date (the successor's validFrom) on
   * which the successor takes over. Until then this version stays current; from then on it counts as superseded
   * (licences/in-force.ts), whether or not the sweep has recorded the switch yet.
   */
  supersededOn?: string;
  /** On a renewal made before its validFrom: that date. The predecessor stays current until then (in-force.ts). */
  takesEffectOn?: string;
  /**
   * The licence's number (the type's numberField, else a converted paper licence's paper number): unique among the
   * live licences of its type (licences/rules/licence-number.ts). Absent when the licence has none.
   */
  licenceNumber?: string;
  /** Type fields, validated against the type's schema. */
  fields: Record<string, unknown>;
  provenance: Provenance;
  /** SHA-256 (hex) of the sealed PDF, once it exists. */
  documentSha256: string | null;
  /**
   * Present once background sealing failed on this version (licences/sealing-failures.ts): its attempts, the last
   * reason and when it is tried again, or that it is parked. Removed when the version is sealed.
   */
  sealing?: SealingState;
  /** Public lookup token: ≥ 128 bits from a CSPRNG, base64url. */
  publicToken: string;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter, bumped on every change of this record. */
  revision: number;
}

/** One entry of a licence's history: each transition with who, when and why. */
export interface LicenceTransition {
  identifier: string;
  operation: OperationCode;
  fromState: LicenceStateCode | null;
  toState: LicenceStateCode;
  actor: string;
  at: string;
  reason: string;
}

/** Why a version has no sealed document yet, once sealing it failed (licences/sealing-failures.ts). */
export interface SealingState {
  /** Failed attempts so far. */
  attempts: number;
  /** The last failure: a stable code and a message that never repeats a value (no personal data). */
  lastError: { code: string; message: string };
  /** ISO instant of the last failed attempt. */
  lastAttemptAt: string;
  /** ISO instant before which background sealing leaves the version alone (back-off); absent once parked. */
  retryAt?: string;
  /**
   * ISO instant sealing gave up: background sealing skips the version (it no longer blocks the others) until it is
   * unparked (a restart of `elicence serve`) or replaced (amend, renew).
   */
  parkedAt?: string;
}
