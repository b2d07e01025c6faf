// The offline half of the answer: reading a QR code's text and verifying its COSE_Sign1 against the trust list on
// this device, with the signer's own isomorphic code (WebCrypto, cbor2), so the page and the CLI agree.
import { parseQrText, QR_REASONS, verifyQrPayload } from "@elicence/signer/browser";
import type { Bilingual } from "@elicence/core";
import { t } from "./i18n.js";
import type { TrustState } from "./trust-store.js";
import type { OfflineCheck } from "./verdict.js";

export type QrInput =
  | { ok: true; cose: Uint8Array; fragment: string }
  | { ok: false; reason: { code: string; message: Bilingual }; legacyToken?: string };

/** The URL (any origin), `#fragment` or bare fragment of one of our QR codes. */
export function readQrText(text: string): QrInput {
  const parsed = parseQrText(text);
  if (parsed.ok) {
    // The fragment as printed (base32 or base64url): the address bar then shows what the QR code says.
    const trimmed = text.trim();
    const fragment = trimmed.includes("#") ? trimmed.slice(trimmed.indexOf("#") + 1) : trimmed;
    return { ok: true, cose: parsed.cose, fragment };
  }
  return {
    ok: false,
    reason: { code: parsed.reason, message: QR_REASONS[parsed.reason] },
    ...(parsed.token ? { legacyToken: parsed.token } : {}),
  };
}

export async function checkOffline(cose: Uint8Array, trust: TrustState, now: Date): Promise<OfflineCheck> {
  if (!trust.list)
    return {
      status: "INDETERMINATE",
      reason: {
        code: "VER_QR_TRUST_LIST_UNUSABLE",
        message: trust.notice === "no-anchor" ? t.trustAnchorMissing : t.trustListNone,
      },
    };
  const r = await verifyQrPayload(cose, trust.list, now);
  const c = r.claims;
  return {
    status: r.status,
    reason: { code: r.reason.code, message: r.reason.message },
    ...(r.department ? { department: r.department } : {}),
    ...(c
      ? {
          facts: {
            identifier: c.identifier,
            typeCode: c.typeCode,
            issuerCode: c.issuerCode,
            holderName: c.holderName,
            holderCode: c.holderCode,
            validFrom: c.validFrom,
            validUntil: c.validUntil,
            version: String(c.version).padStart(3, "0"),
            issuedAt: c.issuedAt,
            token: c.publicToken,
          },
        }
      : {}),
  };
}
