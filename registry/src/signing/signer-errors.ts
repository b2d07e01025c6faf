// The one mapping of the signer's coded errors (SIG_*) to the registry's: which refusals of which signer call are the
// client's or the operator's matter, told with a registry code and remedy. Every other signer error passes through
// unchanged (background sealing sorts those out by their SIG_ code, licences/sealing-failures.ts; a request answers
// them as REG_INTERNAL). Each adapter of a signer call (document-sealer.ts, annotated-copy-maker.ts, signing-runtime.ts)
// wraps the call in withSignerErrors; no other file compares SIG_ codes to make registry errors.
import type {
  KEY_STORE_ERROR_CODES,
  PADES_ERROR_TEXT,
  PKI_ERROR_CODES,
  RENDER_ERROR_CODES,
} from "@elicence/signer/errors";
import { REGISTRY_ERRORS, RegistryError, type RegistryErrorCode } from "../errors.js";

/** The signer's codes this table may name: a misspelt or retired one fails the typecheck. */
export type SignerErrorCode =
  | keyof typeof PKI_ERROR_CODES
  | keyof typeof KEY_STORE_ERROR_CODES
  | keyof typeof PADES_ERROR_TEXT
  | keyof typeof RENDER_ERROR_CODES;

/** The registry's calls into the signer, each with its own adapter. */
export type SignerCall = "seal" | "annotate" | "open-pki" | "check-passphrase";

export interface SignerCallContext {
  /** The licence the call was about (seal, annotate). */
  identifier?: string;
  /** check-passphrase: where the passphrase came from, the key file it failed on and the PKI directory. */
  passphrase?: { source: string; keyFile: string; pkiDir: string };
}

interface CodedError extends Error {
  code: string;
  details?: unknown;
}

interface Mapping {
  signer: readonly SignerErrorCode[];
  calls: readonly SignerCall[];
  registry: RegistryErrorCode;
  make(e: CodedError, call: SignerCall, context: SignerCallContext): RegistryError;
}

/** What the registry did not do when a call failed: said after the signer's own words. */
const NOTHING_DONE: Record<SignerCall, string> = {
  seal: "Nothing was stored.",
  annotate: "No annotated copy was made.",
  "open-pki": "Nothing was started or changed.",
  "check-passphrase": "Nothing was started or changed.",
};

export const SIGNER_ERROR_MAP: readonly Mapping[] = [
  {
    // The renderer found characters its font cannot draw: the request's fault, a 400 naming each field.
    signer: ["SIG_RENDER_GLYPH_MISSING"],
    calls: ["seal"],
    registry: "REG_BAD_REQUEST",
    make: (e) => unprintable(e),
  },
  {
    // Dated after the clock or expired before it: the clock or the certificate is wrong, not the request (issue 11).
    signer: ["SIG_CERTIFICATE_NOT_VALID"],
    calls: ["seal", "annotate"],
    registry: "REG_SIGNING_CERT_NOT_VALID_NOW",
    make: (e) =>
      new RegistryError(
        "REG_SIGNING_CERT_NOT_VALID_NOW",
        `${REGISTRY_ERRORS.REG_SIGNING_CERT_NOT_VALID_NOW.message} (${e.message})`,
      ),
  },
  {
    // No usable seal to sign with: the department's (revoked, unknown) or the registry's annotation seal.
    signer: ["SIG_PKI_SEAL_REVOKED", "SIG_PKI_DEPARTMENT_UNKNOWN", "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE"],
    calls: ["seal", "annotate"],
    registry: "REG_SEAL_UNAVAILABLE",
    make: (e, call) => new RegistryError("REG_SEAL_UNAVAILABLE", `${e.message} ${NOTHING_DONE[call]}`.trim()),
  },
  {
    // A document sealed before annotated copies existed (no field for the note), or whose field is already signed.
    signer: ["SIG_PREPARED_FIELD_MISSING", "SIG_PREPARED_FIELD_SIGNED"],
    calls: ["annotate"],
    registry: "REG_ANNOTATION_NOT_PREPARED",
    make: (_e, _call, context) =>
      new RegistryError(
        "REG_ANNOTATION_NOT_PREPARED",
        `The sealed document of ${context.identifier ?? "this licence"} was made before annotated copies existed and has no field for the note; amend or renew the licence to get one that has.`,
      ),
  },
  {
    // Waiting for another process is the operator's matter, told in one line with the owner: not an internal fault.
    signer: ["SIG_PKI_LOCKED"],
    calls: ["open-pki"],
    registry: "REG_PKI_LOCKED",
    make: (e) => new RegistryError("REG_PKI_LOCKED", e.message),
  },
  {
    // Only where the registry tries its passphrase at start: while sealing, a key that cannot be decrypted is the
    // machine's fault and must stay SIG_KEY_* for background sealing to blame no record.
    signer: ["SIG_KEY_DECRYPT_FAILED"],
    calls: ["check-passphrase"],
    registry: "REG_KEY_PASSPHRASE_WRONG",
    make: (_e, call, { passphrase: p }) =>
      new RegistryError(
        "REG_KEY_PASSPHRASE_WRONG",
        p
          ? `The passphrase from ${p.source} does not decrypt the PKI's keys (${p.keyFile}): set it back to the passphrase the PKI in ${p.pkiDir} was created with. ${NOTHING_DONE[call]}`
          : undefined,
      ),
  },
];

/** The SIG_ code of a signer error, if it is one. */
export function signerCode(e: unknown): string | undefined {
  const code = e instanceof Error && "code" in e ? e.code : undefined;
  return typeof code === "string" && code.startsWith("SIG_") ? code : undefined;
}

/** The registry error for a signer error thrown by `call`; anything else is returned as it is. */
export function registryErrorFor(e: unknown, call: SignerCall, context: SignerCallContext = {}): unknown {
  const code = signerCode(e);
  if (code === undefined) return e;
  const mapping = SIGNER_ERROR_MAP.find(
    (m) => m.calls.includes(call) && (m.signer as readonly string[]).includes(code),
  );
  return mapping ? mapping.make(e as CodedError, call, context) : e;
}

/** Runs one signer call, its refusals told as registry errors (see SIGNER_ERROR_MAP). */
export async function withSignerErrors<T>(
  call: SignerCall,
  context: SignerCallContext,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw registryErrorFor(e, call, context);
  }
}

/**
 * The renderer found characters its font cannot draw: told as a 400 naming each field and the code points (never the
 * value). The renderer names where it looked: `rows.<field>`, a label, a holder line, ….
 */
function unprintable(e: CodedError): RegistryError {
  const places = Array.isArray(e.details) ? (e.details as { path: string; message: string }[]) : [];
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
