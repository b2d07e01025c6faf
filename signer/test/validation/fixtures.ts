// Shared set-up for the validation tests: a dev PKI and sealer for every catalogue issuer, sealed licences, a fake
// registry (identifier → live status) and validation contexts. Time is fixed per suite: the PKI is created an hour
// before T0 (so external validators, which read the real clock, accept the certificates), seals are made at T0 and
// validations run at T0 + 1 h.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { LicenceSealer } from "../../src/licence-sealer.js";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import type { DevPki } from "../../src/pki/dev-pki.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import type { LiveStatus, TrustListLike, ValidationContext } from "../../src/validation/index.js";
import { FAST_SCRYPT } from "../pki/fixtures.js";
import { TEMPLATES, identifierFor } from "../render/helpers.js";
import { catalogueIssuers, catalogueTypeCodes, exampleLicence } from "../sealed-licence/fixtures.js";

export const HOUR = 3_600_000;

export interface SealedFixture {
  typeCode: string;
  identifier: string;
  issuerCode: string;
  bytes: Uint8Array;
  sha256: string;
  level: string;
}

export interface ValidationEnv {
  dir: string;
  pki: DevPki;
  sealer: LicenceSealer;
  rootDer: Uint8Array;
  /** Sealing time. */
  t0: Date;
  /** Validation time (T0 + 1 h). */
  now: Date;
  /** The fake registry: what liveStatus answers. */
  registry: Map<string, LiveStatus>;
  /** Seals the type's example; `serial` gives it another identifier (each identifier has one document). */
  seal(typeCode: string, o?: { ltv?: boolean; at?: Date; serial?: string }): Promise<SealedFixture>;
  /** Trust root, validation time, revocation from the PKI, live status from the fake registry (unless offline). */
  ctx(o?: {
    offline?: boolean;
    trustList?: TrustListLike;
    now?: Date;
    noRevocation?: boolean;
  }): ValidationContext;
  trustList(): Promise<TrustListLike>;
  close(): void;
}

export async function createValidationEnv(
  t0: Date = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR),
): Promise<ValidationEnv> {
  const dir = mkdtempSync(join(tmpdir(), "elicence-validation-"));
  const keyStore = new FileKeyStore(join(dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT });
  const pki = await createDevPki({
    dir,
    spec: await readPkiSpec(),
    departments: catalogueIssuers(),
    baseUrl: "http://127.0.0.1:9/",
    now: new Date(t0.getTime() - HOUR),
    keyStore,
  });
  const sealer = new LicenceSealer({ templatesDir: TEMPLATES, pki });
  const registry = new Map<string, LiveStatus>();
  const now = new Date(t0.getTime() + HOUR);
  const env: ValidationEnv = {
    dir,
    pki,
    sealer,
    rootDer: new Uint8Array(pki.root.rawData),
    t0,
    now,
    registry,
    async seal(typeCode, o = {}) {
      const ex = await exampleLicence(typeCode, "https://verify.example");
      if (o.serial) ex.licence.identifier = identifierFor(typeCode, ex.licence.issuer.code, o.serial);
      const r = await sealer.seal({
        typeCode,
        licence: ex.licence,
        qrText: ex.qrText,
        now: o.at ?? t0,
        ...(o.ltv ? { ltv: true } : {}),
      });
      registry.set(ex.licence.identifier, {
        state: "01",
        documentSha256: r.sha256,
        supersededBy: null,
        validUntil: ex.licence.validUntil,
      });
      return {
        typeCode,
        identifier: ex.licence.identifier,
        issuerCode: ex.licence.issuer.code,
        bytes: r.bytes,
        sha256: r.sha256,
        level: r.level,
      };
    },
    ctx(o = {}) {
      return {
        trust: { rootDer: env.rootDer, ...(o.trustList ? { trustList: o.trustList } : {}) },
        now: o.now ?? now,
        ...(o.noRevocation ? {} : { revocation: (c) => pki.statusOf(c.serialNumber, o.now ?? now) }),
        ...(o.offline ? {} : { liveStatus: async (id: string) => registry.get(id) ?? null }),
      };
    },
    async trustList() {
      const seals = await Promise.all(
        pki.departments().map(async (d) => {
          const s = await pki.sealFor(d.code);
          return {
            department: { code: d.code, name: d.name },
            certificate: Buffer.from(s.certificate.rawData).toString("base64"),
            status: "good" as const,
            // As the published list says: the types the catalogue lets this department issue.
            licenceTypes: pki.authorities()[d.code] ?? [],
          };
        }),
      );
      return { issuedAt: now.toISOString(), seals };
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
  return env;
}

export { catalogueTypeCodes };

/** The INVALID codes of a report, in check order. */
export function invalidCodes(report: { checks: { status: string; reason: { code: string } }[] }): string[] {
  return report.checks.filter((c) => c.status === "INVALID").map((c) => c.reason.code);
}

/** name → status:code for every check: the whole fragment list in one comparable value. */
export function outline(report: {
  checks: { name: string; status: string; reason: { code: string } }[];
}): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.name, `${c.status}:${c.reason.code}`]));
}
