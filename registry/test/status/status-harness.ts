// A registry with signing for the live-status tests, built with the status options under test (rate limit, Redis);
// a second app over the same store, PKI and Redis stands in for another registry process.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp, type RegistryApp } from "../../src/http/app.js";
import { loadCatalogue, type Catalogue } from "../../src/catalogue/index.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { KeyService } from "../../src/auth/key-service.js";
import { loadConfig } from "../../src/config.js";
import { DocumentStore } from "../../src/documents/document-store.js";
import { openSigning, type SigningRuntime } from "../../src/signing/signing-runtime.js";
import type { LiveStatusOptions } from "../../src/status/live-status.js";
import { auth, BASE_URL, DEPTS, exampleIssue, TEMPLATES, TYPES } from "../support/harness.js";

export interface StatusHarness extends RegistryApp {
  store: Store;
  catalogue: Catalogue;
  dir: string;
  clock: { now: Date };
  signing: SigningRuntime;
  documents: DocumentStore;
  issuerKey: string;
  adminKey: string;
  /** Issues a food-business licence (`extra` adds to or overrides the body); returns its identifier and token. */
  issue(extra?: Record<string, unknown>): Promise<{ identifier: string; token: string }>;
  close(): Promise<void>;
}

export async function startStatusHarness(
  o: { start?: Date; redisUrl?: string; liveStatus?: LiveStatusOptions; share?: StatusHarness } = {},
): Promise<StatusHarness> {
  const shared = o.share;
  const dir = shared?.dir ?? mkdtempSync(path.join(os.tmpdir(), "elicence-status-"));
  const store = shared?.store ?? openSqliteStore(path.join(dir, "registry.sqlite"));
  if (!shared) await store.migrate();
  const catalogue = shared?.catalogue ?? loadCatalogue(TEMPLATES);
  const clock = shared?.clock ?? { now: o.start ?? new Date("2026-11-29T02:00:00Z") };
  const signing =
    shared?.signing ??
    (await openSigning(
      loadConfig(
        {
          ELICENCE_DATA_DIR: dir,
          ELICENCE_BASE_URL: BASE_URL,
          ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
        },
        path.resolve(TEMPLATES, ".."),
      ),
      catalogue,
      new Date(clock.now.getTime() - 86_400_000),
    ));
  const documents = shared?.documents ?? new DocumentStore(path.join(dir, "documents"));
  const built = await buildApp({
    store,
    catalogue,
    clock: () => clock.now,
    baseUrl: BASE_URL,
    signing: { pki: signing.pki, sealer: signing.sealer, documents },
    ...(o.redisUrl ? { redisUrl: o.redisUrl } : {}),
    ...(o.liveStatus ? { liveStatus: o.liveStatus } : {}),
  });
  const keys = new KeyService(store, () => clock.now);
  const cli = { id: "cli", role: "admin", department: null };
  const issuerKey =
    shared?.issuerKey ?? (await keys.create(cli, { role: "issuer", department: DEPTS.market })).key;
  const adminKey = shared?.adminKey ?? (await keys.create(cli, { role: "admin", department: null })).key;
  let n = 0;
  return {
    ...built,
    store,
    catalogue,
    dir,
    clock,
    signing,
    documents,
    issuerKey,
    adminKey,
    async issue(extra: Record<string, unknown> = {}) {
      const res = await built.app.inject({
        method: "POST",
        url: "/api/v1/licences",
        headers: auth(issuerKey, { "idempotency-key": `status-issue-${Date.now()}-${n++}` }),
        payload: { ...exampleIssue(catalogue, TYPES.food), ...extra },
      });
      if (res.statusCode !== 201) throw new Error(`issue failed: ${res.statusCode} ${res.body}`);
      const identifier = res.json<{ identifier: string }>().identifier;
      const record = await store.getLicence(identifier);
      if (!record) throw new Error("issued licence not stored");
      return { identifier, token: record.publicToken };
    },
    async close() {
      await built.app.close();
      if (shared) return;
      await signing.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
