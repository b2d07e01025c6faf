// The cryptographic checks of the seal's CMS: the message digest over the signed byte ranges, the signature over the
// signed attributes with the signer's key, the ESS signing-certificate-v2 binding, and the seal's certificate path.
import { fragment, invalid, isResourceProblem, valid } from "../check.js";
import { FormatProblem } from "../limits.js";
import { DIGESTS, digest, verifySignature } from "../crypto/algorithms.js";
import { KEY_USAGE, OID, hasKeyUsage, type Cert } from "../crypto/certificates.js";
import { buildChain } from "../crypto/chain.js";
import {
  CMS_OID,
  essCertId,
  findSigner,
  octets,
  oidValue,
  parseSignedData,
  singleValue,
  type SignedData,
  type SignerInfo,
} from "../crypto/cms.js";
import { Der, equalBytes } from "../crypto/der.js";
import type { Check } from "../types.js";
import type { ByteRange } from "./byte-range.js";

export interface ParsedCms {
  signedData: SignedData;
  signer: SignerInfo;
  /** The CMS DER, without the zero padding of the placeholder. */
  der: Uint8Array;
}

/** Decodes /Contents: DER of known length followed by nothing but zero padding (anything else hides data). */
export function readCms(file: Uint8Array, br: ByteRange): ParsedCms | Check {
  const hex = Buffer.from(file.subarray(br[1] + 1, br[2] - 1)).toString("latin1");
  const all = new Uint8Array(Buffer.from(hex, "hex"));
  let der: Uint8Array;
  try {
    const top = new Der(all, "VER_PDF_CMS_MALFORMED").root();
    der = all.subarray(0, top.end);
  } catch (e) {
    if (isResourceProblem(e)) throw e;
    return invalid("cms-digest", "VER_PDF_CMS_MALFORMED", {
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  for (let i = der.length; i < all.length; i++)
    if (all[i] !== 0)
      return invalid("cms-digest", "VER_PDF_CMS_TRAILING_DATA", { cmsBytes: der.length, at: i });
  let signedData: SignedData;
  try {
    signedData = parseSignedData(der, "VER_PDF_CMS_MALFORMED");
  } catch (e) {
    if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
    return invalid("cms-digest", "VER_PDF_CMS_MALFORMED", { detail: e.message });
  }
  if (signedData.eContent !== undefined || signedData.eContentType !== CMS_OID.data)
    return invalid("cms-digest", "VER_PDF_CMS_NOT_DETACHED", { eContentType: signedData.eContentType });
  if (signedData.signers.length !== 1)
    return invalid("cms-digest", "VER_PDF_CMS_SIGNER_COUNT", { signers: signedData.signers.length });
  return { signedData, signer: signedData.signers[0] as SignerInfo, der };
}

export function checkDigest(file: Uint8Array, br: ByteRange, cms: ParsedCms): Check {
  const { signer } = cms;
  const hash = DIGESTS[signer.digestAlgorithm];
  if (!hash)
    return invalid("cms-digest", "VER_PDF_CMS_ALGORITHM_UNSUPPORTED", {
      digestAlgorithm: signer.digestAlgorithm,
    });
  const md = octets(singleValue(signer.signedAttrs, CMS_OID.messageDigest), "VER_PDF_CMS_MALFORMED");
  const ct = oidValue(singleValue(signer.signedAttrs, CMS_OID.contentType), "VER_PDF_CMS_MALFORMED");
  if (!signer.signedAttrsDer || !md || ct !== CMS_OID.data)
    return invalid("cms-digest", "VER_PDF_CMS_ATTRIBUTES_MISSING");
  const actual = digest(hash, file.subarray(br[0], br[0] + br[1]), file.subarray(br[2], br[2] + br[3]));
  const data = { algorithm: hash, signedBytes: br[1] + br[3] };
  return equalBytes(actual, md)
    ? valid("cms-digest", "VER_PDF_CMS_DIGEST_OK", data)
    : invalid("cms-digest", "VER_PDF_CMS_DIGEST_MISMATCH", data);
}

export function checkSignature(cms: ParsedCms, pool: readonly Cert[]): { check: Check; signerCert?: Cert } {
  const { signer } = cms;
  const signerCert = findSigner(signer.sid, pool);
  if (!signerCert) return { check: invalid("cms-signature", "VER_PDF_CMS_SIGNER_CERT_MISSING") };
  if (!signer.signedAttrsDer)
    return { check: invalid("cms-signature", "VER_PDF_CMS_ATTRIBUTES_MISSING"), signerCert };
  const ok = verifySignature(
    signer.signatureAlgorithm,
    signer.digestAlgorithm,
    signerCert.node.publicKey,
    signer.signedAttrsDer,
    signer.signature,
  );
  const data = {
    signatureAlgorithm: signer.signatureAlgorithm,
    signer: signerCert.commonName ?? signerCert.serial,
  };
  if (ok === "unsupported")
    return { check: invalid("cms-signature", "VER_PDF_CMS_ALGORITHM_UNSUPPORTED", data), signerCert };
  return {
    check: ok
      ? valid("cms-signature", "VER_PDF_CMS_SIGNATURE_OK", data)
      : invalid("cms-signature", "VER_PDF_CMS_SIGNATURE_INVALID", data),
    signerCert,
  };
}

export function checkSigningCertificate(cms: ParsedCms, signerCert: Cert): Check {
  const value = singleValue(cms.signer.signedAttrs, CMS_OID.signingCertificateV2);
  if (!value) return invalid("signing-certificate", "VER_PDF_ESS_MISSING");
  try {
    const ess = essCertId(value, true, "VER_PDF_ESS_MISMATCH");
    const hash = DIGESTS[ess.hashOid];
    const matches =
      hash !== undefined &&
      equalBytes(digest(hash, signerCert.der), ess.hash) &&
      (ess.serial === undefined || ess.serial === signerCert.serial) &&
      (ess.issuerName === undefined || equalBytes(ess.issuerName, signerCert.issuerDer));
    return matches
      ? valid("signing-certificate", "VER_PDF_ESS_OK", { certificateSha256: signerCert.sha256 })
      : invalid("signing-certificate", "VER_PDF_ESS_MISMATCH", { certificateSha256: signerCert.sha256 });
  } catch (e) {
    if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
    return invalid("signing-certificate", "VER_PDF_ESS_MISMATCH", { detail: e.message });
  }
}

export function checkChain(
  signerCert: Cert,
  pool: readonly Cert[],
  root: Cert,
  at: Date,
  source: "timestamp" | "validation-time",
): { check: Check; path?: Cert[] } {
  const data = {
    seal: signerCert.commonName ?? null,
    serial: signerCert.serial,
    checkedAt: at.toISOString(),
    timeSource: source,
  };
  const chain = buildChain(signerCert, pool, root, at);
  // Without a timestamp, "expired now" says nothing about the day the seal was applied (ETSI: no proof of existence).
  if (
    !chain.ok &&
    chain.code === "VER_PDF_CHAIN_EXPIRED" &&
    source === "validation-time" &&
    at > signerCert.notAfter
  )
    return {
      check: fragment("chain", "ERROR", "VER_PDF_CHAIN_EXPIRED_NO_TIMESTAMP", {
        ...data,
        detail: chain.detail,
      }),
    };
  if (!chain.ok) return { check: invalid("chain", chain.code, { ...data, detail: chain.detail }) };
  const eku = signerCert.extKeyUsage;
  const usable =
    !signerCert.isCa &&
    hasKeyUsage(signerCert, KEY_USAGE.digitalSignature, KEY_USAGE.nonRepudiation) &&
    (eku === undefined ||
      [OID.ekuDocumentSigning, OID.ekuEmailProtection, OID.ekuAny].some((o) => eku.includes(o)));
  if (!usable) return { check: invalid("chain", "VER_PDF_SEAL_KEY_USAGE_INVALID", data) };
  return {
    check: valid("chain", "VER_PDF_CHAIN_OK", {
      ...data,
      path: chain.path.map((c) => c.commonName ?? c.serial),
    }),
    path: chain.path,
  };
}
