// One variant of the import benchmark, run in a child process of its own (forked by import.ts, with --expose-gc) so
// that its peak RSS, heap and CPU time are its own. Receives an ImportVariantRequest over IPC, answers with a result.
//   import: a register (CSV or XLSX) into a fresh SQLite store, without sealing, as `elicence import --no-seal` does;
//   rows:   the XLSX row source alone over a large workbook (memory: the heap after full collections);
//   seal:   a small register imported, then its licences sealed in the background through the sealing pool.
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import {
  loadCatalogue,
  loadConfig,
  LicenceService,
  openSqliteStore,
  openBackgroundSealer,
  openRows,
  inspectFile,
  runImport,
  sealInBackground,
  type ImportSummary,
} from "@elicence/registry";
import { FOOD_DEPARTMENT, FOOD_TYPE } from "./import-register.js";
import { REPO_ROOT, TEMPLATES_DIR } from "./licence-jobs.js";
import { cpuMsSince, peakRssMb, summarize } from "./measure.js";
import { answerVariantRequest, type VariantMeasurement } from "./variant-process.js";

export type ImportVariantRequest =
  | { kind: "import"; file: string; workDir: string }
  | { kind: "rows"; file: string; workDir: string }
  | { kind: "seal"; file: string; workDir: string; threads: number; timestamp: boolean };

/**
 * docs: rows (import, rows) or sealed licences (seal); p50Ms/p99Ms: per row or per licence, the time of each batch
 * (import) or round (seal) over its size.
 */
export type ImportVariantResult = VariantMeasurement;

const gc = (globalThis as { gc?: () => void }).gc;
/** The heap kept after a full collection, in MB (needs --expose-gc; null without it). */
function heapMb(): number | null {
  if (!gc) return null;
  gc();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
}

function openStore(workDir: string) {
  const store = openSqliteStore(path.join(workDir, "registry.sqlite"));
  const catalogue = loadCatalogue(TEMPLATES_DIR);
  return { store, catalogue };
}

async function importVariant(file: string, workDir: string): Promise<ImportVariantResult> {
  const { store, catalogue } = openStore(workDir);
  await store.migrate();
  const service = new LicenceService(store, catalogue, () => new Date());
  const perRow: number[] = [];
  const heap: { rows: number; heapMb: number | null }[] = [{ rows: 0, heapMb: heapMb() }];
  let last = { t: 0, rows: 0 };
  let nextSample = 10_000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let summary: ImportSummary;
  try {
    summary = await runImport(
      { service, store, catalogue },
      {
        file,
        typeCode: FOOD_TYPE,
        department: FOOD_DEPARTMENT,
        operator: "bench",
        tmpDir: workDir,
        onProgress: (p) => {
          const rows = p.rowsRead - last.rows;
          if (rows > 0) perRow.push((p.elapsedMs - last.t) / rows);
          last = { t: p.elapsedMs, rows: p.rowsRead };
          if (p.rowsRead >= nextSample) {
            heap.push({ rows: p.rowsRead, heapMb: heapMb() });
            nextSample += 10_000;
          }
        },
      },
    );
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsSince(cpu0);
  return {
    docs: summary.counts.rows,
    seconds,
    ...summarize(perRow),
    cpuMs,
    peakRssMb: peakRssMb(),
    threads: 1,
    extra: {
      counts: summary.counts,
      problems: summary.problemsByCode,
      importSeconds: summary.seconds,
      heapAfterGcMb: heap,
    },
  };
}

async function rowsVariant(file: string, workDir: string): Promise<ImportVariantResult> {
  const facts = await inspectFile(file);
  const heap: { rows: number; heapMb: number | null }[] = [{ rows: 0, heapMb: heapMb() }];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  for await (const r of openRows(facts, { tmpDir: workDir })) {
    rows++;
    if (r.row % 20_000 === 0) heap.push({ rows: r.row, heapMb: heapMb() });
  }
  const seconds = (performance.now() - t0) / 1000;
  const heaps = heap.slice(1).map((h) => h.heapMb ?? 0);
  return {
    docs: rows,
    seconds,
    p50Ms: (seconds * 1000) / rows,
    p99Ms: Number.NaN,
    cpuMs: cpuMsSince(cpu0),
    peakRssMb: peakRssMb(),
    threads: 1,
    extra: {
      fileBytes: facts.bytes,
      heapAfterGcMb: heap,
      heapGrowthFromFirstSampleMb: heaps.length > 0 ? Math.max(...heaps) - heaps[0]! : null,
    },
  };
}

async function sealVariant(
  file: string,
  workDir: string,
  threads: number,
  timestamp: boolean,
): Promise<ImportVariantResult> {
  const config = loadConfig(
    { ELICENCE_DATA_DIR: workDir, ELICENCE_KEY_PASSPHRASE: "bench passphrase", LOG_LEVEL: "silent" },
    REPO_ROOT,
  );
  const { store, catalogue } = openStore(workDir);
  await store.migrate();
  try {
    const clock = () => new Date();
    const plain = new LicenceService(store, catalogue, clock);
    const imported = await runImport(
      { service: plain, store, catalogue },
      { file, typeCode: FOOD_TYPE, department: FOOD_DEPARTMENT, operator: "bench", tmpDir: workDir },
    );
    const startAt = performance.now();
    const background = await openBackgroundSealer(config, catalogue, clock(), {
      threads,
      types: [FOOD_TYPE],
      ...(timestamp ? {} : { tsaUrl: null }),
    });
    const startSeconds = (performance.now() - startAt) / 1000;
    try {
      const service = new LicenceService(store, catalogue, clock, {}, background.sealer);
      const perDoc: number[] = [];
      let last = { t: 0, sealed: 0 };
      const cpu0 = process.cpuUsage();
      const result = await sealInBackground({
        service,
        prefetch: { store, sealer: background.sealer },
        expected: imported.counts.imported,
        clock,
        onProgress: (p) => {
          const n = p.sealed - last.sealed;
          if (n > 0) perDoc.push((p.elapsedMs - last.t) / n);
          last = { t: p.elapsedMs, sealed: p.sealed };
        },
      });
      if (result.error) throw result.error;
      return {
        docs: result.sealed,
        seconds: result.seconds,
        ...summarize(perDoc),
        cpuMs: cpuMsSince(cpu0),
        peakRssMb: peakRssMb(),
        threads: background.threads,
        extra: {
          imported: imported.counts.imported,
          poolStartSeconds: startSeconds,
          level: timestamp ? "B-T (the dev PKI's TSA)" : "B-B (no timestamp)",
          unsealedLeft: (await store.findUnsealed(1)).length,
        },
      };
    } finally {
      await background.close();
    }
  } finally {
    await store.close();
  }
}

async function runVariant(r: ImportVariantRequest): Promise<ImportVariantResult> {
  const work = mkdtempSync(path.join(r.workDir, `${r.kind}-`));
  try {
    switch (r.kind) {
      case "import":
        return await importVariant(r.file, work);
      case "rows":
        return await rowsVariant(r.file, work);
      case "seal":
        return await sealVariant(r.file, work, r.threads, r.timestamp);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

answerVariantRequest(runVariant);
