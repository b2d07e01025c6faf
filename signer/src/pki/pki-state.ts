// The dev PKI's state file (<dir>/state.json): every certificate issued, every revocation, and the spec and base URL
// it was created with. Written atomically (temp file + rename) so a crash never leaves half a file.
import { randomBytes } from "node:crypto";
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CaName, CertificateRole } from "./certificate-profiles.js";
import { PkiError } from "./pki-error.js";
import type { PkiSpec } from "./pki-spec.js";
import type { RevocationReason } from "./revocation-reason.js";

export interface IssuedCertificate {
  /** Canonical lowercase hex (see normaliseSerial). */
  serial: string;
  role: CertificateRole;
  /** The CA that signed it; the root names itself. */
  issuer: CaName;
  keyLabel: string;
  /** Path of the PEM relative to the PKI directory. */
  file: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  department?: { code: string; name: string };
  /**
   * Set on the registry's own annotation seal (certs/pki.json "platform"): an e-seal (role "seal", so the trust list
   * lists it) that signs annotated copies, never licences. Department seals have none.
   */
  purpose?: "annotation";
}

export interface RevocationEntry {
  serial: string;
  reason: RevocationReason;
  revokedAt: string;
}

export interface PkiState {
  format: "elicence-dev-pki-state/1";
  createdAt: string;
  baseUrl: string;
  spec: PkiSpec;
  certificates: IssuedCertificate[];
  revocations: RevocationEntry[];
  /** Grows with every change; part of the CRL number so a new revocation always yields a higher number. */
  revision: number;
  /**
   * Department code → the licence type codes it may issue, as the registry's catalogue said at the last start. Absent
   * in states written before the trust list bound seals to types: such a PKI gets it at its next start.
   */
  authorities?: Record<string, string[]>;
  /**
   * The trust list's sequence number and the digest of the contents it was given to. A list with other contents gets
   * the next number, so verifiers can refuse an older list (rollback) however genuine its signature.
   */
  trustList?: { sequence: number; contentSha256: string };
}

export const STATE_FILE = "state.json";

export function statePath(dir: string): string {
  return join(dir, STATE_FILE);
}

/** Returns the state, or undefined when the directory holds no PKI yet. */
export async function readState(dir: string): Promise<PkiState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(dir), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let state: PkiState;
  try {
    state = JSON.parse(text) as PkiState;
  } catch (cause) {
    throw new PkiError(
      "SIG_PKI_STATE_INVALID",
      `${statePath(dir)} is not valid JSON; restore it or remove the PKI directory.`,
      [],
      { cause },
    );
  }
  if (
    state?.format !== "elicence-dev-pki-state/1" ||
    !Array.isArray(state.certificates) ||
    !Array.isArray(state.revocations)
  ) {
    throw new PkiError("SIG_PKI_STATE_INVALID", `${statePath(dir)} is not an eLicence dev PKI state file.`);
  }
  return state;
}

export async function writeState(dir: string, state: PkiState): Promise<void> {
  const target = statePath(dir);
  const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, target);
}

/** A cheap change marker for the state file, so a long-lived PKI object notices revocations made by another process. */
export async function stateVersion(dir: string): Promise<string> {
  try {
    const s = await stat(statePath(dir));
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return "absent";
  }
}
