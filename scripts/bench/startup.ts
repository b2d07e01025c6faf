// The startup section of `npm run bench`: how long one `elicence` command takes as a process, compiled (dist/, what
// `npm ci` builds) beside the TypeScript sources through tsx (ELICENCE_RUN=source), with bare `node -e 0` as the
// floor: `elicence --help`, and `elicence verify FILE` on a licence sealed in a temporary data directory. Medians of
// N runs after one unmeasured run each; CPU is the child's user + system time.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { sealedLicence } from "../../test-support/sealed-licence.js";
import { buildCli } from "../build/build.js";
import { distState } from "../dist-state.mjs";
import type { BenchRow, BenchSection, SectionReport } from "./bench-section.js";
import { REPO_ROOT } from "./licence-jobs.js";
import { childrenCpuMs, summarize } from "./measure.js";

const BIN = path.join(REPO_ROOT, "scripts", "elicence.mjs");
const HELP_RUNS = 15;
const VERIFY_RUNS = 7;

interface Variant {
  name: string;
  argv: string[];
  env: Record<string, string>;
  runs: number;
  /** Exit code the command must end with for a run to count. */
  code: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;

function measure(v: Variant): BenchRow & { cpuMs: number[] } {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...v.env };
  const once = () => {
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, v.argv, { env, encoding: "utf8", timeout: 120_000 });
    const ms = performance.now() - t0;
    if (r.status !== v.code) throw new Error(`${v.name}: exit ${r.status}, expected ${v.code}: ${r.stderr}`);
    return { ms, cpuMs: childrenCpuMs() - cpu0 };
  };
  once();
  const samples = Array.from({ length: v.runs }, once);
  const wall = samples.map((s) => s.ms);
  const cpuMs = samples.map((s) => s.cpuMs);
  const seconds = wall.reduce((a, b) => a + b, 0) / 1000;
  return {
    variant: v.name,
    docs: v.runs,
    seconds,
    docsPerSecond: v.runs / seconds,
    p50Ms: median(wall),
    p99Ms: summarize(wall).p99Ms,
    cpuMsPerDoc: median(cpuMs),
    peakRssMb: Number.NaN,
    threads: 1,
    cpuMs,
  };
}

export const startupSection: BenchSection = {
  name: "startup",
  title: "Command startup: elicence as a process, compiled (dist/) vs TypeScript through tsx",
  async run(options): Promise<SectionReport> {
    if (!distState(REPO_ROOT).fresh) {
      options.log("startup: dist/ is missing or stale; building it");
      await buildCli();
    }
    options.log("startup: sealing a licence in a temporary data directory");
    const licence = await sealedLicence();
    try {
      const variants: Variant[] = [
        { name: "node -e 0 (floor)", argv: ["-e", "0"], env: {}, runs: HELP_RUNS, code: 0 },
        ...(["dist", "source"] as const).flatMap((run): Variant[] => [
          {
            name: `--help ${run === "dist" ? "compiled" : "tsx"}`,
            argv: [BIN, "--help"],
            env: { ELICENCE_RUN: run },
            runs: HELP_RUNS,
            code: 0,
          },
          {
            name: `verify FILE ${run === "dist" ? "compiled" : "tsx"}`,
            argv: [BIN, "verify", licence.file],
            env: { ...licence.env, ELICENCE_RUN: run },
            runs: VERIFY_RUNS,
            code: 0,
          },
        ]),
      ];
      const rows = variants
        .filter((v) => !options.only || v.name.includes(options.only))
        .map((v) => {
          options.log(`startup: ${v.name} × ${v.runs}`);
          return measure(v);
        });
      return {
        rows: rows.map(({ cpuMs: _cpuMs, ...row }) => row),
        notes: [
          "docs = runs; p50 ms = median wall time of one process, start to exit; CPU ms/doc = the child's median user + system time (10 ms ticks)",
          "compiled: scripts/elicence.mjs running dist/ (npm run build); tsx: the same bin with ELICENCE_RUN=source",
          "verify FILE: a freshly sealed licence against its data directory (SQLite, dev PKI): exit 0",
          `load average at the end: ${loadavg()
            .map((l) => l.toFixed(2))
            .join(" ")} (wall times grow with it; CPU times much less)`,
        ],
        details: { runs: Object.fromEntries(rows.map((r) => [r.variant, { cpuMs: r.cpuMs }])) },
      };
    } finally {
      await licence.close();
    }
  },
};
