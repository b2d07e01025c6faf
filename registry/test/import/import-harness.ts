// A registry store, catalogue and service on a temp SQLite file with a frozen clock, and runImport collecting the
// report, for the import tests.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalogue, type Catalogue } from "../../src/catalogue/index.js";
import {
  runImport,
  type ImportOptions,
  type ImportSummary,
  type ReportSink,
  type RowProblem,
} from "../../src/conversion/index.js";
import { LicenceService } from "../../src/licences/licence-service.js";
import { openSqliteStore, type SqliteStore } from "../../src/store/sqlite-store.js";
import type { LicenceRecord } from "../../src/domain/licence.js";

export const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates");
export const NOW = new Date("2026-11-29T02:00:00Z");

export interface ImportHarness {
  dir: string;
  store: SqliteStore;
  catalogue: Catalogue;
  service: LicenceService;
  file(name: string): string;
  run(
    options: Partial<ImportOptions> & { file: string },
  ): Promise<{ summary: ImportSummary; problems: RowProblem[] }>;
  licences(): LicenceRecord[];
  close(): Promise<void>;
}

export async function startImportHarness(): Promise<ImportHarness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-import-test-"));
  const store = openSqliteStore(path.join(dir, "registry.sqlite"));
  await store.migrate();
  const catalogue = loadCatalogue(TEMPLATES);
  const service = new LicenceService(store, catalogue, () => NOW);
  return {
    dir,
    store,
    catalogue,
    service,
    file: (name) => path.join(dir, name),
    async run(options) {
      const problems: RowProblem[] = [];
      const collect: ReportSink = { problem: (p) => problems.push(p), finish: () => {}, abandon: () => {} };
      const extra = options.report;
      const report: ReportSink = extra
        ? {
            problem: (p) => (collect.problem(p), extra.problem(p)),
            finish: (s) => extra.finish(s),
            abandon: (r) => extra.abandon(r),
          }
        : collect;
      const summary = await runImport(
        { service, store, catalogue },
        {
          typeCode: "11100000MB0143028R013",
          department: "11441521MB2C97310M",
          operator: "cli:zhangwei",
          tmpDir: dir,
          ...options,
          report,
        },
      );
      return { summary, problems };
    },
    licences: () =>
      (
        store.db
          .prepare(
            "SELECT record FROM licences ORDER BY created_at, json_extract(record, '$.provenance.sourceRow'), identifier",
          )
          .pluck()
          .all() as string[]
      ).map((r) => JSON.parse(r) as LicenceRecord),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
