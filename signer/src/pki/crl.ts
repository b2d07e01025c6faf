// Builds a signed X.509 v2 CRL (RFC 5280 §5) from a list of revocations: pure over its inputs, returns DER.
// Built with pkijs and signed through KeyHandle.sign: @peculiar/x509's generator writes an empty (invalid)
// crlEntryExtensions SEQUENCE for entries without a reason code.
import "reflect-metadata";
import type * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { signatureAlgorithmOid } from "../keys/key-store.js";
import type { KeyHandle } from "../keys/key-store.js";
import { bytes, keyIdentifier, wholeSeconds } from "./der.js";
import { OID } from "./oids.js";
import type { RevocationEntry } from "./pki-state.js";
import { REVOCATION_REASONS } from "./revocation-reason.js";

export interface SignCrlInput {
  issuer: x509.X509Certificate;
  issuerKey: KeyHandle;
  /** Revocations of certificates this CA issued. */
  revoked: readonly RevocationEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: bigint;
}

/**
 * CRL number for a CRL issued at `thisUpdate` from state revision `revision`: seconds since the epoch × 2^16 plus
 * the revision. It grows with time and with every revocation, so the builder stays a pure function and never has to
 * persist a counter, and two CRLs with different content never share a number.
 */
export function crlNumberFor(thisUpdate: Date, revision: number): bigint {
  return BigInt(Math.floor(thisUpdate.getTime() / 1000)) * 65536n + BigInt(revision % 65536);
}

/** RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): pkijs.Time {
  const value = wholeSeconds(date);
  return new pkijs.Time({
    type: value.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime,
    value,
  });
}

function algorithmIdentifier(key: KeyHandle): pkijs.AlgorithmIdentifier {
  const algorithm = signatureAlgorithmOid(key.algorithm);
  return new pkijs.AlgorithmIdentifier({
    algorithmId: algorithm.oid,
    ...(algorithm.nullParameters ? { algorithmParams: new asn1js.Null() } : {}),
  });
}

export async function signCrl(input: SignCrlInput): Promise<Uint8Array> {
  const issuer = pkijs.Certificate.fromBER(bytes(input.issuer.rawData));
  const keyId = Buffer.from(keyIdentifier(bytes(input.issuer.publicKey.rawData)), "hex");
  const entries = [...input.revoked]
    .sort((a, b) => a.revokedAt.localeCompare(b.revokedAt) || a.serial.localeCompare(b.serial))
    .map((r) => {
      const code = REVOCATION_REASONS[r.reason];
      return new pkijs.RevokedCertificate({
        userCertificate: new asn1js.Integer({ valueHex: Buffer.from(r.serial, "hex") }),
        revocationDate: time(new Date(r.revokedAt)),
        // RFC 5280 §5.3.1: reasonCode "unspecified" SHOULD be absent, and an empty extension list is not allowed.
        ...(code === 0
          ? {}
          : {
              crlEntryExtensions: new pkijs.Extensions({
                extensions: [
                  new pkijs.Extension({
                    extnID: OID.crlReason,
                    extnValue: new asn1js.Enumerated({ value: code }).toBER(),
                  }),
                ],
              }),
            }),
      });
    });
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    signature: algorithmIdentifier(input.issuerKey),
    issuer: issuer.subject,
    thisUpdate: time(input.thisUpdate),
    nextUpdate: time(input.nextUpdate),
    // RFC 5280 §5.1.2.6: with nothing revoked the list is absent, not empty.
    ...(entries.length > 0 ? { revokedCertificates: entries } : {}),
    crlExtensions: new pkijs.Extensions({
      extensions: [
        new pkijs.Extension({
          extnID: OID.authorityKeyIdentifier,
          extnValue: new asn1js.Sequence({
            value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: keyId })],
          }).toBER(),
        }),
        new pkijs.Extension({
          extnID: OID.crlNumber,
          extnValue: asn1js.Integer.fromBigInt(input.crlNumber).toBER(),
        }),
      ],
    }),
  });
  crl.signatureAlgorithm = algorithmIdentifier(input.issuerKey);
  // toSchema(true) encodes the TBS from the fields (encodeTBS itself is protected).
  const tbsBlock = crl.toSchema(true).valueBlock.value[0];
  if (!tbsBlock) throw new Error("pkijs produced no TBSCertList");
  const tbs = new Uint8Array(tbsBlock.toBER());
  crl.tbsView = tbs;
  crl.signatureValue = new asn1js.BitString({ valueHex: await input.issuerKey.sign(tbs) });
  return bytes(crl.toSchema().toBER());
}
