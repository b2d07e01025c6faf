// RFC 3161 timestamp tokens. The signature timestamp (PAdES B-T) sits in the SignerInfo's unsigned attributes and
// its imprint is the hash of this signature value; a document timestamp (checks/doc-timestamp.ts) stamps the bytes of
// its ByteRange. Either way the token is signed by a TSA certificate that chains to the root, and the signature
// timestamp's genTime becomes the signing time every certificate is checked at.
import { invalid, isResourceProblem, skipped, valid } from "../check.js";
import { FormatProblem } from "../limits.js";
import { DIGESTS, digest, verifySignature } from "../crypto/algorithms.js";
import { OID, certificates, type Cert } from "../crypto/certificates.js";
import { buildChain } from "../crypto/chain.js";
import {
  CMS_OID,
  essCertId,
  findSigner,
  octets,
  oidValue,
  parseSignedData,
  singleValue,
  type SignerInfo,
} from "../crypto/cms.js";
import { Der, TAG, equalBytes } from "../crypto/der.js";
import type { ReasonCode } from "../reason-codes.js";
import type { Check } from "../types.js";

export interface TimestampResult {
  check: Check;
  genTime?: Date;
}

/** Why a token failed, independent of which kind of timestamp it is. */
export type TokenFailure = "malformed" | "imprint" | "signature" | "untrusted" | "cert";

export type TokenResult =
  | { ok: true; genTime: Date; data: Record<string, unknown> }
  | { ok: false; failure: TokenFailure; data: Record<string, unknown> };

const SIGNATURE_CODES: Record<TokenFailure, ReasonCode> = {
  malformed: "VER_PDF_TIMESTAMP_MALFORMED",
  imprint: "VER_PDF_TIMESTAMP_IMPRINT_MISMATCH",
  signature: "VER_PDF_TIMESTAMP_SIGNATURE_INVALID",
  untrusted: "VER_PDF_TIMESTAMP_UNTRUSTED",
  cert: "VER_PDF_TIMESTAMP_CERT_INVALID",
};

function tstInfo(bytes: Uint8Array): {
  hashOid: string;
  imprint: Uint8Array;
  genTime: Date;
  serial: string;
  policy: string;
} {
  const der = new Der(bytes, "VER_PDF_TIMESTAMP_MALFORMED");
  const f = der.seq(der.root(), "TSTInfo");
  const policy = der.oid(f[1], "policy");
  const [alg, hashed] = der.seq(f[2], "messageImprint");
  const [algOid] = der.seq(alg, "hashAlgorithm");
  return {
    policy,
    hashOid: der.oid(algOid, "imprint algorithm"),
    imprint: der.content(der.expect(hashed, TAG.octetString, "hashedMessage")),
    serial: der.integerHex(f[3], "serialNumber"),
    genTime: der.time(f[4], "genTime"),
  };
}

/**
 * Verifies a TimeStampToken (CMS ContentInfo, DER): a TSTInfo, its imprint equal to `imprintOf(hash)` for the hash
 * the token names, its signature and ESS binding, a TSA certificate for timestamping that chains to `root` at genTime,
 * and genTime not in the future. Never throws on a bad token (a resource limit excepted).
 */
export function verifyTimestampToken(
  token: Uint8Array,
  imprintOf: (hashName: string) => Uint8Array,
  pool: readonly Cert[],
  root: Cert,
  now: Date,
): TokenResult {
  const fail = (failure: TokenFailure, data: Record<string, unknown>): TokenResult => ({
    ok: false,
    failure,
    data,
  });
  try {
    const sd = parseSignedData(token, "VER_PDF_TIMESTAMP_MALFORMED");
    if (sd.eContentType !== CMS_OID.tstInfo || !sd.eContent || sd.signers.length !== 1)
      return fail("malformed", { detail: "not a TSTInfo token" });
    const info = tstInfo(sd.eContent);
    const data = {
      genTime: info.genTime.toISOString(),
      serial: info.serial,
      policy: info.policy,
    };
    const hashName = DIGESTS[info.hashOid];
    if (!hashName || !equalBytes(imprintOf(hashName), info.imprint)) return fail("imprint", data);

    const signer = sd.signers[0] as SignerInfo;
    const tokenCerts = certificates(sd.certificates);
    const tsa = findSigner(signer.sid, [...tokenCerts, ...pool]);
    if (!tsa) return fail("untrusted", { ...data, detail: "TSA certificate missing" });
    const tokenDigest = DIGESTS[signer.digestAlgorithm];
    const md = octets(singleValue(signer.signedAttrs, CMS_OID.messageDigest), "VER_PDF_TIMESTAMP_MALFORMED");
    const ct = oidValue(singleValue(signer.signedAttrs, CMS_OID.contentType), "VER_PDF_TIMESTAMP_MALFORMED");
    if (
      !tokenDigest ||
      !signer.signedAttrsDer ||
      !md ||
      ct !== CMS_OID.tstInfo ||
      !equalBytes(md, digest(tokenDigest, sd.eContent))
    )
      return fail("signature", data);
    const ok = verifySignature(
      signer.signatureAlgorithm,
      signer.digestAlgorithm,
      tsa.node.publicKey,
      signer.signedAttrsDer,
      signer.signature,
    );
    if (ok !== true) return fail("signature", data);
    // RFC 3161 / RFC 5816: the token binds its TSA certificate; a token naming another certificate is not this TSA's.
    const v2 = singleValue(signer.signedAttrs, CMS_OID.signingCertificateV2);
    const v1 = singleValue(signer.signedAttrs, CMS_OID.signingCertificate);
    const ess = v2
      ? essCertId(v2, true, "VER_PDF_TIMESTAMP_MALFORMED")
      : v1
        ? essCertId(v1, false, "VER_PDF_TIMESTAMP_MALFORMED")
        : undefined;
    const essHash = ess
      ? (DIGESTS[ess.hashOid] ?? (ess.hashOid === "1.3.14.3.2.26" ? "sha1" : undefined))
      : undefined;
    if (ess && (!essHash || !equalBytes(digest(essHash, tsa.der), ess.hash)))
      return fail("signature", { ...data, detail: "ESS binding" });

    const chain = buildChain(tsa, [...tokenCerts, ...pool], root, info.genTime);
    if (!chain.ok)
      return fail(chain.code === "VER_PDF_CHAIN_UNTRUSTED" ? "untrusted" : "cert", {
        ...data,
        detail: chain.detail,
      });
    if (
      !tsa.extKeyUsage?.includes(OID.ekuTimeStamping) ||
      info.genTime.getTime() > now.getTime() + 5 * 60_000
    )
      return fail("cert", { ...data, detail: "not a timestamping certificate, or genTime in the future" });
    return { ok: true, genTime: info.genTime, data: { ...data, tsa: tsa.commonName ?? tsa.serial } };
  } catch (e) {
    if (isResourceProblem(e)) throw e;
    if (e instanceof FormatProblem) return fail("malformed", { detail: e.message });
    throw e;
  }
}

export function checkTimestamp(
  seal: SignerInfo,
  pool: readonly Cert[],
  root: Cert,
  now: Date,
): TimestampResult {
  if (!seal.unsignedAttrs.has(CMS_OID.signatureTimeStampToken))
    return { check: skipped("timestamp", "VER_PDF_TIMESTAMP_ABSENT") };
  const token = singleValue(seal.unsignedAttrs, CMS_OID.signatureTimeStampToken);
  if (!token)
    return { check: invalid("timestamp", "VER_PDF_TIMESTAMP_MALFORMED", { detail: "several tokens" }) };
  const r = verifyTimestampToken(token, (hash) => digest(hash, seal.signature), pool, root, now);
  if (!r.ok) return { check: invalid("timestamp", SIGNATURE_CODES[r.failure], r.data) };
  return { check: valid("timestamp", "VER_PDF_TIMESTAMP_OK", r.data), genTime: r.genTime };
}
