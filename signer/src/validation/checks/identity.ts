// Who the document claims to be: the licence identifier from the signed revision's document information, the
// trust list's word on the seal certificate, whether the seal belongs to the department that issued the licence, and
// whether the trust list lets that department issue the licence's type.
import { invalid, skipped, valid } from "../check.js";
import type { Cert } from "../crypto/certificates.js";
import { textOf } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";
import type { Check, TrustListLike, TrustListSeal } from "../types.js";

/** GB/T 36904: 1.2.156.3005.2.<type code (21)>.<issuer USCC (18)>.<serial>.<version (3)>.<check> */
const IDENTIFIER =
  /^1\.2\.156\.3005\.2\.([0-9A-Z]{21})\.([0-9A-Z]{18})\.[0-9A-Za-z-]{1,64}\.\d{3}\.[0-9A-Z]$/;

export function identifierFrom(file: PdfFile, rev: number): string | undefined {
  const info = file.dict(file.revisions[rev]?.trailer.get("Info"), rev);
  for (const key of ["ELicenceIdentifier", "Subject"]) {
    const text = textOf(info?.get(key))?.trim();
    if (text && text.length <= 200 && IDENTIFIER.test(text)) return text;
  }
  return undefined;
}

export function issuerOf(identifier: string): string | undefined {
  return IDENTIFIER.exec(identifier)?.[2];
}

export function typeOf(identifier: string): string | undefined {
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

/**
 * The seal certificate's organizationIdentifier (ETSI EN 319 412-1 "NTRCN-<USCC>") against the identifier's issuer;
 * then, with a trust list, the licence's type against the types the list lets the seal's department issue: a genuine
 * seal of the education bureau on a food business licence is a forgery by a key holder.
 */
export function checkSealIssuer(identifier: string | undefined, seal: Cert, list?: TrustListLike): Check {
  const issuer = identifier ? issuerOf(identifier) : undefined;
  if (!issuer) return skipped("seal-issuer", "VER_PDF_SEAL_ISSUER_NOT_CHECKED");
  const orgId = seal.organizationIdentifier;
  const sealCode = orgId?.includes("-") ? orgId.slice(orgId.lastIndexOf("-") + 1) : orgId;
  const data = { licenceIssuer: issuer, sealDepartment: sealCode ?? null, seal: seal.commonName ?? null };
  if (sealCode !== issuer) return invalid("seal-issuer", "VER_PDF_SEAL_NOT_ISSUER", data);
  const entry = trustListEntry(list, seal);
  const type = identifier ? typeOf(identifier) : undefined;
  // Not listed: the trust-list check fails on its own. Listed without types (an older list shape): nothing vouched for.
  if (entry && type) {
    const types = Array.isArray(entry.licenceTypes) ? entry.licenceTypes : [];
    if (!types.includes(type))
      return invalid("seal-issuer", "VER_PDF_SEAL_TYPE_NOT_AUTHORISED", { ...data, licenceType: type });
  }
  return valid("seal-issuer", "VER_PDF_SEAL_IS_ISSUER", data);
}
