// Checks a fetched trust list before anything trusts it (isomorphic: WebCrypto and asn1js): shape, the root against
// the verifier's own anchor, the issuing CA chaining to it, the signer being a trust-list signer of that CA, the JWS
// over the canonical body, every seal entry against its certificate, then time (no list from the future) and order
// (no list older than one already seen). Never throws.
import { bytesEqual, fromBase64, fromBase64Url, utf8 } from "./bytes.js";
import { canonicalJson } from "./canonical.js";
import { isSignedBy, readCertificate, type CertificateFacts } from "./certificate-facts.js";
import { certificatePurpose } from "./certificate-extensions.js";
import { matchesAnchor, type TrustAnchor } from "./trust-anchor.js";
import { verifyDetachedJws } from "./jws.js";
import { kidOf } from "./kid.js";
import { OID } from "../pki/oids.js";
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
}

export interface VerifyTrustListOptions {
  /** The highest sequence this verifier has accepted: a genuine list numbered below it is VER_TL_ROLLBACK. */
  minSequence?: number;
  /** How far a list's issuedAt may be ahead of `now` (clock drift); default 5 minutes. */
  maxFutureSkewMs?: number;
}

const DEFAULT_FUTURE_SKEW_MS = 5 * 60_000;
/**
 * The longest a list may say it stays fresh (the registry publishes lists fresh for 24 hours). Why a bound: the signer
 * is checked at the list's own issuedAt, so whoever holds the key of a signer whose certificate has expired (or was
 * replaced) can still sign a list dated inside its validity; with nextUpdate in 2099 that list would never go stale,
 * keep a revoked seal "good" and widen a seal's licence types, and QR codes would verify VALID on it. Bounded, such a
 * list is stale at most this long after the certificate ended, and a stale list never makes a licence VALID.
 */
const MAX_LIST_LIFETIME_MS = 31 * 86_400_000;

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
    (v.status === "good" || v.status === "revoked") &&
    Array.isArray(v.licenceTypes) &&
    v.licenceTypes.every(isText);
  if (!ok) return false;
  if (v.status === "revoked")
    return isTime(v.revokedAt) && (v.revocationReason === undefined || isText(v.revocationReason));
  return v.revokedAt === undefined && v.revocationReason === undefined;
}

function isTrustList(v: unknown): v is TrustList {
  return (
    isObject(v) &&
    v.format === TRUST_LIST_FORMAT &&
    Number.isSafeInteger(v.sequence) &&
    (v.sequence as number) >= 0 &&
    isTime(v.issuedAt) &&
    isTime(v.nextUpdate) &&
    Date.parse(v.issuedAt) < Date.parse(v.nextUpdate) &&
    isObject(v.issuer) &&
    isText(v.issuer.name) &&
    isText(v.issuer.certificate) &&
    isObject(v.signer) &&
    isText(v.signer.certificate) &&
    isText(v.root) &&
    Array.isArray(v.seals) &&
    v.seals.every(isEntry) &&
    isText(v.signature)
  );
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

const validAt = (c: CertificateFacts, t: number): boolean =>
  t >= c.notBefore.getTime() && t <= c.notAfter.getTime();

/** The issuing CA: signed by the root, a CA that may sign certificates, valid when the list was issued. */
async function isIssuingCa(der: Uint8Array, issuer: CertificateFacts, root: CertificateFacts, at: number) {
  const purpose = certificatePurpose(der);
  return (
    purpose !== null &&
    purpose.ca &&
    purpose.keyUsage?.keyCertSign === true &&
    validAt(issuer, at) &&
    (await isSignedBy(issuer, root.spki))
  );
}

/** The list's signer: a trust-list signing certificate (EKU, digitalSignature, not a CA) the issuing CA signed. */
async function isTrustListSigner(
  der: Uint8Array,
  signer: CertificateFacts,
  issuer: CertificateFacts,
  at: number,
) {
  const purpose = certificatePurpose(der);
  return (
    purpose !== null &&
    !purpose.ca &&
    purpose.keyUsage?.digitalSignature === true &&
    (purpose.extendedKeyUsage ?? []).includes(OID.ekuTrustListSigning) &&
    validAt(signer, at) &&
    (await isSignedBy(signer, issuer.spki))
  );
}

/**
 * Verifies a trust list (the parsed JSON, or its text) against the verifier's own anchor: the root the list carries
 * counts only when it is the anchored one. A genuine list past its nextUpdate is `ok` and `stale`; one numbered below
 * `options.minSequence` is refused as a rollback, and one issued in the future (beyond a small skew) is refused.
 */
export async function verifyTrustList(
  json: unknown,
  anchor: TrustAnchor,
  now: Date,
  options: VerifyTrustListOptions = {},
): Promise<TrustListVerification> {
  const fail = (code: TrustListReasonCode, detail?: string): TrustListVerification => ({
    ok: false,
    stale: false,
    reason: reasonFrom(TRUST_LIST_REASONS, code, detail),
  });
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch {
      return fail("VER_TL_MALFORMED", "not JSON");
    }
  }
  // Another version of our own format (format 1: unnumbered, CA-signed) has its own answer; anything else is malformed.
  const format = isObject(value) ? value.format : undefined;
  if (typeof format === "string" && format.startsWith("elicence-trust-list/") && format !== TRUST_LIST_FORMAT)
    return fail("VER_TL_FORMAT_UNSUPPORTED", `format ${format.slice(0, 40)}`);
  if (!isTrustList(value)) return fail("VER_TL_MALFORMED");
  const list = value;
  if (Date.parse(list.nextUpdate) - Date.parse(list.issuedAt) > MAX_LIST_LIFETIME_MS)
    return fail("VER_TL_MALFORMED", "nextUpdate is more than 31 days after issuedAt");
  const listRoot = fromBase64(list.root);
  const root = listRoot ? readCertificate(listRoot) : null;
  const issuerDer = fromBase64(list.issuer.certificate);
  const issuer = issuerDer ? readCertificate(issuerDer) : null;
  const signerDer = fromBase64(list.signer.certificate);
  const signer = signerDer ? readCertificate(signerDer) : null;
  if (!root || !issuerDer || !issuer || !signerDer || !signer)
    return fail("VER_TL_MALFORMED", "a certificate does not decode");
  if (!(await matchesAnchor(anchor, list.root))) return fail("VER_TL_ROOT_MISMATCH");
  const issuedAt = Date.parse(list.issuedAt);
  if (!(await isIssuingCa(issuerDer, issuer, root, issuedAt))) return fail("VER_TL_ISSUER_UNTRUSTED");
  if (!(await isTrustListSigner(signerDer, signer, issuer, issuedAt))) return fail("VER_TL_SIGNER_UNTRUSTED");
  // The signed body is the object as received, less its signature: members this version does not know are covered too.
  const { signature, ...body } = value as unknown as Record<string, unknown>;
  if (!(await verifyDetachedJws(String(signature), utf8(canonicalJson(body)), signer.spki)))
    return fail("VER_TL_BAD_SIGNATURE");
  for (const entry of list.seals)
    if (!(await entryMatches(entry, issuer)))
      return fail("VER_TL_ENTRY_INVALID", `department ${entry.department.code}, serial ${entry.serial}`);
  // Time and order come after the signature: a forged list is reported as forged, a genuine old one as old.
  if (issuedAt > now.getTime() + (options.maxFutureSkewMs ?? DEFAULT_FUTURE_SKEW_MS))
    return fail("VER_TL_ISSUED_IN_FUTURE", `issued ${list.issuedAt}`);
  if (options.minSequence !== undefined && list.sequence < options.minSequence)
    return fail("VER_TL_ROLLBACK", `sequence ${list.sequence}, already seen ${options.minSequence}`);
  const stale = now.getTime() > Date.parse(list.nextUpdate);
  return {
    ok: true,
    stale,
    reason: reasonFrom(TRUST_LIST_REASONS, stale ? "VER_TL_STALE" : "VER_TL_OK"),
    list,
  };
}
