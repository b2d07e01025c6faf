// Reason codes of trust-list verification (VER_TL_*): documented in docs/errors.md, never reused.
import type { Bilingual } from "@elicence/core";

export const TRUST_LIST_REASONS = {
  VER_TL_OK: {
    en: "The trust list is signed by the issuing CA's trust-list signer, which chains to the trusted root, and it is current.",
    zh: "信任列表由签发CA的信任列表签名证书签名，可追溯至受信任的根证书，且在有效期内。",
  },
  VER_TL_STALE: {
    en: "The trust list is genuine but past its next-update time: revocations made since may be missing; fetch a new one.",
    zh: "信任列表真实，但已超过下次更新时间，可能缺少此后的吊销信息，请重新获取。",
  },
  VER_TL_MALFORMED: {
    en: "This is not an eLicence trust list (format elicence-trust-list/2) or a member is missing or malformed.",
    zh: "不是有效的电子证照信任列表（elicence-trust-list/2），或有字段缺失、格式错误。",
  },
  VER_TL_ROOT_MISMATCH: {
    en: "The trust list names a root certificate other than the one this verifier trusts.",
    zh: "信任列表中的根证书与本核验端信任的根证书不一致。",
  },
  VER_TL_ISSUER_UNTRUSTED: {
    en: "The trust list's issuing CA certificate is not signed by the trusted root, or was not valid when the list was issued.",
    zh: "信任列表的签发CA证书不是由受信任的根证书签发，或在列表签发时不在有效期内。",
  },
  VER_TL_BAD_SIGNATURE: {
    en: "The trust list's signature does not verify: the list was modified or not signed by the trust-list signer it names.",
    zh: "信任列表签名验证失败：列表被修改，或并非由其所列的信任列表签名证书签名。",
  },
  VER_TL_ENTRY_INVALID: {
    en: "A seal entry of the trust list is inconsistent: its certificate is not signed by the issuing CA, or its key id, public key or dates do not match the certificate.",
    zh: "信任列表中的某个印章条目不一致：证书并非由签发CA签发，或密钥标识、公钥、有效期与证书不符。",
  },
  // Added with the pinned trust anchor (append only).
  VER_TL_SIGNER_UNTRUSTED: {
    en: "The trust list was not signed by a trust-list signing certificate (EKU id-tsl-kp-tslSigning) of the issuing CA valid when the list was issued: a CA or seal key may not sign it.",
    zh: "信任列表并非由签发CA颁发的信任列表签名证书（扩展密钥用途 id-tsl-kp-tslSigning，且在列表签发时有效）签名；CA密钥或印章密钥无权签署信任列表。",
  },
  VER_TL_ISSUED_IN_FUTURE: {
    en: "The trust list says it was issued in the future: it was refused; check this device's date and time.",
    zh: "信任列表的签发时间晚于当前时间，已拒绝；请检查本设备的日期和时间。",
  },
  VER_TL_ROLLBACK: {
    en: "The trust list is genuine but older than one already seen here (lower sequence number): it may predate a seal's revocation, so it was refused.",
    zh: "信任列表真实，但比本处已使用过的列表更旧（序号更小），可能早于某枚印章的吊销，已拒绝。",
  },
  VER_TL_FORMAT_UNSUPPORTED: {
    en: "The trust list is in a format this verifier no longer accepts (before elicence-trust-list/2: unnumbered, signed by a CA key): fetch a current list.",
    zh: "信任列表的格式已不再被本核验端接受（elicence-trust-list/2 之前的格式：无序号、由CA密钥签名），请获取最新的信任列表。",
  },
} as const satisfies Record<string, Bilingual>;

export type TrustListReasonCode = keyof typeof TRUST_LIST_REASONS;
