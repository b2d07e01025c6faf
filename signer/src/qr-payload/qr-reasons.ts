// Reason codes of QR payload verification (VER_QR_*): documented in docs/errors.md, never reused for another meaning.
import type { Bilingual } from "@elicence/core";

export const QR_REASONS = {
  VER_QR_OK: {
    en: "Genuine: the QR code was signed by the issuing department's e-seal, which the trust list vouches for.",
    zh: "真实：二维码由发证机关电子印章签名，该印章在信任列表中有效。",
  },
  VER_QR_MALFORMED: {
    en: "This is not an eLicence verification QR code, or it was damaged: the signed data cannot be read.",
    zh: "不是电子证照核验二维码，或二维码已损坏，无法读取签名数据。",
  },
  VER_QR_LEGACY_LINK: {
    en: "This QR code is an older plain link without signed data: only the live status can be checked.",
    zh: "这是不含签名数据的旧版二维码链接，只能在线查询证照状态。",
  },
  VER_QR_ALG_UNSUPPORTED: {
    en: "The QR code uses a signature algorithm or header this verifier does not accept.",
    zh: "二维码使用了本核验端不接受的签名算法或头部参数。",
  },
  VER_QR_UNKNOWN_KID: {
    en: "The QR code was signed with a seal that is not in the trust list: it was not issued by a department of this registry.",
    zh: "二维码签名所用的印章不在信任列表中，并非本证照库的发证机关签发。",
  },
  VER_QR_KID_NEWER_THAN_LIST: {
    en: "The QR code names a seal the trust list does not know, and it says it was issued after the list: fetch a newer trust list.",
    zh: "二维码所用印章不在信任列表中，且签发时间晚于该列表，请获取更新的信任列表。",
  },
  VER_QR_BAD_SIGNATURE: {
    en: "The signature does not match: the QR code's data was altered or was not signed by this seal.",
    zh: "签名不匹配：二维码数据被篡改，或并非由该印章签名。",
  },
  VER_QR_CLAIMS_INVALID: {
    en: "The signed data is not a well-formed licence record (identifier check character, dates or fields are wrong).",
    zh: "签名数据不是格式正确的证照信息（证照标识校验位、日期或字段有误）。",
  },
  VER_QR_ISSUER_MISMATCH: {
    en: "The licence names a different issuing department from the seal that signed it.",
    zh: "证照上的发证机关与签名印章所属机关不一致。",
  },
  VER_QR_SEAL_REVOKED: {
    en: "The e-seal that signed this QR code has been revoked: the QR code can no longer be trusted; check the live status or ask the issuing department.",
    zh: "签署此二维码的电子印章已被吊销，二维码不再可信；请查询在线状态或联系发证机关。",
  },
  VER_QR_SEAL_NOT_VALID_AT_ISSUE: {
    en: "The QR code says it was issued outside the validity period of the e-seal certificate that signed it.",
    zh: "二维码的签发时间不在签名电子印章证书的有效期内。",
  },
  VER_QR_ISSUED_IN_FUTURE: {
    en: "The QR code says it was issued in the future: check this device's date and time.",
    zh: "二维码的签发时间晚于当前时间，请检查本设备的日期和时间。",
  },
  VER_QR_TRUST_LIST_STALE: {
    en: "The signature is right, but the trust list is past its next-update time, so a recent seal revocation could be missing: fetch a current list.",
    zh: "签名正确，但信任列表已过期，可能缺少最近的印章吊销信息，请获取最新的信任列表。",
  },
  VER_QR_TRUST_LIST_UNUSABLE: {
    en: "No usable trust list was given: load and verify the trust list first.",
    zh: "没有可用的信任列表，请先加载并验证信任列表。",
  },
  // Added with type-bound authority (append only).
  VER_QR_TYPE_NOT_AUTHORISED: {
    en: "The QR code was sealed by a department the trust list does not authorise to issue this type of licence.",
    zh: "签署二维码的印章所属机关，按信任列表无权签发此类证照。",
  },
  VER_QR_STATUS_OTHER_LICENCE: {
    en: "Refused: the registry's live status is about another licence than the one this QR code names. The code pairs a genuine status token with other data; do not accept it.",
    zh: "拒绝采信：证照库返回的实时状态属于另一张证照，而非本二维码所载证照。该二维码将真实的状态令牌与其他数据拼接，请勿采信。",
  },
  VER_QR_STATUS_UNNAMED: {
    en: "The registry's live status answer does not say which licence it is about, so it cannot be matched with this QR code.",
    zh: "证照库的实时状态答复未注明所属证照，无法与本二维码核对。",
  },
} as const satisfies Record<string, Bilingual>;

export type QrReasonCode = keyof typeof QR_REASONS;
