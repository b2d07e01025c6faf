// A registry app on a fresh SQLite file with the shipped catalogue, a movable clock and keys for every role.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp, type AppDeps, type RegistryApp } from "../../src/http/app.js";
import { loadCatalogue, type Catalogue } from "../../src/catalogue/index.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { KeyService } from "../../src/auth/key-service.js";
import { loadConfig } from "../../src/config.js";
import { DocumentStore } from "../../src/documents/document-store.js";
import { openSigning, type SigningRuntime } from "../../src/signing/signing-runtime.js";
import { loadServiceItems } from "../../src/service-items/load-service-items.js";
import type { Limits } from "../../src/limits.js";

export const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates");

export const TYPES = {
  business: "11100000MB0143028R001",
  food: "11100000MB0143028R013",
  road: "11100000000019713D008",
  teacher: "11100000000013303A001",
} as const;

export const DEPTS = {
  market: "11441521MB2C97310M",
  transport: "114415210071938455",
  education: "114415210071937149",
} as const;

export interface Harness extends RegistryApp {
  store: Store;
  catalogue: Catalogue;
  dir: string;
  clock: { now: Date };
  keys: KeyService;
  key: Record<"admin" | "issuer" | "transportIssuer" | "educationIssuer" | "clerk" | "auditor", string>;
  signing: SigningRuntime | null;
  close(): Promise<void>;
}

export interface HarnessOptions {
  start?: Date;
  /** Create a dev PKI and seal PDFs (slower: ~1 s to create the PKI). */
  signing?: boolean;
  /** Serve /metrics and /pki/tsa (off by default, as in production). */
  expose?: { metrics?: boolean; tsa?: boolean };
  /** POST /api/v1/verify/pdf uploads per client and window; where admitted uploads wait as files. */
  verifyPdf?: AppDeps["verifyPdf"];
  /** The clock guard watches the (test) clock for steps back, as it does the real clock (off: tests time-travel). */
  watchClockSteps?: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed (none by default, as in production). */
  trustProxy?: string[];
  /** Sizes, rates and sign-in failure counts (config.limits); defaults otherwise. */
  limits?: Partial<Limits>;
  /** The data directory (e.g. on a small tmpfs); default a new temp folder. Emptied on close either way. */
  dataDir?: string;
  /** Import jobs keep their files in <data directory>/imports, as `elicence serve` does (default: the OS temp folder). */
  importsInDataDir?: boolean;
}

export const BASE_URL = "http://127.0.0.1:8080";

export async function startHarness(options: HarnessOptions | Date = {}): Promise<Harness> {
  const o: HarnessOptions = options instanceof Date ? { start: options } : options;
  const dir = o.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "elicence-api-"));
  mkdirSync(dir, { recursive: true });
  const store = openSqliteStore(path.join(dir, "registry.sqlite"));
  await store.migrate();
  const catalogue = loadCatalogue(TEMPLATES);
  const clock = { now: o.start ?? new Date("2026-11-29T02:00:00Z") };
  let signingRuntime: SigningRuntime | null = null;
  if (o.signing) {
    const config = loadConfig(
      {
        ELICENCE_DATA_DIR: dir,
        ELICENCE_BASE_URL: BASE_URL,
        ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
      },
      path.resolve(TEMPLATES, ".."),
    );
    // The PKI is created a day before the clock so certificates are valid whatever the test's clock does next.
    signingRuntime = await openSigning(config, catalogue, new Date(clock.now.getTime() - 86_400_000));
  }
  const built = await buildApp({
    store,
    catalogue,
    clock: () => clock.now,
    baseUrl: BASE_URL,
    serviceItems: loadServiceItems(TEMPLATES, catalogue),
    ...(o.expose ? { expose: o.expose } : {}),
    ...(o.verifyPdf ? { verifyPdf: o.verifyPdf } : {}),
    ...(o.watchClockSteps ? { watchClockSteps: true } : {}),
    ...(o.trustProxy ? { trustProxy: o.trustProxy } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.importsInDataDir ? { imports: { dir: path.join(dir, "imports") } } : {}),
    ...(signingRuntime
      ? {
          signing: {
            pki: signingRuntime.pki,
            sealer: signingRuntime.sealer,
            documents: new DocumentStore(path.join(dir, "documents")),
          },
        }
      : {}),
  });
  const ks = new KeyService(store, () => clock.now);
  const cli = { id: "cli", role: "admin", department: null };
  const mk = async (role: string, department?: string) =>
    (await ks.create(cli, { role, department: department ?? null })).key;
  const key = {
    admin: await mk("admin"),
    issuer: await mk("issuer", DEPTS.market),
    transportIssuer: await mk("issuer", DEPTS.transport),
    educationIssuer: await mk("issuer", DEPTS.education),
    clerk: await mk("clerk", DEPTS.market),
    auditor: await mk("auditor"),
  };
  return {
    ...built,
    store,
    catalogue,
    dir,
    clock,
    keys: ks,
    key,
    signing: signingRuntime,
    async close() {
      await built.app.close();
      await signingRuntime?.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PDF as the verifier's upload form sends it: multipart/form-data, the file in a part named `field`. */
export function pdfUpload(
  file: Uint8Array,
  field = "file",
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----elicence${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="licence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export function auth(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${key}`, ...extra };
}

/** The catalogue's example for a type, as an issue request body. */
export function exampleIssue(
  catalogue: Catalogue,
  typeCode: string,
  holder?: { name: string; code: string },
) {
  const t = catalogue.get(typeCode);
  if (!t) throw new Error(`no type ${typeCode}`);
  const h = holder ?? t.exampleHolder;
  if (!h) throw new Error(`type ${typeCode} has no exampleHolder`);
  const fields = structuredClone(t.example) as Record<string, unknown>;
  // A licence number belongs to one live licence of a type (licences/rules/licence-number.ts): the first example keeps
  // the catalogue's number, every later one gets its own (the last four digits counted on).
  const n = (exampleNumbers.get(typeCode) ?? 0) + 1;
  exampleNumbers.set(typeCode, n);
  const field = t.numberField;
  const number = field !== undefined ? fields[field] : undefined;
  if (field !== undefined && n > 1 && typeof number === "string")
    fields[field] = `${number.slice(0, -4)}${String(n % 10_000).padStart(4, "0")}`;
  return { typeCode, holder: { name: h.name, code: h.code }, fields };
}
const exampleNumbers = new Map<string, number>();
