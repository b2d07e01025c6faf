// The dev PKI loaded from its directory: certificates, lazily loaded keys, and the CRL/OCSP/TSA functions bound to
// its state. Revocations written by another process are picked up on the next call (the state file is re-read).
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { KeyAlgorithm, KeyHandle, KeyStore } from "../keys/key-store.js";
import type { CaName, CertificateRole } from "./certificate-profiles.js";
import type { CertificateStatus } from "./certificate-status.js";
import { crlNumberFor, signCrl } from "./crl.js";
import type { SealDepartment } from "./department.js";
import { certificatePem, normaliseSerial, wholeSeconds } from "./der.js";
import { buildOcspRequest } from "./ocsp-request.js";
import { OCSP_RESPONSE_STATUS, ocspStatusResponse, respondOcsp } from "./ocsp-responder.js";
import type { OcspAuthority } from "./ocsp-responder.js";
import { withDirLock } from "./dir-lock.js";
import { PkiError } from "./pki-error.js";
import type { PkiSpec } from "./pki-spec.js";
import { readState, stateVersion, writeState } from "./pki-state.js";
import type { IssuedCertificate, PkiState, RevocationEntry } from "./pki-state.js";
import type { Pki, RevocationData, SealCredentials } from "./pki.js";
import { isRevocationReason } from "./revocation-reason.js";
import type { RevocationReason } from "./revocation-reason.js";
import { timestamp, tsaRejection } from "./time-stamp-authority.js";
import { assignTrustListSequence } from "./trust-list-sequence.js";

interface Loaded {
  state: PkiState;
  version: string;
  certificates: Map<string, x509.X509Certificate>;
}

async function loadFrom(dir: string): Promise<Loaded> {
  const version = await stateVersion(dir);
  const state = await readState(dir);
  if (!state) {
    throw new PkiError(
      "SIG_PKI_NOT_FOUND",
      `No dev PKI in ${dir}: create it first (createDevPki or \`elicence init\`).`,
    );
  }
  const certificates = new Map<string, x509.X509Certificate>();
  for (const entry of state.certificates) {
    try {
      certificates.set(entry.serial, new x509.X509Certificate(await readFile(join(dir, entry.file), "utf8")));
    } catch (cause) {
      throw new PkiError(
        "SIG_PKI_STATE_INVALID",
        `Certificate file ${entry.file} in ${dir} is missing or unreadable.`,
        [],
        {
          cause,
        },
      );
    }
  }
  return { state, version, certificates };
}

/** The newest certificate of a role (for seals: of a department); the annotation seal only when asked for. */
export function current(
  state: PkiState,
  role: CertificateRole,
  departmentCode?: string,
  purpose?: "annotation",
): IssuedCertificate | undefined {
  for (let i = state.certificates.length - 1; i >= 0; i--) {
    const c = state.certificates[i];
    if (
      c &&
      c.role === role &&
      c.purpose === purpose &&
      (departmentCode === undefined || c.department?.code === departmentCode)
    )
      return c;
  }
  return undefined;
}

/** Revocations only count from their date on: a response or CRL for an earlier `now` does not show them. */
function revocationAt(state: PkiState, serial: string, now: Date): RevocationEntry | undefined {
  const r = state.revocations.find((x) => x.serial === serial);
  return r && new Date(r.revokedAt).getTime() <= now.getTime() ? r : undefined;
}

export class DevPki implements Pki {
  readonly dir: string;
  readonly #keyStore: KeyStore;
  #loaded: Loaded;

  private constructor(dir: string, keyStore: KeyStore, loaded: Loaded) {
    this.dir = dir;
    this.#keyStore = keyStore;
    this.#loaded = loaded;
  }

  static async load(dir: string, keyStore: KeyStore): Promise<DevPki> {
    return new DevPki(dir, keyStore, await loadFrom(dir));
  }

  get spec(): PkiSpec {
    return this.#loaded.state.spec;
  }
  get algorithm(): KeyAlgorithm {
    return this.#loaded.state.spec.algorithm;
  }
  get baseUrl(): string {
    return this.#loaded.state.baseUrl;
  }
  get root(): x509.X509Certificate {
    return this.#certificate("root");
  }
  get issuing(): x509.X509Certificate {
    return this.#certificate("issuing");
  }
  get tsa(): x509.X509Certificate {
    return this.#certificate("tsa");
  }
  get ocsp(): x509.X509Certificate {
    return this.#certificate("ocsp");
  }
  /** The delegated responder for OCSP about the root's certificates; undefined in a PKI not yet upgraded. */
  get rootOcsp(): x509.X509Certificate | undefined {
    const entry = current(this.#loaded.state, "root-ocsp");
    return entry ? this.#bySerial(entry.serial) : undefined;
  }
  /** The certificate that signs the published trust list (EKU id-tsl-kp-tslSigning). */
  get trustListSigner(): x509.X509Certificate {
    return this.#certificate("trust-list");
  }
  get rootPem(): string {
    return certificatePem(this.root);
  }
  get issuingPem(): string {
    return certificatePem(this.issuing);
  }

  /** Every certificate ever issued, oldest first, as recorded in the state file. */
  issued(): readonly IssuedCertificate[] {
    return this.#loaded.state.certificates;
  }

  /** Departments with a seal for their licences (the registry's annotation seal is not among them: see platform()). */
  departments(): Array<SealDepartment & { serial: string }> {
    const latest = new Map<string, IssuedCertificate>();
    for (const c of this.#loaded.state.certificates)
      if (c.role === "seal" && c.department && c.purpose === undefined) latest.set(c.department.code, c);
    return [...latest.values()].map((c) => ({
      code: c.department?.code ?? "",
      name: c.department?.name ?? "",
      serial: c.serial,
    }));
  }

  async sealFor(departmentCode: string): Promise<SealCredentials> {
    await this.refresh();
    const entry = current(this.#loaded.state, "seal", departmentCode);
    if (!entry?.department) {
      throw new PkiError(
        "SIG_PKI_DEPARTMENT_UNKNOWN",
        `No e-seal certificate for department ${departmentCode}; add the department and run createDevPki again.`,
      );
    }
    if (this.#loaded.state.revocations.some((r) => r.serial === entry.serial)) {
      throw new PkiError(
        "SIG_PKI_SEAL_REVOKED",
        `The e-seal certificate of department ${departmentCode} (serial ${entry.serial}) is revoked; run createDevPki again to issue a new one.`,
      );
    }
    return {
      department: entry.department,
      certificate: this.#bySerial(entry.serial),
      chain: [this.issuing, this.root],
      keyHandle: await this.#keyStore.get(entry.keyLabel),
    };
  }

  /** The registry's current annotation seal (certs/pki.json "platform"), or undefined when this PKI has none. */
  platform(): (SealDepartment & { serial: string }) | undefined {
    const entry = current(this.#loaded.state, "seal", undefined, "annotation");
    return entry?.department ? { ...entry.department, serial: entry.serial } : undefined;
  }

  async platformSeal(): Promise<SealCredentials> {
    await this.refresh();
    const entry = current(this.#loaded.state, "seal", undefined, "annotation");
    if (!entry?.department)
      throw new PkiError(
        "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE",
        'This PKI has no annotation seal: add "platform" to certs/pki.json and run createDevPki (or restart the registry).',
      );
    if (this.#loaded.state.revocations.some((r) => r.serial === entry.serial))
      throw new PkiError(
        "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE",
        `The annotation seal of ${entry.department.name} (${entry.department.code}, serial ${entry.serial}) is revoked; run createDevPki again (restart the registry) to issue a new one.`,
      );
    return {
      department: entry.department,
      certificate: this.#bySerial(entry.serial),
      chain: [this.issuing, this.root],
      keyHandle: await this.#keyStore.get(entry.keyLabel),
    };
  }

  async statusOf(serial: string, now: Date): Promise<CertificateStatus & { ca?: CaName }> {
    await this.refresh();
    const s = normaliseSerial(serial);
    const entry = this.#loaded.state.certificates.find((c) => c.serial === s);
    if (!entry) return { status: "unknown" };
    const revoked = revocationAt(this.#loaded.state, s, now);
    return revoked
      ? {
          status: "revoked",
          revokedAt: new Date(revoked.revokedAt),
          reason: revoked.reason,
          ca: entry.issuer,
        }
      : { status: "good", ca: entry.issuer };
  }

  async buildCrl(input: { ca: CaName; now: Date }): Promise<Uint8Array> {
    await this.refresh();
    const { state } = this.#loaded;
    const issuerEntry = current(state, input.ca);
    if (!issuerEntry) throw new PkiError("SIG_PKI_STATE_INVALID", `The state file has no ${input.ca} CA.`);
    const issuedHere = new Set(
      state.certificates.filter((c) => c.issuer === input.ca && c.role !== "root").map((c) => c.serial),
    );
    const revoked = state.revocations.filter(
      (r) => issuedHere.has(r.serial) && new Date(r.revokedAt).getTime() <= input.now.getTime(),
    );
    return signCrl({
      issuer: this.#bySerial(issuerEntry.serial),
      issuerKey: await this.#keyStore.get(issuerEntry.keyLabel),
      revoked,
      thisUpdate: input.now,
      nextUpdate: new Date(input.now.getTime() + state.spec.crl.nextUpdateHours * 3_600_000),
      crlNumber: crlNumberFor(input.now, state.revision),
    });
  }

  async revokeCertificate(
    serialOrDepartmentCode: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<RevocationEntry> {
    if (!isRevocationReason(reason)) {
      throw new PkiError(
        "SIG_PKI_REASON_INVALID",
        `"${String(reason)}" is not an RFC 5280 revocation reason.`,
      );
    }
    // Under the directory lock and from the file, not the cache: another process may be revoking too.
    return withDirLock(this.dir, () => this.#revoke(serialOrDepartmentCode, reason, now));
  }

  async #revoke(
    serialOrDepartmentCode: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<RevocationEntry> {
    this.#loaded = await loadFrom(this.dir);
    const { state } = this.#loaded;
    const seal = current(state, "seal", serialOrDepartmentCode);
    const serial = seal?.serial ?? normaliseSerial(serialOrDepartmentCode);
    const entry = state.certificates.find((c) => c.serial === serial);
    if (!entry) {
      throw new PkiError(
        "SIG_PKI_SERIAL_UNKNOWN",
        `Nothing to revoke: ${serialOrDepartmentCode} is neither a department with a seal nor a serial this PKI issued.`,
      );
    }
    if (entry.role === "root") {
      throw new PkiError(
        "SIG_PKI_REVOKE_ROOT",
        "The root CA cannot be revoked; remove the dev PKI directory instead.",
      );
    }
    const existing = state.revocations.find((r) => r.serial === serial);
    if (existing) return existing;
    const revocation: RevocationEntry = {
      serial,
      reason,
      revokedAt: wholeSeconds(now).toISOString(),
    };
    const next: PkiState = {
      ...state,
      revocations: [...state.revocations, revocation],
      revision: state.revision + 1,
    };
    await writeState(this.dir, next);
    this.#loaded = { ...this.#loaded, state: next, version: await stateVersion(this.dir) };
    return revocation;
  }

  async respondOcsp(requestDer: Uint8Array, now: Date): Promise<Uint8Array> {
    try {
      await this.refresh();
    } catch {
      // Serve from the last good state rather than fail: the response carries its own thisUpdate.
    }
    const { state } = this.#loaded;
    let authorities: OcspAuthority[];
    try {
      // Each CA answers through its delegated responder (OCSPSigning, ocsp-nocheck), never with its own key: a CA key
      // that signs online answers on demand is one more way to lose it. A PKI without a root responder (not yet
      // upgraded by createDevPki) answers "unknown" about the root's certificates instead of signing with the root.
      const rootOcsp = this.rootOcsp;
      authorities = [
        {
          ca: "issuing",
          certificate: this.issuing,
          responder: { certificate: this.ocsp, key: this.#keyOf("ocsp") },
        },
        ...(rootOcsp
          ? [
              {
                ca: "root" as const,
                certificate: this.root,
                responder: { certificate: rootOcsp, key: this.#keyOf("root-ocsp") },
              },
            ]
          : []),
      ];
    } catch {
      return ocspStatusResponse(OCSP_RESPONSE_STATUS.internalError);
    }
    return respondOcsp(requestDer, now, {
      authorities,
      statusOf: (ca, serial, at) => {
        const issued = state.certificates.find(
          (c) => c.serial === serial && c.issuer === ca && c.role !== "root",
        );
        if (!issued) return { status: "unknown" };
        const revoked = revocationAt(state, serial, at);
        return revoked
          ? { status: "revoked", revokedAt: new Date(revoked.revokedAt), reason: revoked.reason }
          : { status: "good" };
      },
      responseValidityMinutes: state.spec.ocsp.responseValidityMinutes,
    });
  }

  async timestamp(requestDer: Uint8Array, now: Date): Promise<Uint8Array> {
    let certificate: x509.X509Certificate;
    let chain: x509.X509Certificate[];
    try {
      certificate = this.tsa;
      chain = [this.issuing];
    } catch {
      return tsaRejection("systemFailure", "the TSA has no certificate");
    }
    return timestamp(requestDer, now, {
      certificate,
      chain,
      key: this.#keyOf("tsa"),
      policyOid: this.spec.tsa.policyOid,
      accuracySeconds: this.spec.tsa.accuracySeconds,
    });
  }

  async revocationData(certificate: x509.X509Certificate, now: Date): Promise<RevocationData> {
    const der = (c: x509.X509Certificate): Uint8Array => new Uint8Array(c.rawData);
    return {
      certs: [der(this.issuing), der(this.root), der(this.ocsp)],
      crls: [await this.buildCrl({ ca: "issuing", now }), await this.buildCrl({ ca: "root", now })],
      ocsps: [await this.respondOcsp(buildOcspRequest(certificate, this.issuing, { nonce: false }), now)],
    };
  }

  /** A certificate this PKI issued, by serial (any form normaliseSerial accepts), or undefined. */
  certificateBySerial(serial: string): x509.X509Certificate | undefined {
    return this.#loaded.certificates.get(normaliseSerial(serial));
  }

  /**
   * Signs `data` with the trust-list signer's key (KeyHandle.sign: SHA-256, DER ECDSA-Sig-Value or PKCS#1 v1.5), a
   * certificate of its own under the issuing CA: CA keys sign certificates and CRLs only.
   */
  async signTrustList(data: Uint8Array): Promise<Uint8Array> {
    return (await this.#keyOf("trust-list")()).sign(data);
  }

  /** Department code → licence type codes it may issue (recorded from the catalogue by createDevPki). */
  authorities(): Readonly<Record<string, readonly string[]>> {
    return this.#loaded.state.authorities ?? {};
  }

  /** The sequence number of the last trust list built from this PKI, without assigning one; 0 when none was built. */
  knownTrustListSequence(): number {
    return this.#loaded.state.trustList?.sequence ?? 0;
  }

  /**
   * The trust list's sequence number for contents with this digest: the recorded one when the contents are the same,
   * else the next one, recorded under the directory lock so processes sharing the directory never reuse a number.
   */
  async trustListSequence(contentSha256: string): Promise<number> {
    await this.refresh();
    const known = this.#loaded.state.trustList;
    if (known?.contentSha256 === contentSha256) return known.sequence;
    const sequence = await assignTrustListSequence(this.dir, contentSha256);
    await this.refresh();
    return sequence;
  }

  /** Re-reads the state file when another process changed it. */
  async refresh(): Promise<void> {
    if ((await stateVersion(this.dir)) !== this.#loaded.version) this.#loaded = await loadFrom(this.dir);
  }

  /** Loads a role's current key on first use, so a request that needs no signature never touches the store. */
  #keyOf(role: CertificateRole): () => Promise<KeyHandle> {
    return () => {
      const entry = current(this.#loaded.state, role);
      return entry ? this.#keyStore.get(entry.keyLabel) : Promise.reject(new Error(`no ${role} key`));
    };
  }

  #certificate(role: CertificateRole): x509.X509Certificate {
    const entry = current(this.#loaded.state, role);
    if (!entry) throw new PkiError("SIG_PKI_STATE_INVALID", `The state file has no ${role} certificate.`);
    return this.#bySerial(entry.serial);
  }

  #bySerial(serial: string): x509.X509Certificate {
    const c = this.#loaded.certificates.get(serial);
    if (!c) throw new PkiError("SIG_PKI_STATE_INVALID", `Certificate ${serial} is listed but not loaded.`);
    return c;
  }
}

/** Loads an existing dev PKI; throws SIG_PKI_NOT_FOUND when `dir` holds none. */
export function loadPki(dir: string, keyStore: KeyStore): Promise<DevPki> {
  return DevPki.load(dir, keyStore);
}
