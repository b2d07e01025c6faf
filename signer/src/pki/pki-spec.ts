// The declarative dev-PKI description (certs/pki.json): its type, validation that names every bad field, and loading.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { KEY_ALGORITHMS } from "../keys/key-store.js";
import type { KeyAlgorithm } from "../keys/key-store.js";
import { isUsccWithValidCheck } from "./department.js";
import type { SealDepartment } from "./department.js";
import { PkiError } from "./pki-error.js";
import type { PkiErrorDetail } from "./pki-error.js";

export interface SubjectSpec {
  commonName: string;
  organization: string;
  /** ISO 3166 alpha-2. */
  country: string;
}

/**
 * The registry's own e-seal (证照库平台印章). It signs no licence: it signs the annotated copies (加注件) the window
 * desk hands out, as an approval signature filling the field prepared at sealing. Its certificate is an e-seal like a
 * department's (listed in the trust list) and carries the annotation-seal policy OID, which is how verifiers know its role.
 */
export interface PlatformSealSpec {
  department: SealDepartment;
  role: "annotation";
  validityDays: number;
}

export interface PkiSpec {
  format: "elicence-dev-pki/1";
  algorithm: KeyAlgorithm;
  /** URL templates; `{baseUrl}` and `{ca}` ("root" | "issuing") are substituted. */
  urls: { crl: string; ocsp: string; caIssuers: string };
  root: { subject: SubjectSpec; validityDays: number };
  issuing: { subject: SubjectSpec; validityDays: number };
  seal: { organizationIdentifierPrefix: string; validityDays: number };
  tsa: { subject: SubjectSpec; validityDays: number; policyOid: string; accuracySeconds: number };
  ocsp: { subject: SubjectSpec; validityDays: number; responseValidityMinutes: number };
  crl: { nextUpdateHours: number };
  /** Absent in PKIs described before annotated copies existed: they then have no platform seal. */
  platform?: PlatformSealSpec;
  /**
   * The delegated responder for OCSP about the root's certificates, and the trust list's signer. Absent in PKIs
   * described before they existed; createDevPki adds them from the current certs/pki.json at the next start.
   */
  rootOcsp?: { subject: SubjectSpec; validityDays: number };
  trustList?: { subject: SubjectSpec; validityDays: number };
}

/** certs/pki.json in this repository. */
export const DEFAULT_PKI_SPEC_PATH = fileURLToPath(new URL("../../../certs/pki.json", import.meta.url));

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates a parsed pki.json; throws SIG_PKI_SPEC_INVALID listing every problem at once. */
export function parsePkiSpec(input: unknown): PkiSpec {
  const problems: PkiErrorDetail[] = [];
  const at = (path: string, message: string): void => void problems.push({ field: path, message });
  const obj = (v: unknown, path: string): Json => {
    if (isObject(v)) return v;
    at(path, "must be an object");
    return {};
  };
  const str = (o: Json, key: string, path: string, pattern?: RegExp, hint?: string): void => {
    const v = o[key];
    if (typeof v !== "string" || v.trim() === "") at(`${path}.${key}`, "must be a non-empty string");
    else if (pattern && !pattern.test(v)) at(`${path}.${key}`, hint ?? `must match ${String(pattern)}`);
  };
  const int = (o: Json, key: string, path: string, min: number, max: number): void => {
    const v = o[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      at(`${path}.${key}`, `must be an integer from ${min} to ${max}`);
    }
  };
  const subject = (o: Json, path: string): void => {
    const s = obj(o.subject, `${path}.subject`);
    str(s, "commonName", `${path}.subject`);
    str(s, "organization", `${path}.subject`);
    str(s, "country", `${path}.subject`, /^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code such as CN");
  };

  const spec = obj(input, "$");
  if (spec.format !== "elicence-dev-pki/1") at("format", 'must be "elicence-dev-pki/1"');
  if (!KEY_ALGORITHMS.includes(spec.algorithm as KeyAlgorithm))
    at("algorithm", `must be one of ${KEY_ALGORITHMS.join(", ")}`);
  const urls = obj(spec.urls, "urls");
  for (const key of ["crl", "ocsp", "caIssuers"])
    str(urls, key, "urls", /\{baseUrl\}/, "must contain {baseUrl}");
  for (const role of ["root", "issuing", "tsa", "ocsp"] as const) {
    const o = obj(spec[role], role);
    subject(o, role);
    int(o, "validityDays", role, 1, 36525);
  }
  const seal = obj(spec.seal, "seal");
  if (typeof seal.organizationIdentifierPrefix !== "string")
    at("seal.organizationIdentifierPrefix", "must be a string");
  int(seal, "validityDays", "seal", 1, 36525);
  const tsa = obj(spec.tsa, "tsa");
  str(tsa, "policyOid", "tsa", /^[0-2](\.(0|[1-9]\d*))+$/, "must be a dotted OID such as 2.999.8.1");
  int(tsa, "accuracySeconds", "tsa", 0, 3600);
  int(obj(spec.ocsp, "ocsp"), "responseValidityMinutes", "ocsp", 1, 60 * 24 * 31);
  int(obj(spec.crl, "crl"), "nextUpdateHours", "crl", 1, 24 * 366);
  for (const role of ["rootOcsp", "trustList"] as const) {
    if (spec[role] === undefined) continue;
    const o = obj(spec[role], role);
    subject(o, role);
    int(o, "validityDays", role, 1, 36525);
  }
  if (spec.platform !== undefined) {
    const platform = obj(spec.platform, "platform");
    const department = obj(platform.department, "platform.department");
    str(department, "name", "platform.department");
    if (typeof department.name === "string" && [...department.name.trim()].length > 64)
      at("platform.department.name", "must be at most 64 characters (X.520 ub-common-name)");
    if (typeof department.code !== "string" || !isUsccWithValidCheck(department.code))
      at(
        "platform.department.code",
        "must be an 18-character unified social credit code with a valid GB 32100 check character",
      );
    if (platform.role !== "annotation") at("platform.role", 'must be "annotation"');
    int(platform, "validityDays", "platform", 1, 36525);
  }

  if (problems.length > 0) {
    throw new PkiError(
      "SIG_PKI_SPEC_INVALID",
      `The PKI description is invalid (${problems.length} problem(s)): ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
      problems,
    );
  }
  return input as PkiSpec;
}

/** Reads and validates a pki.json file (default: certs/pki.json of this repository). */
export async function readPkiSpec(path: string = DEFAULT_PKI_SPEC_PATH): Promise<PkiSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new PkiError("SIG_PKI_SPEC_INVALID", `Cannot read the PKI description ${path}.`, [], { cause });
  }
  try {
    return parsePkiSpec(JSON.parse(text));
  } catch (err) {
    if (err instanceof PkiError) throw err;
    throw new PkiError("SIG_PKI_SPEC_INVALID", `${path} is not valid JSON.`, [], { cause: err });
  }
}

/** Expands a URL template for one CA. */
export function expandUrl(template: string, baseUrl: string, ca: "root" | "issuing"): string {
  return template.replaceAll("{baseUrl}", baseUrl.replace(/\/+$/, "")).replaceAll("{ca}", ca);
}
