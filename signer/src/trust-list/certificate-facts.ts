// Just enough X.509 for verifying in a browser: the signed part, the key, the validity and the serial of a DER
// certificate (asn1js, no node: imports), and checking that an issuer's key signed it. Never throws on bad input.
import * as asn1js from "asn1js";
import { toHex } from "./bytes.js";
import { verifyWithSpki, type SignatureAlgorithm } from "./verify-key.js";

export interface CertificateFacts {
  /** The DER of tbsCertificate exactly as received: what the issuer signed. */
  tbs: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm | "unsupported";
  /** The BIT STRING's contents (DER ECDSA-Sig-Value or the RSA signature). */
  signature: Uint8Array;
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** Lower-case hex without leading zero octets. */
  serial: string;
}

const SIGNATURE_OIDS: Record<string, SignatureAlgorithm> = {
  "1.2.840.10045.4.3.2": "ES256",
  "1.2.840.10045.4.3.3": "ES384",
  "1.2.840.113549.1.1.11": "RS256",
  "1.2.840.113549.1.1.12": "RS384",
};

function view(block: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

function timeOf(block: asn1js.AsnType | undefined): Date | null {
  if (block instanceof asn1js.UTCTime || block instanceof asn1js.GeneralizedTime) {
    const d = block.toDate();
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Reads the facts of a DER certificate; null when it is not one (or has bytes after it). */
export function readCertificate(der: Uint8Array): CertificateFacts | null {
  try {
    const parsed = asn1js.fromBER(der);
    if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return null;
    const [tbs, alg, sig] = parsed.result.valueBlock.value;
    if (
      !(tbs instanceof asn1js.Sequence) ||
      !(alg instanceof asn1js.Sequence) ||
      !(sig instanceof asn1js.BitString)
    )
      return null;
    const algOid = alg.valueBlock.value[0];
    if (!(algOid instanceof asn1js.ObjectIdentifier)) return null;
    // version [0] is optional; the fields that follow are fixed in order.
    const fields = tbs.valueBlock.value;
    const offset = fields[0]?.idBlock.tagClass === 3 && fields[0]?.idBlock.tagNumber === 0 ? 1 : 0;
    const serial = fields[offset];
    const validity = fields[offset + 3];
    const spki = fields[offset + 5];
    if (
      !(serial instanceof asn1js.Integer) ||
      !(validity instanceof asn1js.Sequence) ||
      !(spki instanceof asn1js.Sequence)
    )
      return null;
    const notBefore = timeOf(validity.valueBlock.value[0]);
    const notAfter = timeOf(validity.valueBlock.value[1]);
    if (!notBefore || !notAfter || sig.valueBlock.unusedBits !== 0) return null;
    let serialHex = toHex(new Uint8Array(serial.valueBlock.valueHexView));
    while (serialHex.length > 2 && serialHex.startsWith("00")) serialHex = serialHex.slice(2);
    return {
      tbs: view(tbs),
      signatureAlgorithm: SIGNATURE_OIDS[algOid.valueBlock.toString()] ?? "unsupported",
      signature: new Uint8Array(sig.valueBlock.valueHexView),
      spki: view(spki),
      notBefore,
      notAfter,
      serial: serialHex,
    };
  } catch {
    return null;
  }
}

/** True when the key in `issuerSpki` made the certificate's signature. */
export async function isSignedBy(cert: CertificateFacts, issuerSpki: Uint8Array): Promise<boolean> {
  if (cert.signatureAlgorithm === "unsupported") return false;
  return verifyWithSpki(issuerSpki, cert.signatureAlgorithm, cert.signature, cert.tbs, "der");
}
