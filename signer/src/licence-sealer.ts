// Turns a licence into a sealed PDF: the type's layout rendered with the department's round seal as the visible
// signature, certified (DocMDP P=2) with the department's e-seal key, timestamped (B-T) when a TSA answers, and
// with revocation data in a DSS (B-LT) on request.
import { createHash } from "node:crypto";
import path from "node:path";
import { loadTemplate, type LoadedTemplate } from "./render/load-template.js";
import { renderLicence } from "./render/render-licence.js";
import type { RenderLicenceData } from "./render/licence-values.js";
import { sealPdf } from "./pades/seal-pdf.js";
import type { PadesLevel, SignerIdentity, TimestampFn } from "./pades/types.js";
import type { Pki } from "./pki/pki.js";
import { requestTimestamp } from "./pki/request-timestamp.js";
import { PkiError } from "./pki/pki-error.js";
import { encodeQrPayload } from "./qr-payload/encode-qr-payload.js";
import type { QrClaimsInput } from "./qr-payload/claims.js";
import { qrUrl } from "./qr-payload/qr-url.js";

interface SealLicenceBase {
  typeCode: string;
  licence: RenderLicenceData;
  now: Date;
  /** Embed chain, CRLs and an OCSP response (PAdES B-LT). */
  ltv?: boolean;
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
  bytes: Uint8Array;
  sha256: string;
  level: PadesLevel;
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

export class LicenceSealer {
  readonly #templates = new Map<string, Promise<LoadedTemplate>>();
  readonly #identities = new Map<string, Promise<CachedIdentity>>();
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
      qrPayloadBytes = cose.length;
    }
    const rendered = await renderLicence({
      layout: template.layout,
      type: template.type,
      licence: input.licence,
      qrText,
      sealCode: id.sealCode,
      now: input.now,
    });
    const [x, y, width, height] = rendered.seal.rect;
    let ltv;
    if (input.ltv) {
      const s = await this.options.pki.sealFor(input.licence.issuer.code);
      ltv = await this.options.pki.revocationData(s.certificate, input.now);
    }
    const timestamp = this.#timestampAt(input.now);
    const sealed = await sealPdf({
      doc: rendered.doc,
      page: rendered.page,
      seal: { rect: { x, y, width, height }, appearance: rendered.seal.appearance },
      signer: id.identity,
      ...(timestamp ? { timestamp } : {}),
      ...(this.options.timestampTimeoutMs ? { timestampTimeoutMs: this.options.timestampTimeoutMs } : {}),
      ...(ltv ? { ltv } : {}),
      reason: `${template.type.name.zh} ${input.licence.identifier}`,
      location: input.licence.issuer.name,
      now: input.now,
    });
    return {
      bytes: sealed.bytes,
      sha256: sealed.sha256,
      level: sealed.level,
      warnings: sealed.warnings,
      qrVersion: rendered.qrVersion,
      qrText,
      ...(qrPayloadBytes !== undefined ? { qrPayloadBytes } : {}),
      seal: {
        department: input.licence.issuer.code,
        certificateSerial: id.serial,
        certificateSha256: id.certificateSha256,
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
