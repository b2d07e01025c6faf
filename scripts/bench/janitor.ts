// The janitor section of `npm run bench`: one sweep of a data directory holding N sealed documents, each named by a
// licence (and a seal-usage entry), plus 1 % orphans and 1 % crash .tmp files, all older than the grace period. What a
// sweep costs: wall time, CPU, memory, and the longest the event loop was held (requests wait that long), since
// finding orphans walks every licence and seal-usage row (a page of 5,000 at a time, yielding between pages).
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Janitor, openSqliteStore } from "@elicence/registry";
import type { BenchRow, BenchSection, SectionReport } from "./bench-section.js";
import { cpuMsSince, peakRssMb } from "./measure.js";

const SIZES = [10_000, 100_000];
const DAY_AGO = (Date.now() - 86_400_000) / 1000;

async function sweepOnce(n: number): Promise<BenchRow & { removed: number; stallMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-bench-janitor-"));
  try {
    const store = openSqliteStore(path.join(dir, "registry.sqlite"));
    await store.migrate();
    // Rows written directly (setup, not measured): the columns the schema requires and the record's document hash.
    const db = store.db;
    const insertLicence = db.prepare(
      `INSERT INTO licences (identifier, lineage, version, type_code, issuer_code, holder_code, state, valid_until,
         public_token, revision, created_at, record) VALUES (?, ?, 1, 't', 'i', 'h', '01', NULL, ?, 1, 'x', ?)`,
    );
    const insertUsage = db.prepare(
      `INSERT INTO seal_usage (seal_serial, seal_certificate_sha256, department, identifier, document_sha256, level, at)
       VALUES ('s', 'c', 'd', ?, ?, 'B-B', 'x')`,
    );
    const docs = path.join(dir, "documents");
    const write = (sha: string, name = `${sha}.pdf`) => {
      const file = path.join(docs, sha.slice(0, 2), name);
      writeFileSync(file, "%PDF");
      utimesSync(file, DAY_AGO, DAY_AGO);
    };
    for (let i = 0; i < 256; i++)
      mkdirSync(path.join(docs, i.toString(16).padStart(2, "0")), { recursive: true });
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const sha = createHash("sha256").update(`doc ${i}`).digest("hex");
        insertLicence.run(`L${i}`, `L${i}`, `T${i}`, JSON.stringify({ documentSha256: sha }));
        insertUsage.run(`L${i}`, sha);
        write(sha);
        if (i % 100 === 0) {
          write(createHash("sha256").update(`orphan ${i}`).digest("hex"));
          write(sha, `${sha}.pdf.4242-${i}.tmp`);
        }
      }
    })();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const report = await new Janitor({ dataDir: dir, store }).sweep();
    const ms = performance.now() - t0;
    delay.disable();
    const cpuMs = cpuMsSince(cpu);
    await store.close();
    const expected = 2 * Math.ceil(n / 100);
    if (report.orphanDocuments + report.tmpFiles !== expected)
      throw new Error(`janitor: removed ${report.orphanDocuments + report.tmpFiles}, expected ${expected}`);
    const files = n + expected;
    return {
      variant: `sweep ${n.toLocaleString("en")} documents`,
      docs: files,
      seconds: ms / 1000,
      docsPerSecond: files / (ms / 1000),
      p50Ms: ms,
      p99Ms: ms,
      cpuMsPerDoc: cpuMs / files,
      peakRssMb: peakRssMb(),
      threads: 1,
      removed: expected,
      stallMs: delay.max / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const janitorSection: BenchSection = {
  name: "janitor",
  title: "Janitor: one sweep of a data directory (documents, licences, orphans, crash .tmp files)",
  async run(options): Promise<SectionReport> {
    const rows = [];
    for (const n of SIZES) {
      options.log(`janitor: ${n} documents`);
      rows.push(await sweepOnce(n));
    }
    return {
      rows: rows.map(({ removed: _r, stallMs: _s, ...row }) => row),
      notes: [
        "docs = files in documents/ (N named + 1 % orphans + 1 % .tmp); p50 ms = the one sweep's wall time; CPU ms/doc = this process's CPU per file",
        `longest event-loop stall during a sweep (ms): ${rows.map((r) => `${r.variant}: ${r.stallMs.toFixed(1)}`).join("; ")}`,
        "peak RSS is the process's so far (the larger size includes the setup)",
      ],
      details: { stallMs: Object.fromEntries(rows.map((r) => [r.variant, r.stallMs])) },
    };
  },
};
