// What the rest of the signer and the registry see of a PKI: certificates, seal credentials per department,
// revocation (CRL, OCSP) and time-stamping, as functions returning DER. The dev PKI (DevPki) implements it.
import type * as x509 from "@peculiar/x509";
import type { KeyAlgorithm, KeyHandle } from "../keys/key-store.js";
import type { CaName } from "./certificate-profiles.js";
import type { CertificateStatus } from "./certificate-status.js";
import type { SealDepartment } from "./department.js";
import type { RevocationEntry } from "./pki-state.js";
import type { RevocationReason } from "./revocation-reason.js";

export interface SealCredentials {
  department: SealDepartment;
  /** The department's current e-seal certificate. */
  certificate: x509.X509Certificate;
  /** Issuing CA, then root: what a CMS signature and an LTV DSS carry. */
  chain: x509.X509Certificate[];
  keyHandle: KeyHandle;
}

/** Chain and revocation data for embedding (PAdES B-LT DSS); structurally the PAdES module's LtvData. */
export interface RevocationData {
  /** Issuing CA, root and OCSP responder certificates, DER. */
  certs: Uint8Array[];
  /** Issuing and root CRLs, DER. */
  crls: Uint8Array[];
  /** An OCSPResponse for the certificate, DER. */
  ocsps: Uint8Array[];
}

export interface Pki {
  readonly algorithm: KeyAlgorithm;
  readonly baseUrl: string;
  readonly root: x509.X509Certificate;
  readonly issuing: x509.X509Certificate;
  readonly tsa: x509.X509Certificate;
  readonly ocsp: x509.X509Certificate;
  /** PEM ready to serve at /pki/certs/root.pem and /pki/certs/issuing.pem. */
  readonly rootPem: string;
  readonly issuingPem: string;
  /** Departments with a current seal certificate. */
  departments(): Array<SealDepartment & { serial: string }>;
  /** Throws SIG_PKI_DEPARTMENT_UNKNOWN, or SIG_PKI_SEAL_REVOKED when the department's seal has been revoked. */
  sealFor(departmentCode: string): Promise<SealCredentials>;
  /**
   * The registry's own annotation seal, which signs annotated copies (加注件); throws SIG_PKI_PLATFORM_SEAL_UNAVAILABLE
   * when there is none or it is revoked. Optional: a PKI without it cannot make annotated copies.
   */
  platformSeal?(): Promise<SealCredentials>;
  statusOf(serial: string, now: Date): Promise<CertificateStatus & { ca?: CaName }>;
  buildCrl(input: { ca: CaName; now: Date }): Promise<Uint8Array>;
  revokeCertificate(
    serialOrDepartmentCode: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<RevocationEntry>;
  respondOcsp(requestDer: Uint8Array, now: Date): Promise<Uint8Array>;
  timestamp(requestDer: Uint8Array, now: Date): Promise<Uint8Array>;
  /** Everything a validator needs later to check `certificate` (issued by the issuing CA) as of `now`. */
  revocationData(certificate: x509.X509Certificate, now: Date): Promise<RevocationData>;
}
