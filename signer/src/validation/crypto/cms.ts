// Reads a CMS SignedData (RFC 5652) into the parts validation checks — signer identifiers, signed attributes as the
// exact bytes that were signed, the signature value and its position — without re-encoding anything.
import type { ReasonCode } from "../reason-codes.js";
import { Der, TAG, equalBytes, type Tlv } from "./der.js";
import type { Cert } from "./certificates.js";

export const CMS_OID = {
  signedData: "1.2.840.113549.1.7.2",
  data: "1.2.840.113549.1.7.1",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
} as const;

export type SignerId =
  { kind: "issuerSerial"; issuerDer: Uint8Array; serial: string } | { kind: "ski"; ski: string };

export interface SignerInfo {
  sid: SignerId;
  digestAlgorithm: string;
  /** The signed attributes re-tagged as SET OF (0x31): the bytes the signature covers. */
  signedAttrsDer?: Uint8Array;
  signedAttrs: Map<string, Uint8Array[]>;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** Offset of the signature value's contents inside the CMS bytes. */
  signatureOffset: number;
  unsignedAttrs: Map<string, Uint8Array[]>;
}

export interface SignedData {
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  signers: SignerInfo[];
}

function attributes(der: Der, set: Tlv, what: string): Map<string, Uint8Array[]> {
  const out = new Map<string, Uint8Array[]>();
  for (const attr of der.kids(set)) {
    const [type, values] = der.seq(attr, what);
    const oid = der.oid(type, `${what} type`);
    // RFC 5652 §5.3: each attribute type at most once; two would let two verifiers read different values.
    if (out.has(oid)) der.fail(`${what} ${oid} appears twice`);
    out.set(
      oid,
      der.kids(der.expect(values, TAG.set, `${what} values`)).map((v) => der.element(v)),
    );
  }
  return out;
}

function signerInfo(der: Der, t: Tlv): SignerInfo {
  const f = der.seq(t, "SignerInfo");
  let i = 1; // version
  const sidTlv = f[i++];
  let sid: SignerId;
  if (sidTlv?.tag === TAG.sequence) {
    const [issuer, serial] = der.kids(sidTlv);
    sid = {
      kind: "issuerSerial",
      issuerDer: der.element(der.expect(issuer, TAG.sequence, "sid issuer")),
      serial: der.integerHex(serial, "sid serial"),
    };
  } else if (sidTlv?.tag === 0x80) {
    sid = { kind: "ski", ski: Buffer.from(der.content(sidTlv)).toString("hex") };
  } else return der.fail("SignerInfo sid");
  const [digestOid] = der.seq(f[i++], "digestAlgorithm");
  const digestAlgorithm = der.oid(digestOid, "digestAlgorithm");
  let signedAttrsDer: Uint8Array | undefined;
  let signedAttrs = new Map<string, Uint8Array[]>();
  if (f[i]?.tag === TAG.ctx0) {
    const sa = f[i++] as Tlv;
    signedAttrsDer = new Uint8Array(der.element(sa));
    signedAttrsDer[0] = TAG.set;
    signedAttrs = attributes(der, sa, "signed attribute");
  }
  const [sigAlgOid] = der.seq(f[i++], "signatureAlgorithm");
  const signatureAlgorithm = der.oid(sigAlgOid, "signatureAlgorithm");
  const sigTlv = der.expect(f[i++], TAG.octetString, "signature");
  const unsigned = f[i]?.tag === TAG.ctx1 ? attributes(der, f[i] as Tlv, "unsigned attribute") : new Map();
  return {
    sid,
    digestAlgorithm,
    ...(signedAttrsDer ? { signedAttrsDer } : {}),
    signedAttrs,
    signatureAlgorithm,
    signature: der.content(sigTlv),
    signatureOffset: sigTlv.contentStart,
    unsignedAttrs: unsigned,
  };
}

/** Parses ContentInfo{SignedData}; every malformation is a FormatProblem with `code`. */
export function parseSignedData(bytes: Uint8Array, code: ReasonCode): SignedData {
  const der = new Der(bytes, code);
  const root = der.root();
  if (root.end !== bytes.length) der.fail("bytes after the ContentInfo");
  const [type, content] = der.seq(root, "ContentInfo");
  if (der.oid(type, "contentType") !== CMS_OID.signedData) der.fail("not a SignedData");
  const [sdTlv] = der.kids(der.expect(content, TAG.ctx0, "content"));
  const f = der.seq(sdTlv, "SignedData");
  const [eType, eContentWrap] = der.seq(f[2], "encapContentInfo");
  const eContentType = der.oid(eType, "eContentType");
  let eContent: Uint8Array | undefined;
  if (eContentWrap) {
    const [octets] = der.kids(der.expect(eContentWrap, TAG.ctx0, "eContent"));
    eContent = der.content(der.expect(octets, TAG.octetString, "eContent"));
  }
  let i = 3;
  const certificates: Uint8Array[] = [];
  if (f[i]?.tag === TAG.ctx0) {
    for (const c of der.kids(f[i] as Tlv)) if (c.tag === TAG.sequence) certificates.push(der.element(c));
    i++;
  }
  if (f[i]?.tag === TAG.ctx1) i++;
  const signers = der.kids(der.expect(f[i], TAG.set, "signerInfos")).map((s) => signerInfo(der, s));
  return { eContentType, ...(eContent ? { eContent } : {}), certificates, signers };
}

/** The certificate a SignerInfo names. */
export function findSigner(sid: SignerId, pool: readonly Cert[]): Cert | undefined {
  return pool.find((c) =>
    sid.kind === "issuerSerial"
      ? c.serial === sid.serial && equalBytes(c.issuerDer, sid.issuerDer)
      : c.subjectKeyId === sid.ski,
  );
}

/** The single value of a signed attribute, or undefined. */
export function singleValue(attrs: Map<string, Uint8Array[]>, oid: string): Uint8Array | undefined {
  const v = attrs.get(oid);
  return v && v.length === 1 ? v[0] : undefined;
}

/** OCTET STRING contents of an attribute value (message-digest). */
export function octets(value: Uint8Array | undefined, code: ReasonCode): Uint8Array | undefined {
  if (!value) return undefined;
  const der = new Der(value, code);
  const t = der.root();
  return t.tag === TAG.octetString && t.end === value.length ? der.content(t) : undefined;
}

export function oidValue(value: Uint8Array | undefined, code: ReasonCode): string | undefined {
  if (!value) return undefined;
  const der = new Der(value, code);
  const t = der.root();
  return t.tag === TAG.oid ? der.oid(t, "attribute value") : undefined;
}

/** The hash and, when present, serial of the first ESSCertID(v2) of a signing-certificate(-v2) attribute. */
export function essCertId(
  value: Uint8Array,
  v2: boolean,
  code: ReasonCode,
): { hashOid: string; hash: Uint8Array; issuerName?: Uint8Array; serial?: string } {
  const der = new Der(value, code);
  const [certs] = der.seq(der.root(), "SigningCertificate");
  const [first] = der.seq(certs, "certs");
  const f = der.seq(first, "ESSCertID");
  let i = 0;
  let hashOid = v2 ? "2.16.840.1.101.3.4.2.1" : "1.3.14.3.2.26";
  if (v2 && f[0]?.tag === TAG.sequence) {
    const [alg] = der.kids(f[0]);
    hashOid = der.oid(alg, "ESSCertIDv2 hashAlgorithm");
    i++;
  }
  const hash = der.content(der.expect(f[i++], TAG.octetString, "certHash"));
  const out: { hashOid: string; hash: Uint8Array; issuerName?: Uint8Array; serial?: string } = {
    hashOid,
    hash,
  };
  const issuerSerial = f[i];
  if (issuerSerial) {
    const [names, serial] = der.seq(issuerSerial, "IssuerSerial");
    out.serial = der.integerHex(serial, "IssuerSerial serial");
    // GeneralNames with one directoryName [4] holding the Name.
    const general = der.kids(der.expect(names, TAG.sequence, "GeneralNames"));
    const dn = general.find((g) => g.tag === 0xa4);
    if (dn) {
      const [name] = der.kids(dn);
      if (name) out.issuerName = der.element(name);
    }
  }
  return out;
}
