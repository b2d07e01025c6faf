// What a benchmark section is to the runner (scripts/bench/run.ts): a name, a run function, rows for the printed
// table and details for its JSON file in bench-results/. New sections (registry, verification, …) implement this.

export interface BenchOptions {
  /** Measured seconds per variant (warm-up comes on top). */
  seconds: number;
  /** Warm-up seconds per variant. */
  warmupSeconds: number;
  /** Worker threads for the variants that use every core. */
  threads: number;
  /** Run only the variants whose name contains this (e.g. "pool-bb"); all when absent. */
  only?: string;
  /** Folder for result files (bench-results/ at the repository root). */
  outDir: string;
  log(line: string): void;
}

export interface BenchRow {
  variant: string;
  docs: number;
  seconds: number;
  docsPerSecond: number;
  /** Per-document time in milliseconds (how it is measured is in the section's notes). */
  p50Ms: number;
  p99Ms: number;
  /** Process CPU time (user + system, every thread) per document. */
  cpuMsPerDoc: number;
  peakRssMb: number;
  threads: number;
}

export interface SectionReport {
  rows: BenchRow[];
  /** How to read the rows: printed under the table and kept in the JSON. */
  notes: string[];
  /** Anything else worth keeping (per-variant extras); goes into the JSON file only. */
  details: Record<string, unknown>;
}

export interface BenchSection {
  name: string;
  title: string;
  run(options: BenchOptions): Promise<SectionReport>;
}
