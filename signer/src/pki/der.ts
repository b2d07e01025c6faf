// Small DER and PEM helpers shared by the PKI builders (key identifiers, serial hex, PEM labels OpenSSL accepts).
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";

/** The subjectPublicKey BIT STRING contents of a SubjectPublicKeyInfo (what OCSP key hashes and SKIs cover). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(spki);
  const bits = parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value[1] : undefined;
  if (parsed.offset === -1 || !(bits instanceof asn1js.BitString))
    throw new Error("not a SubjectPublicKeyInfo");
  return new Uint8Array(bits.valueBlock.valueHexView);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits, as hex. */
export function keyIdentifier(spki: Uint8Array): string {
  return createHash("sha1").update(subjectPublicKeyBits(spki)).digest("hex");
}

/** Canonical serial form used in the state file: lowercase hex, no leading zero octets. */
export function normaliseSerial(hex: string): string {
  let s = hex.toLowerCase().replace(/[^0-9a-f]/g, "");
  if (s.length % 2 === 1) s = `0${s}`;
  while (s.length > 2 && s.startsWith("00")) s = s.slice(2);
  return s;
}

/** Serial hex of a DER INTEGER (as a CertID or certificate carries it). */
export function serialOfInteger(integer: asn1js.Integer): string {
  return normaliseSerial(Buffer.from(integer.valueBlock.valueHexView).toString("hex"));
}

export function toPem(der: Uint8Array, label: "CERTIFICATE" | "X509 CRL"): string {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** PEM with a trailing newline (@peculiar/x509 omits it, and concatenated PEM files then break OpenSSL). */
export function certificatePem(certificate: { rawData: ArrayBuffer }): string {
  return toPem(bytes(certificate.rawData), "CERTIFICATE");
}

export function bytes(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  return buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Whole seconds: RFC 5280 forbids fractional seconds in certificates and CRLs, and we keep OCSP/TSP alike. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
