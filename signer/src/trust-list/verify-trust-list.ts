// Checks a fetched trust list before anything trusts it (isomorphic: WebCrypto and asn1js): shape, the issuing CA
// chaining to the root, the JWS over the canonical body, and every seal entry against its certificate. Never throws.
import { bytesEqual, fromBase64, fromBase64Url, utf8 } from "./bytes.js";
import { canonicalJson } from "./canonical.js";
import { isSignedBy, readCertificate, type CertificateFacts } from "./certificate-facts.js";
import { verifyDetachedJws } from "./jws.js";
import { kidOf } from "./kid.js";
import { reasonFrom, type VerificationReason } from "./reason.js";
import { TRUST_LIST_REASONS, type TrustListReasonCode } from "./trust-list-reasons.js";
import { TRUST_LIST_FORMAT, type TrustList, type TrustListEntry } from "./types.js";

export interface TrustListVerification {
  /** The list is genuine (signed by an issuing CA that chains to the root); it may still be stale. */
  ok: boolean;
  /** Past nextUpdate: usable to show what it says, never to call a licence genuine without saying so. */
  stale: boolean;
  /** VER_TL_OK, VER_TL_STALE or why the list was rejected. */
  reason: VerificationReason;
  /** Present when ok. */
  list?: TrustList;
  /** False when no root was given and the list's own root was taken on trust (trust in whoever served it). */
  rootPinned: boolean;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/u;
const isTime = (v: unknown): v is string =>
  typeof v === "string" && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v));
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function isEntry(v: unknown): v is TrustListEntry {
  if (!isObject(v) || !isObject(v.department)) return false;
  const ok =
    isText(v.department.code) &&
    isText(v.department.name) &&
    isText(v.kid) &&
    isText(v.serial) &&
    isText(v.certificate) &&
    isText(v.spki) &&
    isTime(v.notBefore) &&
    isTime(v.notAfter) &&
    (v.status === "good" || v.status === "revoked");
  if (!ok) return false;
  if (v.status === "revoked")
    return isTime(v.revokedAt) && (v.revocationReason === undefined || isText(v.revocationReason));
  return v.revokedAt === undefined && v.revocationReason === undefined;
}

function isTrustList(v: unknown): v is TrustList {
  return (
    isObject(v) &&
    v.format === TRUST_LIST_FORMAT &&
    isTime(v.issuedAt) &&
    isTime(v.nextUpdate) &&
    Date.parse(v.issuedAt) < Date.parse(v.nextUpdate) &&
    isObject(v.issuer) &&
    isText(v.issuer.name) &&
    isText(v.issuer.certificate) &&
    isText(v.root) &&
    Array.isArray(v.seals) &&
    v.seals.every(isEntry) &&
    isText(v.signature)
  );
}

function certificate(b64: string): CertificateFacts | null {
  const der = fromBase64(b64);
  return der ? readCertificate(der) : null;
}

async function entryMatches(entry: TrustListEntry, issuer: CertificateFacts): Promise<boolean> {
  const der = fromBase64(entry.certificate);
  const spki = fromBase64(entry.spki);
  const kid = fromBase64Url(entry.kid);
  const cert = der ? readCertificate(der) : null;
  if (!der || !spki || !kid || !cert) return false;
  return (
    bytesEqual(cert.spki, spki) &&
    bytesEqual(await kidOf(der), kid) &&
    cert.serial === entry.serial.toLowerCase() &&
    cert.notBefore.getTime() === Date.parse(entry.notBefore) &&
    cert.notAfter.getTime() === Date.parse(entry.notAfter) &&
    (await isSignedBy(cert, issuer.spki))
  );
}

/**
 * Verifies a trust list (the parsed JSON, or its text). `rootDer` pins the root the verifier trusts; without it the
 * list's own root is used and `rootPinned` is false. A genuine list past its nextUpdate is `ok` and `stale`.
 */
export async function verifyTrustList(
  json: unknown,
  rootDer: Uint8Array | undefined,
  now: Date,
): Promise<TrustListVerification> {
  const rootPinned = rootDer !== undefined;
  const fail = (code: TrustListReasonCode, detail?: string): TrustListVerification => ({
    ok: false,
    stale: false,
    reason: reasonFrom(TRUST_LIST_REASONS, code, detail),
    rootPinned,
  });
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch {
      return fail("VER_TL_MALFORMED", "not JSON");
    }
  }
  if (!isTrustList(value)) return fail("VER_TL_MALFORMED");
  const list = value;
  const listRoot = fromBase64(list.root);
  const root = listRoot ? readCertificate(listRoot) : null;
  const issuer = certificate(list.issuer.certificate);
  if (!listRoot || !root || !issuer) return fail("VER_TL_MALFORMED", "a certificate does not decode");
  if (rootDer && !bytesEqual(rootDer, listRoot)) return fail("VER_TL_ROOT_MISMATCH");
  const issuedAt = Date.parse(list.issuedAt);
  if (
    !(await isSignedBy(issuer, root.spki)) ||
    issuedAt < issuer.notBefore.getTime() ||
    issuedAt > issuer.notAfter.getTime()
  )
    return fail("VER_TL_ISSUER_UNTRUSTED");
  // The signed body is the object as received, less its signature: members this version does not know are covered too.
  const { signature, ...body } = value as unknown as Record<string, unknown>;
  if (!(await verifyDetachedJws(String(signature), utf8(canonicalJson(body)), issuer.spki)))
    return fail("VER_TL_BAD_SIGNATURE");
  for (const entry of list.seals)
    if (!(await entryMatches(entry, issuer)))
      return fail("VER_TL_ENTRY_INVALID", `department ${entry.department.code}, serial ${entry.serial}`);
  const stale = now.getTime() > Date.parse(list.nextUpdate);
  return {
    ok: true,
    stale,
    reason: reasonFrom(TRUST_LIST_REASONS, stale ? "VER_TL_STALE" : "VER_TL_OK"),
    list,
    rootPinned,
  };
}
