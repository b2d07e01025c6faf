// Licences for the benchmark, built from the catalogue (templates/<type>/type.json: example, exampleHolder, issuers):
// the types in turn, each document with its own identifier and signed QR payload, so no two sealed PDFs are alike.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildLicenceIdentifier, maskHolderCode, maskName } from "@elicence/core";
import type { SealLicenceInput } from "@elicence/signer";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TEMPLATES_DIR = path.join(REPO_ROOT, "templates");

export interface CatalogueType {
  code: string;
  name: { zh: string };
  example: Record<string, unknown>;
  exampleHolder: { name: string; code: string };
  issuers: { name: string; code: string }[];
  holderKind?: "person" | "organisation";
  validity?: { years?: number };
}

export function catalogueTypes(): CatalogueType[] {
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(TEMPLATES_DIR, d.name, "layout.json")))
    .map(
      (d) => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, d.name, "type.json"), "utf8")) as CatalogueType,
    )
    .filter((t) => t.issuers.length > 0 && t.exampleHolder !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Every department a catalogue type names as issuer, once each. */
export function catalogueDepartments(types: readonly CatalogueType[]): { name: string; code: string }[] {
  const byCode = new Map<string, { name: string; code: string }>();
  for (const t of types) for (const d of t.issuers) byCode.set(d.code, { name: d.name, code: d.code });
  return [...byCode.values()];
}

/**
 * The n-th benchmark licence: type n mod the catalogue, its example values, a serial and public token of its own,
 * and a signed QR payload with the claims the registry puts there (masked holder, validity, live-status token).
 */
export function licenceJob(types: readonly CatalogueType[], n: number, now: Date): SealLicenceInput {
  const t = types[n % types.length] as CatalogueType;
  const issuer = t.issuers[0] as { name: string; code: string };
  const identifier = buildLicenceIdentifier({
    typeCode: t.code,
    issuerCode: issuer.code,
    serial: String(1_000_000 + (n % 9_000_000)),
    version: 1,
  });
  const validUntil = t.validity?.years ? `${2024 + t.validity.years}-03-14` : null;
  const licence = {
    identifier,
    holder: t.exampleHolder,
    issuer,
    issuedOn: "2024-03-15",
    validFrom: "2024-03-15",
    validUntil,
    fields: structuredClone(t.example),
  };
  return {
    typeCode: t.code,
    licence,
    signedQr: {
      verifierBaseUrl: "https://verify.elicence.example",
      claims: {
        identifier,
        holderName: maskName(t.exampleHolder.name).replace(/\*{5,}/u, "****"),
        holderCode: maskHolderCode(t.exampleHolder.code, t.holderKind === "person" ? "111" : "001"),
        validFrom: licence.validFrom,
        validUntil,
        issuedAt: now.toISOString(),
        // 16 bytes in base64url, as the registry mints public tokens.
        publicToken: createHash("sha256").update(`bench ${n}`).digest().subarray(0, 16).toString("base64url"),
      },
    },
    now,
  };
}
