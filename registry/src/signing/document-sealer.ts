// The registry's side of sealing: a licence record becomes the signer's input, the sealed PDF goes into the
// content-addressed document store, and the seal-usage entry comes back for the registry's write batch.
import type { LicenceSealer } from "@elicence/signer";
import type { LicenceRecord } from "../domain/licence.js";
import type { DocumentStore } from "../documents/document-store.js";
import type { DocumentSealer } from "../licences/licence-service.js";
import type { SealUsage } from "../store/store.js";
import { RegistryError } from "../errors.js";

/** The URL a licence's QR code carries: the public verifier, keyed by the licence's unguessable token. */
export function verificationUrl(baseUrl: string, record: Pick<LicenceRecord, "publicToken">): string {
  return `${baseUrl}/v/${record.publicToken}`;
}

export class RegistryDocumentSealer implements DocumentSealer {
  constructor(
    private readonly sealer: LicenceSealer,
    private readonly documents: DocumentStore,
    private readonly baseUrl: string,
  ) {}

  async seal(record: LicenceRecord, now: Date): Promise<SealUsage> {
    let sealed;
    try {
      sealed = await this.sealer.seal({
        typeCode: record.typeCode,
        licence: {
          identifier: record.identifier,
          holder: { name: record.holder.name, code: record.holder.code },
          issuer: record.issuer,
          issuedOn: record.issuedOn,
          validFrom: record.validFrom,
          validUntil: record.validUntil,
          fields: record.fields,
        },
        qrText: verificationUrl(this.baseUrl, record),
        now,
      });
    } catch (e) {
      const code = e instanceof Error && "code" in e ? String(e.code) : "";
      if (code === "SIG_PKI_SEAL_REVOKED" || code === "SIG_PKI_DEPARTMENT_UNKNOWN")
        throw new RegistryError(
          "REG_SEAL_UNAVAILABLE",
          `${e instanceof Error ? e.message : ""} Nothing was stored.`,
        );
      throw e;
    }
    const documentSha256 = await this.documents.put(sealed.bytes);
    return {
      sealSerial: sealed.seal.certificateSerial,
      sealCertificateSha256: sealed.seal.certificateSha256,
      department: sealed.seal.department,
      identifier: record.identifier,
      documentSha256,
      level: sealed.level,
      at: now.toISOString(),
    };
  }
}
