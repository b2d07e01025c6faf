// Who the document claims to be: the licence identifier from the signed revision's document information, the
// trust list's word on the seal certificate, and whether the seal belongs to the department that issued the licence.
import { invalid, skipped, valid } from "../check.js";
import type { Cert } from "../crypto/certificates.js";
import { textOf } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import type { Check, TrustListLike, TrustListSeal } from "../types.js";

/** GB/T 36904: 1.2.156.3005.2.<type code (21)>.<issuer USCC (18)>.<serial>.<version (3)>.<check> */
const IDENTIFIER = /^1\.2\.156\.3005\.2\.[0-9A-Z]{21}\.([0-9A-Z]{18})\.[0-9A-Za-z-]{1,64}\.\d{3}\.[0-9A-Z]$/;

export function identifierFrom(file: PdfFile, rev: number): string | undefined {
  const info = file.dict(file.revisions[rev]?.trailer.get("Info"), rev);
  for (const key of ["ELicenceIdentifier", "Subject"]) {
    const text = textOf(info?.get(key))?.trim();
    if (text && text.length <= 200 && IDENTIFIER.test(text)) return text;
  }
  return undefined;
}

export function issuerOf(identifier: string): string | undefined {
  return IDENTIFIER.exec(identifier)?.[1];
}

export function trustListEntry(list: TrustListLike | undefined, seal: Cert): TrustListSeal | undefined {
  if (!list || !Array.isArray(list.seals)) return undefined;
  const b64 = Buffer.from(seal.der).toString("base64");
  return list.seals.find(
    (s) => typeof s?.certificate === "string" && s.certificate.replace(/\s+/g, "") === b64,
  );
}

export function checkTrustList(list: TrustListLike | undefined, seal: Cert): Check {
  if (!list) return skipped("trust-list", "VER_PDF_TRUST_LIST_NOT_GIVEN");
  const entry = trustListEntry(list, seal);
  if (!entry)
    return invalid("trust-list", "VER_PDF_SEAL_NOT_IN_TRUST_LIST", {
      seal: seal.commonName ?? seal.serial,
      ...(list.issuedAt ? { trustListIssuedAt: list.issuedAt } : {}),
    });
  return valid("trust-list", "VER_PDF_TRUST_LIST_LISTED", {
    department: entry.department,
    ...(list.issuedAt ? { trustListIssuedAt: list.issuedAt } : {}),
  });
}

/** The seal certificate's organizationIdentifier (ETSI EN 319 412-1 "NTRCN-<USCC>") against the identifier's issuer. */
export function checkSealIssuer(identifier: string | undefined, seal: Cert): Check {
  const issuer = identifier ? issuerOf(identifier) : undefined;
  if (!issuer) return skipped("seal-issuer", "VER_PDF_SEAL_ISSUER_NOT_CHECKED");
  const orgId = seal.organizationIdentifier;
  const sealCode = orgId?.includes("-") ? orgId.slice(orgId.lastIndexOf("-") + 1) : orgId;
  const data = { licenceIssuer: issuer, sealDepartment: sealCode ?? null, seal: seal.commonName ?? null };
  return sealCode === issuer
    ? valid("seal-issuer", "VER_PDF_SEAL_IS_ISSUER", data)
    : invalid("seal-issuer", "VER_PDF_SEAL_NOT_ISSUER", data);
}
