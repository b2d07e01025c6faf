// X.509 certificates as validation sees them: the fields read straight from the DER (serial, names, validity,
// extensions) and node:crypto for keys and signatures. Parsed certificates and verified issuer links are cached by
// content hash, so a seal certificate seen in every licence is parsed once.
import { X509Certificate, createHash } from "node:crypto";
import { FormatProblem, problem } from "../limits.js";
import { Der, TAG, equalBytes, type Tlv } from "./der.js";

export const OID = {
  organizationIdentifier: "2.5.4.97",
  commonName: "2.5.4.3",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  ekuDocumentSigning: "1.3.6.1.5.5.7.3.36",
  ekuEmailProtection: "1.3.6.1.5.5.7.3.4",
  ekuAny: "2.5.29.37.0",
  ekuTimeStamping: "1.3.6.1.5.5.7.3.8",
  ekuOcspSigning: "1.3.6.1.5.5.7.3.9",
  certificatePolicies: "2.5.29.32",
} as const;

export const KEY_USAGE = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

export interface Cert {
  der: Uint8Array;
  sha256: string;
  node: X509Certificate;
  /** Lower-case hex, no leading zero octets. */
  serial: string;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  /** The subjectPublicKey BIT STRING contents (what OCSP key hashes cover). */
  publicKeyBits: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA (false when the extension is absent). */
  isCa: boolean;
  pathLen?: number;
  /** Key usage bits by number (0 digitalSignature … 8 decipherOnly); undefined when the extension is absent. */
  keyUsage?: Set<number>;
  extKeyUsage?: string[];
  subjectKeyId?: string;
  organizationIdentifier?: string;
  commonName?: string;
  /** certificatePolicies policy identifiers (the annotation seal carries its own); undefined without the extension. */
  policies?: string[];
}

const cache = new Map<string, Cert>();
const links = new Map<string, boolean>();
const CACHE_LIMIT = 512;

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

function nameAttributes(der: Der, name: Tlv): Map<string, string> {
  const out = new Map<string, string>();
  for (const rdn of der.kids(der.expect(name, TAG.sequence, "Name")))
    for (const atv of der.kids(der.expect(rdn, TAG.set, "RDN"))) {
      const [type, value] = der.seq(atv, "AttributeTypeAndValue");
      if (!value) continue;
      // Text string types (UTF8, Printable, IA5, BMP as UTF-16BE).
      const raw = der.content(value);
      const text =
        value.tag === 0x1e
          ? Buffer.from(raw).swap16().toString("utf16le")
          : Buffer.from(raw).toString("utf8");
      out.set(der.oid(type, "attribute type"), text);
    }
  return out;
}

function parse(bytes: Uint8Array, sha256: string): Cert {
  const der = new Der(bytes, "VER_PDF_CERTIFICATE_MALFORMED");
  const root = der.root();
  if (root.end !== bytes.length) der.fail("bytes after the certificate");
  const [tbs] = der.seq(root, "Certificate");
  const f = der.seq(tbs, "TBSCertificate");
  let i = f[0]?.tag === TAG.ctx0 ? 1 : 0;
  const serial = der.integerHex(f[i++], "serialNumber");
  i++; // signature algorithm
  const issuer = der.expect(f[i++], TAG.sequence, "issuer");
  const [notBefore, notAfter] = der.seq(f[i++], "validity");
  const subject = der.expect(f[i++], TAG.sequence, "subject");
  const [, spkBits] = der.seq(f[i++], "subjectPublicKeyInfo");
  let node: X509Certificate;
  try {
    node = new X509Certificate(bytes);
  } catch {
    throw problem("VER_PDF_CERTIFICATE_MALFORMED", "node:crypto cannot load the certificate");
  }
  const cert: Cert = {
    der: bytes,
    sha256,
    node,
    serial,
    issuerDer: der.element(issuer),
    subjectDer: der.element(subject),
    publicKeyBits: der.bits(spkBits, "subjectPublicKey"),
    notBefore: der.time(notBefore, "notBefore"),
    notAfter: der.time(notAfter, "notAfter"),
    isCa: false,
  };
  const attrs = nameAttributes(der, subject);
  const orgId = attrs.get(OID.organizationIdentifier);
  const cn = attrs.get(OID.commonName);
  if (orgId !== undefined) cert.organizationIdentifier = orgId;
  if (cn !== undefined) cert.commonName = cn;
  const extensions = f.slice(i).find((t) => t.tag === TAG.ctx3);
  if (extensions) {
    const [list] = der.kids(extensions);
    for (const ext of der.seq(list, "Extensions")) {
      const parts = der.seq(ext, "Extension");
      const id = der.oid(parts[0], "extnID");
      const value = parts[parts.length - 1];
      const inner = new Der(der.content(der.expect(value, TAG.octetString, "extnValue")), der.code);
      const top = inner.root();
      if (id === OID.keyUsage) {
        const bits = inner.content(inner.expect(top, TAG.bitString, "keyUsage")).subarray(1);
        const set = new Set<number>();
        for (let bit = 0; bit < bits.length * 8 && bit < 16; bit++)
          if (((bits[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) set.add(bit);
        cert.keyUsage = set;
      } else if (id === OID.basicConstraints) {
        for (const k of inner.seq(top, "basicConstraints")) {
          if (k.tag === TAG.boolean) cert.isCa = (inner.content(k)[0] ?? 0) !== 0;
          else if (k.tag === TAG.integer) cert.pathLen = inner.smallInt(k, "pathLenConstraint");
        }
      } else if (id === OID.extKeyUsage) {
        cert.extKeyUsage = inner.seq(top, "extKeyUsage").map((k) => inner.oid(k, "KeyPurposeId"));
      } else if (id === OID.certificatePolicies) {
        // PolicyInformation ::= SEQUENCE { policyIdentifier, policyQualifiers OPTIONAL }
        cert.policies = inner
          .seq(top, "certificatePolicies")
          .map((info) => inner.oid(inner.seq(info, "PolicyInformation")[0], "policyIdentifier"));
      } else if (id === OID.subjectKeyIdentifier) {
        cert.subjectKeyId = Buffer.from(inner.content(inner.expect(top, TAG.octetString, "SKI"))).toString(
          "hex",
        );
      }
    }
  }
  return cert;
}

/** Parses (or recalls) a certificate; throws FormatProblem VER_PDF_CERTIFICATE_MALFORMED on bad input. */
export function certificate(bytes: Uint8Array): Cert {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const hit = cache.get(sha256);
  if (hit) return hit;
  try {
    return remember(cache, sha256, parse(bytes, sha256));
  } catch (e) {
    if (e instanceof FormatProblem) throw e;
    throw problem("VER_PDF_CERTIFICATE_MALFORMED", e instanceof Error ? e.message : "malformed certificate");
  }
}

/** Parses what parses; certificates that do not are left out (a hostile CMS may carry junk beside the real one). */
export function certificates(list: readonly Uint8Array[]): Cert[] {
  const out: Cert[] = [];
  for (const der of list) {
    try {
      out.push(certificate(der));
    } catch {
      /* ignored: a certificate nobody can use cannot help build a chain either */
    }
  }
  return out;
}

/** Whether `parent` issued `child`: names match and the signature verifies (cached by both hashes). */
export function issued(parent: Cert, child: Cert): boolean {
  if (!equalBytes(parent.subjectDer, child.issuerDer)) return false;
  const key = `${child.sha256}:${parent.sha256}`;
  const hit = links.get(key);
  if (hit !== undefined) return hit;
  let ok = false;
  try {
    ok = child.node.verify(parent.node.publicKey);
  } catch {
    ok = false;
  }
  return remember(links, key, ok);
}

export const sameCert = (a: Cert, b: Cert): boolean => a.sha256 === b.sha256;

export function hasKeyUsage(c: Cert, ...bits: number[]): boolean {
  return c.keyUsage === undefined || bits.some((b) => c.keyUsage?.has(b));
}
