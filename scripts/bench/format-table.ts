// Prints benchmark rows as an aligned text table (what `npm run bench` shows on the terminal).
import type { BenchRow } from "./bench-section.js";

const COLUMNS: { title: string; value: (r: BenchRow) => string; left?: boolean }[] = [
  { title: "variant", value: (r) => r.variant, left: true },
  { title: "threads", value: (r) => String(r.threads) },
  { title: "docs", value: (r) => String(r.docs) },
  { title: "seconds", value: (r) => r.seconds.toFixed(1) },
  { title: "docs/s", value: (r) => fixed(r.docsPerSecond) },
  { title: "p50 ms", value: (r) => fixed(r.p50Ms) },
  { title: "p99 ms", value: (r) => fixed(r.p99Ms) },
  { title: "CPU ms/doc", value: (r) => fixed(r.cpuMsPerDoc) },
  { title: "peak RSS MB", value: (r) => (Number.isFinite(r.peakRssMb) ? r.peakRssMb.toFixed(0) : "-") },
];

/** Three significant figures at least, so 0.031 ms and 38000/s both read well. */
function fixed(v: number): string {
  if (!Number.isFinite(v)) return "-";
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

export function formatTable(rows: readonly BenchRow[]): string {
  const cells = [COLUMNS.map((c) => c.title), ...rows.map((r) => COLUMNS.map((c) => c.value(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (COLUMNS[i]?.left ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)].join("\n");
}
