// Licence states and lifecycle operations, with the two-digit codes that ministry interfaces use (IDENTIFIERS.md).
import type { Bilingual } from "@elicence/core";

export const LicenceState = {
  VALID: "01",
  SUSPENDED: "02",
  CANCELLED: "03",
  DEREGISTERED: "04",
  EXPIRED: "05",
  TRANSFERRED_OUT: "06",
  REVOKED: "07",
  OTHER: "99",
} as const;
export type LicenceStateCode = (typeof LicenceState)[keyof typeof LicenceState];

export const STATE_NAMES: Readonly<Record<LicenceStateCode, Bilingual>> = {
  "01": { zh: "有效", en: "valid" },
  "02": { zh: "暂扣", en: "suspended" },
  "03": { zh: "撤销", en: "cancelled" },
  "04": { zh: "注销", en: "deregistered" },
  "05": { zh: "失效", en: "expired" },
  "06": { zh: "办理转出", en: "transferred out" },
  "07": { zh: "吊销", en: "revoked" },
  "99": { zh: "其他", en: "other" },
};

export const Operation = {
  ISSUE: "01",
  RENEW: "02",
  SUSPEND: "03",
  EXPIRE: "04",
  TERMINATE: "05", // deregister, cancel and revoke share one operation code; the resulting state tells them apart
  REINSTATE: "06",
  OTHER: "07",
  TRANSFER_IN: "08",
  AMEND: "09",
  CANCEL_TRANSFER: "10",
} as const;
export type OperationCode = (typeof Operation)[keyof typeof Operation];
