// Turns a licence into a sealed document: the type's layout described by the layout engine (describeLicence), then
// written and sealed by the document format (formats/, PDF by default) with the department's e-seal key and round
// seal. The PDF format certifies (DocMDP P=2), timestamps (B-T) when a TSA answers, adds revocation data in a DSS
// (B-LT) on request, and leaves an empty, hidden signature field over the licence body (annotationRect), which an
// annotated copy (加注件, annotate()) later fills with the registry's annotation seal. This class owns what every
// format shares: templates, seal credentials and their revocation check, the signed QR payload, timestamps.
import type { Bilingual } from "@elicence/core";
import { createHash } from "node:crypto";
import path from "node:path";
import { loadTemplate, type LoadedTemplate } from "./render/load-template.js";
import { describeLicence } from "./render/describe-licence.js";
import type { RenderLicenceData } from "./render/licence-values.js";
import { DEFAULT_DOCUMENT_FORMAT, type DocumentFormatId, type SealLevel } from "./formats/document-format.js";
import { documentFormat } from "./formats/index.js";
import type { SignerIdentity, TimestampFn } from "./pades/types.js";
import type { SealCredentials, Pki } from "./pki/pki.js";
import { requestTimestamp } from "./pki/request-timestamp.js";
import { PkiError } from "./pki/pki-error.js";
import { encodeQrPayload } from "./qr-payload/encode-qr-payload.js";
import type { QrClaimsInput } from "./qr-payload/claims.js";
import { qrUrl, qrWireForm } from "./qr-payload/qr-url.js";

interface SealLicenceBase {
  typeCode: string;
  licence: RenderLicenceData;
  now: Date;
  /** Embed chain, CRLs and an OCSP response (PAdES B-LT). */
  ltv?: boolean;
  /** The document format (formats/); default pdf. */
  format?: DocumentFormatId;
}

/**
 * A signed QR payload (see qr-payload/): the claims are signed with the same e-seal key as the PDF and the QR code
 * carries `${verifierBaseUrl}/v#<base64url COSE_Sign1>`. The claims cannot include the PDF's own hash: the QR code
 * is drawn inside the PDF that hash would cover.
 */
export interface SignedQrRequest {
  verifierBaseUrl: string;
  claims: QrClaimsInput;
}

/** The QR code carries either `qrText` verbatim or a payload signed here (`signedQr`). */
export type SealLicenceInput = SealLicenceBase &
  ({ qrText: string; signedQr?: undefined } | { signedQr: SignedQrRequest; qrText?: undefined });

export interface SealedLicence {
  format: DocumentFormatId;
  bytes: Uint8Array;
  sha256: string;
  level: SealLevel;
  warnings: string[];
  qrVersion: number;
  /** The text the QR code carries. */
  qrText: string;
  /** Size of the signed COSE_Sign1 in the QR code, when `signedQr` was asked for. */
  qrPayloadBytes?: number;
  seal: {
    department: string;
    /** Hex serial of the e-seal certificate used. */
    certificateSerial: string;
    /** SHA-256 (hex) of the e-seal certificate's DER. */
    certificateSha256: string;
  };
}

export interface AnnotateLicenceInput {
  /** The sealed licence PDF as the registry stores it. */
  pdf: Uint8Array;
  /** The stored document's format; default pdf. */
  format?: DocumentFormatId;
  identifier: string;
  purpose: string;
  /** YYYY-MM-DD, already checked against the registry's policy. */
  validUntil: string;
  now: Date;
}

export interface AnnotatedCopy {
  bytes: Uint8Array;
  sha256: string;
  level: "B-B" | "B-T";
  warnings: string[];
  note: Bilingual;
  signer: {
    department: { code: string; name: string };
    certificateSerial: string;
    /** SHA-256 (hex) of the annotation seal certificate's DER: the seal-usage ledger names the certificate by it. */
    certificateSha256: string;
  };
}

export interface LicenceSealerOptions {
  templatesDir: string;
  pki: Pki;
  /** An external RFC 3161 TSA; by default the PKI's own. `null` seals without a timestamp (B-B). */
  tsaUrl?: string | null;
  timestampTimeoutMs?: number;
}

interface CachedIdentity {
  serial: string;
  identity: SignerIdentity;
  certificateSha256: string;
  sealCode: string;
  /** COSE kid of QR payloads: the first 8 bytes of the certificate's SHA-256. */
  kid: Uint8Array;
}

export { annotationRect } from "./formats/pdf/annotation-rect.js";

export class LicenceSealer {
  readonly #templates = new Map<string, Promise<LoadedTemplate>>();
  readonly #identities = new Map<string, Promise<CachedIdentity>>();
  #platform: Promise<{ identity: SignerIdentity; credentials: SealCredentials }> | undefined;
  constructor(private readonly options: LicenceSealerOptions) {}

  /** The timestamp source for one sealing at `now`: an external TSA when configured, else the PKI's own. */
  #timestampAt(now: Date): TimestampFn | undefined {
    const { pki, tsaUrl, timestampTimeoutMs } = this.options;
    if (tsaUrl === null) return undefined;
    return (imprint) =>
      requestTimestamp(imprint, {
        ...(tsaUrl ? { tsaUrl } : {}),
        local: (req) => pki.timestamp(req, now),
        ...(timestampTimeoutMs ? { timeoutMs: timestampTimeoutMs } : {}),
      });
  }

  template(typeCode: string): Promise<LoadedTemplate> {
    let t = this.#templates.get(typeCode);
    if (!t) {
      t = loadTemplate(path.join(this.options.templatesDir, typeCode));
      t.catch(() => this.#templates.delete(typeCode));
      this.#templates.set(typeCode, t);
    }
    return t;
  }

  /** Forget cached seal credentials (after a seal certificate was revoked or reissued). */
  forgetSeals(): void {
    this.#identities.clear();
    this.#platform = undefined;
  }

  #identity(department: string): Promise<CachedIdentity> {
    let id = this.#identities.get(department);
    if (!id) {
      id = this.options.pki.sealFor(department).then((s) => {
        const der = new Uint8Array(s.certificate.rawData);
        const serial = s.certificate.serialNumber.toLowerCase();
        const certificateHash = createHash("sha256").update(der).digest();
        return {
          serial,
          certificateSha256: certificateHash.toString("hex"),
          kid: new Uint8Array(certificateHash.subarray(0, 8)),
          sealCode: sealCodeFor(department, serial),
          identity: {
            certificate: der,
            chain: [new Uint8Array(this.options.pki.issuing.rawData)],
            algorithm: s.keyHandle.algorithm,
            sign: (data) => s.keyHandle.sign(data),
          },
        };
      });
      id.catch(() => this.#identities.delete(department));
      this.#identities.set(department, id);
    }
    return id;
  }

  async seal(input: SealLicenceInput): Promise<SealedLicence> {
    const [template, id] = await Promise.all([
      this.template(input.typeCode),
      this.#identity(input.licence.issuer.code),
    ]);
    // A revocation made by another process must stop this one sealing with the revoked certificate: ask the PKI
    // (a cheap check of its state file) every time, and drop the cached credentials when it says revoked.
    const status = await this.options.pki.statusOf(id.serial, input.now);
    if (status.status !== "good") {
      this.#identities.delete(input.licence.issuer.code);
      throw new PkiError(
        "SIG_PKI_SEAL_REVOKED",
        `The e-seal certificate of department ${input.licence.issuer.code} (serial ${id.serial}) is ${status.status}; an administrator must issue a new one before sealing.`,
      );
    }
    let qrText = input.qrText ?? "";
    let qrPayloadBytes: number | undefined;
    if (input.signedQr) {
      const cose = await encodeQrPayload(input.signedQr.claims, {
        kid: id.kid,
        algorithm: id.identity.algorithm === "RSA-3072" ? "RS256" : "ES256",
        sign: (data) => id.identity.sign(data),
      });
      qrText = qrUrl(input.signedQr.verifierBaseUrl, cose);
      // What the QR carries: the wire form leaves the identifier's parts out of the bytes (they ride as QR text).
      qrPayloadBytes = qrWireForm(cose).cose.length;
    }
    const format = documentFormat(input.format ?? DEFAULT_DOCUMENT_FORMAT);
    const description = await describeLicence({
      layout: template.layout,
      type: template.type,
      licence: input.licence,
      qrText,
      sealCode: id.sealCode,
      now: input.now,
    });
    let ltv;
    if (input.ltv) {
      const s = await this.options.pki.sealFor(input.licence.issuer.code);
      ltv = await this.options.pki.revocationData(s.certificate, input.now);
    }
    const timestamp = this.#timestampAt(input.now);
    const sealed = await format.seal({
      description,
      layout: template.layout,
      signer: id.identity,
      ...(timestamp ? { timestamp } : {}),
      ...(this.options.timestampTimeoutMs ? { timestampTimeoutMs: this.options.timestampTimeoutMs } : {}),
      ...(ltv ? { ltv } : {}),
      reason: `${template.type.name.zh} ${input.licence.identifier}`,
      location: input.licence.issuer.name,
      now: input.now,
    });
    return {
      format: format.id,
      bytes: sealed.bytes,
      sha256: sealed.sha256,
      level: sealed.level,
      warnings: sealed.warnings,
      qrVersion: description.qrVersion,
      qrText,
      ...(qrPayloadBytes !== undefined ? { qrPayloadBytes } : {}),
      seal: {
        department: input.licence.issuer.code,
        certificateSerial: id.serial,
        certificateSha256: id.certificateSha256,
      },
    };
  }

  #platformIdentity(): Promise<{ identity: SignerIdentity; credentials: SealCredentials }> {
    const { pki } = this.options;
    if (!pki.platformSeal)
      return Promise.reject(
        new PkiError("SIG_PKI_PLATFORM_SEAL_UNAVAILABLE", "This PKI cannot sign annotated copies."),
      );
    this.#platform ??= pki.platformSeal().then((credentials) => ({
      credentials,
      identity: {
        certificate: new Uint8Array(credentials.certificate.rawData),
        chain: [new Uint8Array(pki.issuing.rawData)],
        algorithm: credentials.keyHandle.algorithm,
        sign: (data) => credentials.keyHandle.sign(data),
      },
    }));
    this.#platform.catch(() => {
      this.#platform = undefined;
    });
    return this.#platform;
  }

  /**
   * The annotated copy (加注件) of a sealed licence: the registry's own annotation seal (Pki.platformSeal), not the
   * issuing department's, signs the note, since the registry hands the copy out and answers for the note. Timestamped
   * (B-T) like the licence when a TSA answers. Throws SIG_PREPARED_FIELD_MISSING for a PDF sealed before annotated
   * copies existed, SIG_PKI_PLATFORM_SEAL_UNAVAILABLE without a usable annotation seal.
   */
  async annotate(input: AnnotateLicenceInput): Promise<AnnotatedCopy> {
    const { identity, credentials } = await this.#platformIdentity();
    const serial = credentials.certificate.serialNumber.toLowerCase();
    // As for department seals: a revocation made by another process stops this one at once.
    const status = await this.options.pki.statusOf(serial, input.now);
    if (status.status !== "good") {
      this.#platform = undefined;
      throw new PkiError(
        "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE",
        `The annotation seal of ${credentials.department.name} (${credentials.department.code}, serial ${serial}) is ${status.status}; an administrator must issue a new one.`,
      );
    }
    const timestamp = this.#timestampAt(input.now);
    const r = await documentFormat(input.format ?? DEFAULT_DOCUMENT_FORMAT).annotate({
      document: input.pdf,
      identifier: input.identifier,
      purpose: input.purpose,
      validUntil: input.validUntil,
      signer: identity,
      ...(timestamp ? { timestamp } : {}),
      ...(this.options.timestampTimeoutMs ? { timestampTimeoutMs: this.options.timestampTimeoutMs } : {}),
      location: credentials.department.name,
      now: input.now,
    });
    return {
      bytes: r.bytes,
      sha256: r.sha256,
      level: r.level,
      warnings: r.warnings,
      note: r.note,
      signer: {
        department: credentials.department,
        certificateSerial: serial,
        certificateSha256: createHash("sha256").update(identity.certificate).digest("hex"),
      },
    };
  }
}

/** A 13-digit seal code (印章编码) as printed on the seal: the department's division code and 7 digits of the serial. */
function sealCodeFor(departmentCode: string, serialHex: string): string {
  const division = departmentCode.slice(2, 8);
  const digits = (BigInt(`0x${serialHex || "0"}`) % 10_000_000n).toString().padStart(7, "0");
  return `${division}${digits}`;
}
