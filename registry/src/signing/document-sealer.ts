// The registry's side of sealing: a licence record becomes the signer's input, the sealed PDF goes into the
// content-addressed document store, and the seal-usage entry comes back for the registry's write batch.
import type { LicenceSealer, QrClaimsInput } from "@elicence/signer";
import type { LicenceRecord } from "../domain/licence.js";
import type { DocumentStore } from "../documents/document-store.js";
import type { DocumentSealer } from "../licences/licence-service.js";
import type { SealUsage } from "../store/store.js";
import { REGISTRY_ERRORS, RegistryError } from "../errors.js";
import { maskHolderCode, maskName } from "@elicence/core";

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
        signedQr: { verifierBaseUrl: this.baseUrl, claims: qrClaimsFor(record, now) },
        now,
      });
    } catch (e) {
      const code = e instanceof Error && "code" in e ? String(e.code) : "";
      if (code === "SIG_RENDER_GLYPH_MISSING") throw unprintable(e);
      // Dated after the clock or expired before it: the clock or the certificate is wrong, not the request (issue 11).
      if (code === "SIG_CERTIFICATE_NOT_VALID")
        throw new RegistryError(
          "REG_SIGNING_CERT_NOT_VALID_NOW",
          `${REGISTRY_ERRORS.REG_SIGNING_CERT_NOT_VALID_NOW.message} (${e instanceof Error ? e.message : ""})`,
        );
      if (code === "SIG_PKI_SEAL_REVOKED" || code === "SIG_PKI_DEPARTMENT_UNKNOWN")
        throw new RegistryError(
          "REG_SEAL_UNAVAILABLE",
          `${e instanceof Error ? e.message : ""} Nothing was stored.`,
        );
      throw e;
    }
    const documentSha256 = this.options.deferDirectorySync
      ? await this.documents.putDeferred(sealed.bytes)
      : await this.documents.put(sealed.bytes);
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

/**
 * The renderer found characters its font cannot draw: the request's fault, told as a 400 naming each field and the
 * code points (never the value). The renderer names where it looked: `rows.<field>`, a label, a holder line, ….
 */
function unprintable(e: unknown): RegistryError {
  const places =
    e instanceof Error && "details" in e && Array.isArray(e.details)
      ? (e.details as { path: string; message: string }[])
      : [];
  const byField = new Map<string, Set<string>>();
  for (const place of places) {
    const row = /^rows\.(.+)$/u.exec(place.path)?.[1];
    const field =
      row?.startsWith("holder.") === true
        ? row
        : place.path.includes("holder line")
          ? "holder.name"
          : row !== undefined
            ? `fields.${row}`
            : "fields";
    const points = byField.get(field) ?? new Set<string>();
    for (const p of place.message.match(/U\+[0-9A-F]{4,6}/gu) ?? []) points.add(p);
    byField.set(field, points);
  }
  if (byField.size === 0) byField.set("fields", new Set());
  return new RegistryError(
    "REG_BAD_REQUEST",
    undefined,
    [...byField].map(([field, points]) => ({
      field,
      code: "REG_FIELD_UNPRINTABLE",
      message: `${field} holds characters the licence font cannot print (${[...points].join(", ")}); record it with characters the font covers`,
    })),
  );
}
