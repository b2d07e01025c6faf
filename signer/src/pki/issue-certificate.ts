// Signs one X.509 v3 certificate with a KeyHandle's WebCrypto key (file or token alike) through @peculiar/x509.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { KeyAlgorithm, KeyHandle } from "../keys/key-store.js";

export function x509SigningAlgorithm(algorithm: KeyAlgorithm): { name: string; hash: string } {
  return algorithm === "ECDSA-P256"
    ? { name: "ECDSA", hash: "SHA-256" }
    : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
}

export interface IssueCertificateInput {
  serial: string;
  subject: x509.Name;
  issuer: x509.Name;
  /** SubjectPublicKeyInfo DER of the certified key. */
  publicKey: Uint8Array;
  signer: KeyHandle;
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
}

export async function issueCertificate(input: IssueCertificateInput): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: input.serial,
      subject: input.subject,
      issuer: input.issuer,
      notBefore: input.notBefore,
      notAfter: input.notAfter,
      publicKey: input.publicKey,
      signingKey: input.signer.privateKey,
      signingAlgorithm: x509SigningAlgorithm(input.signer.algorithm),
      extensions: input.extensions,
    },
    input.signer.crypto,
  );
}
