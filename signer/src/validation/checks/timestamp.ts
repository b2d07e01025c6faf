// The signature timestamp (PAdES B-T): an RFC 3161 token in the SignerInfo's unsigned attributes whose imprint is
// the hash of this signature value, signed by a TSA certificate that chains to the root. Its genTime becomes the
// signing time every certificate is checked at.
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
import type { Check } from "../types.js";

export interface TimestampResult {
  check: Check;
  genTime?: Date;
}

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

export function checkTimestamp(
  seal: SignerInfo,
  pool: readonly Cert[],
  root: Cert,
  now: Date,
): TimestampResult {
  const token = singleValue(seal.unsignedAttrs, CMS_OID.signatureTimeStampToken);
  if (!seal.unsignedAttrs.has(CMS_OID.signatureTimeStampToken))
    return { check: skipped("timestamp", "VER_PDF_TIMESTAMP_ABSENT") };
  try {
    if (!token)
      return { check: invalid("timestamp", "VER_PDF_TIMESTAMP_MALFORMED", { detail: "several tokens" }) };
    const sd = parseSignedData(token, "VER_PDF_TIMESTAMP_MALFORMED");
    if (sd.eContentType !== CMS_OID.tstInfo || !sd.eContent || sd.signers.length !== 1)
      return {
        check: invalid("timestamp", "VER_PDF_TIMESTAMP_MALFORMED", { detail: "not a TSTInfo token" }),
      };
    const info = tstInfo(sd.eContent);
    const data = {
      genTime: info.genTime.toISOString(),
      serial: info.serial,
      policy: info.policy,
    };
    const hashName = DIGESTS[info.hashOid];
    if (!hashName || !equalBytes(digest(hashName, seal.signature), info.imprint))
      return { check: invalid("timestamp", "VER_PDF_TIMESTAMP_IMPRINT_MISMATCH", data) };

    const signer = sd.signers[0] as SignerInfo;
    const tokenCerts = certificates(sd.certificates);
    const tsa = findSigner(signer.sid, [...tokenCerts, ...pool]);
    if (!tsa)
      return {
        check: invalid("timestamp", "VER_PDF_TIMESTAMP_UNTRUSTED", {
          ...data,
          detail: "TSA certificate missing",
        }),
      };
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
      return { check: invalid("timestamp", "VER_PDF_TIMESTAMP_SIGNATURE_INVALID", data) };
    const ok = verifySignature(
      signer.signatureAlgorithm,
      signer.digestAlgorithm,
      tsa.node.publicKey,
      signer.signedAttrsDer,
      signer.signature,
    );
    if (ok !== true) return { check: invalid("timestamp", "VER_PDF_TIMESTAMP_SIGNATURE_INVALID", data) };
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
      return {
        check: invalid("timestamp", "VER_PDF_TIMESTAMP_SIGNATURE_INVALID", {
          ...data,
          detail: "ESS binding",
        }),
      };

    const chain = buildChain(tsa, [...tokenCerts, ...pool], root, info.genTime);
    if (!chain.ok)
      return {
        check: invalid(
          "timestamp",
          chain.code === "VER_PDF_CHAIN_UNTRUSTED"
            ? "VER_PDF_TIMESTAMP_UNTRUSTED"
            : "VER_PDF_TIMESTAMP_CERT_INVALID",
          { ...data, detail: chain.detail },
        ),
      };
    if (
      !tsa.extKeyUsage?.includes(OID.ekuTimeStamping) ||
      info.genTime.getTime() > now.getTime() + 5 * 60_000
    )
      return {
        check: invalid("timestamp", "VER_PDF_TIMESTAMP_CERT_INVALID", {
          ...data,
          detail: "not a timestamping certificate, or genTime in the future",
        }),
      };
    return {
      check: valid("timestamp", "VER_PDF_TIMESTAMP_OK", { ...data, tsa: tsa.commonName ?? tsa.serial }),
      genTime: info.genTime,
    };
  } catch (e) {
    if (isResourceProblem(e)) throw e;
    if (e instanceof FormatProblem && e.code.startsWith("VER_PDF_TIMESTAMP_"))
      return { check: invalid("timestamp", e.code, { detail: e.message }) };
    if (e instanceof FormatProblem)
      return { check: invalid("timestamp", "VER_PDF_TIMESTAMP_MALFORMED", { detail: e.message }) };
    throw e;
  }
}
