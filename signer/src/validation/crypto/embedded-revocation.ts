// Revocation data embedded in the PDF (PAdES B-LT DSS): OCSP responses and CRLs, each verified against the seal's
// issuer (or a responder it authorised) before it is believed. Answers what the data says about one certificate.
import { FormatProblem } from "../limits.js";
import { DIGESTS, digest, verifySignature } from "./algorithms.js";
import { OID, certificates, issued, sameCert, type Cert } from "./certificates.js";
import { Der, TAG, equalBytes, type Tlv } from "./der.js";

export interface EmbeddedStatus {
  status: "good" | "revoked";
  source: "ocsp" | "crl";
  /** When the data was issued (OCSP thisUpdate / CRL thisUpdate). */
  issuedAt: Date;
  revokedAt?: Date;
  reason?: string;
}

const REASONS = [
  "unspecified",
  "keyCompromise",
  "cACompromise",
  "affiliationChanged",
  "superseded",
  "cessationOfOperation",
  "certificateHold",
  "unused",
  "removeFromCRL",
  "privilegeWithdrawn",
  "aACompromise",
];
const SHA1 = "1.3.14.3.2.26";
const OCSP_BASIC = "1.3.6.1.5.5.7.48.1.1";

function hashFor(oid: string): string | undefined {
  return oid === SHA1 ? "sha1" : DIGESTS[oid];
}

/** What one OCSP response says about `cert` (issued by `issuer`), if it verifies and speaks about it. */
function fromOcsp(
  bytes: Uint8Array,
  cert: Cert,
  issuer: Cert,
  extra: readonly Cert[],
): EmbeddedStatus | undefined {
  const der = new Der(bytes, "VER_PDF_REVOCATION_UNAVAILABLE");
  const [status, responseBytes] = der.seq(der.root(), "OCSPResponse");
  if (der.smallInt(status, "responseStatus", TAG.enumerated) !== 0 || !responseBytes) return undefined;
  const [rb] = der.kids(der.expect(responseBytes, TAG.ctx0, "responseBytes"));
  const [type, response] = der.seq(rb, "ResponseBytes");
  if (der.oid(type, "responseType") !== OCSP_BASIC) return undefined;
  const basic = new Der(der.content(der.expect(response, TAG.octetString, "response")), der.code);
  const [tbs, sigAlg, sig, certsWrap] = basic.seq(basic.root(), "BasicOCSPResponse");
  const [sigAlgOid] = basic.seq(sigAlg, "signatureAlgorithm");
  const responderCerts = certsWrap
    ? certificates(
        basic
          .kids(basic.kids(basic.expect(certsWrap, TAG.ctx0, "certs"))[0] as Tlv)
          .map((c) => basic.element(c)),
      )
    : [];
  const t = basic.seq(tbs, "ResponseData");
  let i = t[0]?.tag === TAG.ctx0 ? 1 : 0;
  i++; // responderID: the verifying key decides, not the name
  i++; // producedAt
  const responses = basic.seq(t[i], "responses");
  // The issuer itself, or a responder it issued for OCSP signing.
  const candidates = [issuer, ...responderCerts, ...extra].filter(
    (c) =>
      sameCert(c, issuer) || (issued(issuer, c) && (c.extKeyUsage?.includes(OID.ekuOcspSigning) ?? false)),
  );
  const signed = basic.element(tbs as Tlv);
  const signature = basic.bits(sig, "signature");
  const algorithm = basic.oid(sigAlgOid, "signature algorithm");
  if (
    !candidates.some(
      (c) => verifySignature(algorithm, undefined, c.node.publicKey, signed, signature) === true,
    )
  )
    return undefined;
  for (const single of responses) {
    const [certId, certStatus, thisUpdate] = basic.seq(single, "SingleResponse");
    const [alg, nameHash, keyHash, serial] = basic.seq(certId, "CertID");
    const [algOid] = basic.seq(alg, "hashAlgorithm");
    const hash = hashFor(basic.oid(algOid, "CertID hash"));
    if (!hash || basic.integerHex(serial, "serial") !== cert.serial) continue;
    if (
      !equalBytes(
        basic.content(basic.expect(nameHash, TAG.octetString, "issuerNameHash")),
        digest(hash, issuer.subjectDer),
      )
    )
      continue;
    if (
      !equalBytes(
        basic.content(basic.expect(keyHash, TAG.octetString, "issuerKeyHash")),
        digest(hash, issuer.publicKeyBits),
      )
    )
      continue;
    const issuedAt = basic.time(thisUpdate, "thisUpdate");
    if (certStatus?.tag === 0x80) return { status: "good", source: "ocsp", issuedAt };
    if (certStatus?.tag === TAG.ctx1) {
      const [when, reasonWrap] = basic.kids(certStatus);
      const revokedAt = basic.time(when, "revocationTime");
      const reasonCode = reasonWrap ? basic.smallInt(basic.kids(reasonWrap)[0], "reason", TAG.enumerated) : 0;
      return {
        status: "revoked",
        source: "ocsp",
        issuedAt,
        revokedAt,
        reason: REASONS[reasonCode] ?? "unspecified",
      };
    }
    return undefined; // unknown
  }
  return undefined;
}

/** What one CRL says about `cert`, if the issuer signed it. */
function fromCrl(bytes: Uint8Array, cert: Cert, issuer: Cert): EmbeddedStatus | undefined {
  const der = new Der(bytes, "VER_PDF_REVOCATION_UNAVAILABLE");
  const [tbs, sigAlg, sig] = der.seq(der.root(), "CertificateList");
  const t = der.seq(tbs, "TBSCertList");
  let i = t[0]?.tag === TAG.integer ? 1 : 0;
  i++; // signature algorithm (inner)
  const issuerName = der.element(der.expect(t[i++], TAG.sequence, "issuer"));
  if (!equalBytes(issuerName, issuer.subjectDer)) return undefined;
  const thisUpdate = der.time(t[i++], "thisUpdate");
  if (t[i]?.tag === TAG.utcTime || t[i]?.tag === TAG.generalizedTime) i++;
  const [sigAlgOid] = der.seq(sigAlg, "signatureAlgorithm");
  const ok = verifySignature(
    der.oid(sigAlgOid, "algorithm"),
    undefined,
    issuer.node.publicKey,
    der.element(tbs as Tlv),
    der.bits(sig, "signature"),
  );
  if (ok !== true) return undefined;
  const list = t[i]?.tag === TAG.sequence ? der.kids(t[i] as Tlv) : [];
  for (const entry of list) {
    const [serial, date, exts] = der.seq(entry, "revokedCertificate");
    if (der.integerHex(serial, "userCertificate") !== cert.serial) continue;
    let reason = "unspecified";
    for (const ext of exts ? der.seq(exts, "crlEntryExtensions") : []) {
      const [id, value] = der.seq(ext, "Extension");
      if (der.oid(id, "extnID") !== "2.5.29.21" || !value) continue;
      const inner = new Der(der.content(value), der.code);
      reason = REASONS[inner.smallInt(inner.root(), "reasonCode", TAG.enumerated)] ?? "unspecified";
    }
    return {
      status: "revoked",
      source: "crl",
      issuedAt: thisUpdate,
      revokedAt: der.time(date, "revocationDate"),
      reason,
    };
  }
  return { status: "good", source: "crl", issuedAt: thisUpdate };
}

/**
 * The most telling embedded answer about `cert`: a revocation if any source shows one, otherwise the freshest "good".
 * Unparseable or unverifiable items are ignored: embedded data can only help, never count against the signature.
 */
export function embeddedStatus(
  cert: Cert,
  issuer: Cert,
  data: { ocsps: readonly Uint8Array[]; crls: readonly Uint8Array[]; certs: readonly Cert[] },
): EmbeddedStatus | undefined {
  const answers: EmbeddedStatus[] = [];
  const attempt = (f: () => EmbeddedStatus | undefined) => {
    try {
      const a = f();
      if (a) answers.push(a);
    } catch (e) {
      if (!(e instanceof FormatProblem) || e.code === "VER_PDF_TIME_LIMIT") throw e;
    }
  };
  for (const o of data.ocsps) attempt(() => fromOcsp(o, cert, issuer, data.certs));
  for (const c of data.crls) attempt(() => fromCrl(c, cert, issuer));
  const revoked = answers.find((a) => a.status === "revoked");
  if (revoked) return revoked;
  return answers.sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())[0];
}
