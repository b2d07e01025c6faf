// The registry's side of sealing (the adapter of the signer's seal call): a licence record becomes the signer's input,
// the sealed document goes into the content-addressed document store, and the seal-usage entry comes back for the
// registry's write batch. The signer's refusals become registry errors in signer-errors.ts.
import type { LicenceSealer, QrClaimsInput } from "@elicence/signer";
import type { LicenceRecord } from "../domain/licence.js";
import type { DocumentStore } from "../documents/document-store.js";
import type { DocumentSealer } from "../licences/licence-service.js";
import type { SealUsage } from "../store/store.js";
import { maskHolderCode, maskName } from "@elicence/core";
import { withSignerErrors } from "./signer-errors.js";

/**
 * What a licence's signed QR code says (see @elicence/signer qr-payload): public fields and the masked holder only.
 * Long runs of stars are cut to four: a company name's length is not worth QR modules (nor worth revealing). The PDF's
 * own hash cannot be a claim, as the QR code is drawn inside that PDF; the registry's stored hash covers the document.
 */
export function qrClaimsFor(record: LicenceRecord, now: Date): QrClaimsInput {
  return {
    identifier: record.identifier,
    holderName: maskName(record.holder.name).replace(/\*{5,}/u, "****"),
    holderCode: maskHolderCode(record.holder.code, record.holder.codeType),
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    issuedAt: now.toISOString(),
    publicToken: record.publicToken,
  };
}

export class RegistryDocumentSealer implements DocumentSealer {
  constructor(
    /** Only seal() is used: a LicenceSealer in process, or the signer's SealingPool (same input, richer result). */
    private readonly sealer: Pick<LicenceSealer, "seal">,
    private readonly documents: DocumentStore,
    private readonly baseUrl: string,
    /**
     * Leave the documents' directory fsyncs to flush() (DocumentStore.putDeferred): for a sealer that only
     * LicenceService.sealPending uses, which flushes once per round before its commit.
     */
    private readonly options: { deferDirectorySync?: boolean } = {},
  ) {}

  /** Makes the documents stored so far durable; a no-op unless directory fsyncs are deferred. */
  async flush(): Promise<void> {
    if (this.options.deferDirectorySync) await this.documents.syncDeferred();
  }

  async seal(record: LicenceRecord, now: Date): Promise<SealUsage> {
    const sealed = await withSignerErrors("seal", { identifier: record.identifier }, () =>
      this.sealer.seal({
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
        signedQr: { verifierBaseUrl: this.baseUrl, claims: qrClaimsFor(record, now) },
        now,
      }),
    );
    const documentSha256 = this.options.deferDirectorySync
      ? await this.documents.putDeferred(sealed.bytes, sealed.format)
      : await this.documents.put(sealed.bytes, sealed.format);
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
