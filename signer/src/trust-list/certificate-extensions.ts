// The few X.509 extensions a trust-list verifier must read to know what a certificate is for: basic constraints,
// key usage and extended key usage (asn1js, isomorphic). Without them any key the issuing CA certified (a department's
// seal) could sign a trust list. Never throws; an unreadable extension counts as absent.
import * as asn1js from "asn1js";

const BASIC_CONSTRAINTS = "2.5.29.19";
const KEY_USAGE = "2.5.29.15";
const EXTENDED_KEY_USAGE = "2.5.29.37";

export interface CertificatePurpose {
  /** basicConstraints cA. */
  ca: boolean;
  /** keyUsage bits by name (only those we test); null when the extension is absent. */
  keyUsage: { digitalSignature: boolean; keyCertSign: boolean } | null;
  /** extendedKeyUsage OIDs; null when the extension is absent. */
  extendedKeyUsage: string[] | null;
}

function extensionsOf(tbs: asn1js.Sequence): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const tagged = tbs.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 3);
  const list = tagged instanceof asn1js.Constructed ? tagged.valueBlock.value[0] : undefined;
  if (!(list instanceof asn1js.Sequence)) return out;
  for (const ext of list.valueBlock.value) {
    if (!(ext instanceof asn1js.Sequence)) continue;
    const parts = ext.valueBlock.value;
    const oid = parts[0];
    const value = parts[parts.length - 1];
    if (oid instanceof asn1js.ObjectIdentifier && value instanceof asn1js.OctetString)
      out.set(oid.valueBlock.toString(), new Uint8Array(value.valueBlock.valueHexView));
  }
  return out;
}

function parse(der: Uint8Array | undefined): asn1js.AsnType | null {
  if (!der) return null;
  const r = asn1js.fromBER(der);
  return r.offset === der.length ? r.result : null;
}

/** What a DER certificate may be used for; null when it is not a certificate. */
export function certificatePurpose(certificateDer: Uint8Array): CertificatePurpose | null {
  try {
    const top = parse(certificateDer);
    const tbs = top instanceof asn1js.Sequence ? top.valueBlock.value[0] : undefined;
    if (!(tbs instanceof asn1js.Sequence)) return null;
    const ext = extensionsOf(tbs);
    const bc = parse(ext.get(BASIC_CONSTRAINTS));
    const first = bc instanceof asn1js.Sequence ? bc.valueBlock.value[0] : undefined;
    const ca = first instanceof asn1js.Boolean && first.valueBlock.value;
    const ku = parse(ext.get(KEY_USAGE));
    let keyUsage: CertificatePurpose["keyUsage"] = null;
    if (ku instanceof asn1js.BitString) {
      const bits = new Uint8Array(ku.valueBlock.valueHexView);
      const b0 = bits[0] ?? 0;
      keyUsage = { digitalSignature: (b0 & 0x80) !== 0, keyCertSign: (b0 & 0x04) !== 0 };
    }
    const eku = parse(ext.get(EXTENDED_KEY_USAGE));
    const extendedKeyUsage =
      eku instanceof asn1js.Sequence
        ? eku.valueBlock.value
            .filter((v): v is asn1js.ObjectIdentifier => v instanceof asn1js.ObjectIdentifier)
            .map((v) => v.valueBlock.toString())
        : null;
    return { ca, keyUsage, extendedKeyUsage };
  } catch {
    return null;
  }
}
