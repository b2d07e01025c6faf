// Builds docs/errors.md from the error catalogues in the code, so the documentation cannot drift from what the
// code returns. `npx tsx scripts/error-docs.ts --write` regenerates it; a test fails when it is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  REGISTRY_ERRORS,
  DETAIL_CODES,
  CATALOGUE_ERROR_CODES,
  FIELD_PROBLEM_CODES,
  STORE_ERROR_CODES,
  BACKUP_ERROR_CODES,
  IMPORT_CODES,
  STATUS_CODES,
  registryMessageZh,
} from "@elicence/registry/errors";
import { ID_ERROR_CODES } from "@elicence/core";
import {
  PKI_ERROR_CODES,
  KEY_STORE_ERROR_CODES,
  PADES_ERROR_TEXT,
  RENDER_ERROR_CODES,
  REASON_CODES,
  QR_REASONS,
  QR_PAYLOAD_ERROR_CODES,
  TRUST_LIST_REASONS,
  POOL_ERROR_CODES,
  signerMessageZh,
} from "@elicence/signer/errors";

/** Chinese words of a code written in English at its source (registry/src/errors-zh.ts, signer/src/errors-zh.ts). */
function zhOf(code: string): string {
  return registryMessageZh(code) ?? signerMessageZh(code) ?? "";
}

export interface DocSection {
  title: string;
  intro: string;
  rows: { code: string; status?: number; en: string; zh?: string }[];
}

export function errorSections(): DocSection[] {
  return [
    {
      title: "HTTP errors (the top-level `code`)",
      intro:
        "Every error body is `{ code, message, details: [{ field, code, message, suggestion?, candidates? }] }`.",
      rows: Object.entries(REGISTRY_ERRORS).map(([code, s]) => ({
        code,
        status: s.status,
        en: s.message,
        zh: zhOf(code),
      })),
    },
    {
      title: "Field problems (`details[].code`)",
      intro: "One entry per problem; all problems of a request are reported at once.",
      rows: [...Object.entries(FIELD_PROBLEM_CODES), ...Object.entries(DETAIL_CODES)].map(([code, en]) => ({
        code,
        en,
        zh: zhOf(code),
      })),
    },
    {
      title: "Identifiers: citizen ID number, credit code, licence identifier",
      intro:
        "Returned in `details[]` for holder codes, department codes and licence identifiers. Where one changed character or one swap of neighbours explains the error, `suggestion` carries the corrected code; where two or three do, `candidates` lists them. A malformed identifier in a URL is answered like one in a body: 422 `REG_VALIDATION_FAILED` with these details.",
      rows: Object.entries(ID_ERROR_CODES).map(([code, t]) => ({ code, en: t.en, zh: t.zh })),
    },
    {
      title: "Licence-type catalogue (start-up)",
      intro:
        "A broken templates/<type>/type.json stops start-up with every problem listed by file and JSON pointer.",
      // REG_LICENCE_TYPE_NOT_FOUND is shared with the HTTP layer and documented there.
      rows: Object.entries(CATALOGUE_ERROR_CODES)
        .filter(([code]) => !(code in REGISTRY_ERRORS))
        .map(([code, en]) => ({ code, en, zh: zhOf(code) })),
    },
    {
      title: "Bulk conversion (`elicence import`)",
      intro:
        "File problems stop the import before anything is stored (exit 2); row problems are lines of the report, by row and column, and the other rows are imported.",
      rows: Object.entries(IMPORT_CODES).map(([code, t]) => ({ code, en: t.en, zh: t.zh })),
    },
    {
      title: "Store",
      intro: "Raised by the SQLite and MongoDB adapters when the store cannot serve.",
      rows: Object.entries(STORE_ERROR_CODES).map(([code, en]) => ({ code, en, zh: zhOf(code) })),
    },
    {
      title: "Backup and restore (`elicence backup`, `elicence restore`)",
      intro:
        "Each message names the directory and lists every problem found (every missing, extra or changed file).",
      rows: Object.entries(BACKUP_ERROR_CODES).map(([code, en]) => ({ code, en, zh: zhOf(code) })),
    },
    {
      title: "Signer: keys and PKI",
      intro:
        "Raised by the key stores (encrypted files, PKCS#11) and the dev PKI (certificates, CRL, OCSP, TSA client).",
      rows: [...Object.entries(KEY_STORE_ERROR_CODES), ...Object.entries(PKI_ERROR_CODES)].map(
        ([code, en]) => ({ code, en, zh: zhOf(code) }),
      ),
    },
    {
      title: "Signer: rendering and PAdES sealing",
      intro:
        "Rendering names the layout file, field and value; sealing warnings appear in results, never thrown.",
      rows: [
        ...Object.entries(RENDER_ERROR_CODES),
        ...Object.entries(PADES_ERROR_TEXT),
        ...Object.entries(POOL_ERROR_CODES),
      ].map(([code, en]) => ({ code, en, zh: zhOf(code) })),
    },
    {
      title: "PDF validation reasons (`checks[].reason.code`)",
      intro:
        "Each check of the validation report carries one of these; VALID outcomes have their own codes too. Never reused.",
      rows: Object.entries(REASON_CODES).map(([code, t]) => ({ code, en: t.en, zh: t.zh })),
    },
    {
      title: "QR payload, trust list and live status",
      intro:
        "The signed QR record is verified offline against the published trust list; live status comes from /api/v1/status/{token}.",
      rows: [
        ...[
          ...Object.entries(QR_REASONS),
          ...Object.entries(TRUST_LIST_REASONS),
          ...Object.entries(STATUS_CODES),
        ].map(([code, t]) => ({ code, en: t.en, zh: t.zh })),
        ...Object.entries(QR_PAYLOAD_ERROR_CODES).map(([code, en]) => ({ code, en, zh: zhOf(code) })),
      ],
    },
  ];
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderErrorDocs(sections = errorSections()): string {
  const out = [
    "# Error codes",
    "",
    "Generated from the code by `npx tsx scripts/error-docs.ts --write`; a test fails when this file is stale.",
    "Codes are stable: never renamed, never reused for another meaning.",
    "",
  ];
  for (const s of sections) {
    out.push(`## ${s.title}`, "", s.intro, "");
    const hasStatus = s.rows.some((r) => r.status !== undefined);
    const hasZh = s.rows.some((r) => r.zh !== undefined);
    out.push(`| code |${hasStatus ? " HTTP |" : ""} meaning and fix |${hasZh ? " 中文 |" : ""}`);
    out.push(`| --- |${hasStatus ? " --- |" : ""} --- |${hasZh ? " --- |" : ""}`);
    for (const r of s.rows)
      out.push(
        `| \`${r.code}\` |${hasStatus ? ` ${r.status ?? ""} |` : ""} ${cell(r.en)} |${hasZh ? ` ${cell(r.zh ?? "")} |` : ""}`,
      );
    out.push("");
  }
  return out.join("\n");
}

export const ERROR_DOCS_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "docs",
  "errors.md",
);

if (process.argv.includes("--write")) {
  writeFileSync(ERROR_DOCS_PATH, renderErrorDocs());
  console.log(`wrote ${ERROR_DOCS_PATH}`);
}
