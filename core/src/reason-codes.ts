// Why a licence was suspended, reinstated, revoked, cancelled or deregistered: a code from this one fixed list (in the
// manner of the reason vocabularies of the national e-licence standards), never free text. Only the code is public
// (status answer, verifier page); the words come from here, in Chinese and English. Whatever else an issuer wants to
// say goes in an internal note that issuers and auditors read and nobody else. In core because the registry, the
// verifier page and the CLI all put the code in words.
import type { Bilingual } from "./bilingual.js";

export const REASON_CODES = {
  "revoked-by-law": { zh: "依法吊销", en: "Revoked under the law" },
  "permit-withdrawn": { zh: "依法撤销", en: "Permission withdrawn" },
  "holder-request": { zh: "申请注销", en: "At the holder's request" },
  "holder-ceased": { zh: "主体终止", en: "The holder ceased to exist" },
  "wrong-information": { zh: "信息有误", en: "Incorrect information" },
  "licence-lost": { zh: "证照遗失", en: "Licence lost" },
  "rectification-ordered": { zh: "责令整改", en: "Ordered to rectify" },
  rectified: { zh: "整改完成", en: "Rectified" },
  other: { zh: "其他", en: "Other" },
} as const satisfies Record<string, Bilingual>;

export type ReasonCode = keyof typeof REASON_CODES;

export function isReasonCode(s: unknown): s is ReasonCode {
  return typeof s === "string" && Object.hasOwn(REASON_CODES, s);
}

/** The words of a reason code, or null for anything else (the page then shows no reason rather than raw text). */
export function reasonWords(code: unknown): Bilingual | null {
  return isReasonCode(code) ? REASON_CODES[code] : null;
}
