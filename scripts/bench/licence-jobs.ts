// Licences for the benchmark, built from the catalogue (templates/<type>/type.json: example, exampleHolder, issuers):
// the types in turn, each document with its own identifier and QR text, so no two sealed PDFs are alike.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SealLicenceInput } from "@elicence/signer";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TEMPLATES_DIR = path.join(REPO_ROOT, "templates");

export interface CatalogueType {
  code: string;
  name: { zh: string };
  example: Record<string, unknown>;
  exampleHolder: { name: string; code: string };
  issuers: { name: string; code: string }[];
  validity?: { years?: number };
}

export function catalogueTypes(): CatalogueType[] {
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(TEMPLATES_DIR, d.name, "layout.json")))
    .map((d) => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, d.name, "type.json"), "utf8")) as CatalogueType)
    .filter((t) => t.issuers.length > 0 && t.exampleHolder !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Every department a catalogue type names as issuer, once each. */
export function catalogueDepartments(types: readonly CatalogueType[]): { name: string; code: string }[] {
  const byCode = new Map<string, { name: string; code: string }>();
  for (const t of types) for (const d of t.issuers) byCode.set(d.code, { name: d.name, code: d.code });
  return [...byCode.values()];
}

/** The n-th benchmark licence: type n mod the catalogue, its example values, a serial and QR token of its own. */
export function licenceJob(types: readonly CatalogueType[], n: number, now: Date): SealLicenceInput {
  const t = types[n % types.length] as CatalogueType;
  const issuer = t.issuers[0] as { name: string; code: string };
  const serial = String(1_000_000 + (n % 9_000_000));
  // The check character is not computed: the renderer prints the identifier, it does not validate it.
  const identifier = `1.2.156.3005.2.${t.code}.${issuer.code}.${serial}.001.X`;
  const validUntil = t.validity?.years ? `${2024 + t.validity.years}-03-14` : null;
  return {
    typeCode: t.code,
    licence: {
      identifier,
      holder: t.exampleHolder,
      issuer,
      issuedOn: "2024-03-15",
      validFrom: "2024-03-15",
      validUntil,
      fields: structuredClone(t.example),
    },
    qrText: `https://verify.elicence.example/v/${identifier}#k=${(n * 2654435761).toString(36).padStart(12, "0")}`,
    now,
  };
}
