// `npm run bench`: runs the benchmark sections in turn, prints a table for each and writes its JSON to
// bench-results/<section>.json. Add a section by implementing BenchSection and listing it in SECTIONS.
// Usage: npm run bench -- [section …] [--seconds N] [--warmup N] [--threads N] [--only VARIANT]
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { BenchOptions, BenchSection } from "./bench-section.js";
import { formatTable } from "./format-table.js";
import { importSection } from "./import.js";
import { memorySection } from "./memory.js";
import { janitorSection } from "./janitor.js";
import { REPO_ROOT } from "./licence-jobs.js";
import { qrSizeSection } from "./qr-size.js";
import { signingSection } from "./signing.js";
import { startupSection } from "./startup.js";
import { statusSection } from "./status.js";
import { validationSection } from "./validation.js";

const SECTIONS: BenchSection[] = [
  signingSection,
  statusSection,
  validationSection,
  qrSizeSection,
  importSection,
  startupSection,
  memorySection,
  janitorSection,
];

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model,
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seconds: { type: "string", default: "15" },
      warmup: { type: "string", default: "3" },
      threads: { type: "string", default: String(os.availableParallelism()) },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      `usage: npm run bench -- [${SECTIONS.map((s) => s.name).join("|")} …] [--seconds N] [--warmup N] [--threads N] [--only VARIANT]`,
    );
    return 0;
  }
  const unknown = positionals.filter((p) => !SECTIONS.some((s) => s.name === p));
  if (unknown.length > 0) {
    console.error(
      `unknown section(s): ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.name).join(", ")}`,
    );
    return 2;
  }
  const options: BenchOptions = {
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    threads: Number(values.threads),
    ...(values.only ? { only: values.only } : {}),
    outDir: path.join(REPO_ROOT, "bench-results"),
    log: (line) => console.error(line),
  };
  if (![options.seconds, options.warmupSeconds, options.threads].every((n) => Number.isFinite(n) && n > 0)) {
    console.error("--seconds, --warmup and --threads take positive numbers");
    return 2;
  }
  await mkdir(options.outDir, { recursive: true });
  const chosen = positionals.length > 0 ? SECTIONS.filter((s) => positionals.includes(s.name)) : SECTIONS;
  for (const section of chosen) {
    const startedAt = new Date();
    const report = await section.run(options);
    // A filtered run does not overwrite the section's full results.
    const file = path.join(options.outDir, `${section.name}${options.only ? `.${options.only}` : ""}.json`);
    const json = {
      section: section.name,
      title: section.title,
      startedAt,
      machine: machine(),
      options: { seconds: options.seconds, warmupSeconds: options.warmupSeconds, threads: options.threads },
      ...report,
    };
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(
      `\n${section.title} — ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? "?"}, node ${process.version}`,
    );
    // A section without throughput rows (qr: sizes) prints its own table in its notes.
    if (report.rows.length > 0) console.log(formatTable(report.rows));
    for (const note of report.notes) console.log(`  · ${note}`);
    console.log(`  → ${path.relative(process.cwd(), file)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
