// `elicence verify FILE.pdf|DIR… [--json] [--report OUT.csv] [--threads N]`: validates sealed licence PDFs with the
// same engine as the API — trust from the data directory's PKI root, revocation from that PKI, live status and stored
// document hash from the store. Many files go through the worker pool; one row per file in the report.
// Exit 0 every file TOTAL-PASSED, 1 any TOTAL-FAILED (or unreadable), 3 otherwise any INDETERMINATE, 2 bad usage.
import { existsSync } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeReportCsv, type VerifyRow } from "./verify-report.js";
import { say, type Out } from "./context.js";
import { COMMAND_USAGE, UsageError } from "./usage.js";
import {
  loadPki,
  trustListBody,
  type KeyStore,
  DEFAULT_LIMITS,
  ValidationPool,
  type LiveStatusPort,
  type ValidationReport,
} from "@elicence/signer/verify";
import {
  type RegistryConfig,
  openMigratedStore,
  type Store,
  liveStatusFromStore,
  revocationFromPki,
} from "@elicence/registry/offline";

const USAGE = COMMAND_USAGE["verify pdf"];
const EXIT: Record<ValidationReport["verdict"], number> = {
  "TOTAL-PASSED": 0,
  "TOTAL-FAILED": 1,
  INDETERMINATE: 3,
};
const MARK: Record<string, string> = { VALID: "ok  ", INVALID: "FAIL", SKIPPED: "skip", ERROR: "ERR " };

/** Validation reads no private key: a key store that refuses every use keeps it that way. */
const NO_KEYS: KeyStore = {
  generate: () => Promise.reject(new Error("elicence verify uses no private keys")),
  get: () => Promise.reject(new Error("elicence verify uses no private keys")),
  has: () => Promise.resolve(false),
  close: () => Promise.resolve(),
};

/** At most `limit + 1` bytes: enough for the size check to refuse a larger file without reading it all. */
async function readUpTo(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const buf = new Uint8Array(Math.min(size, limit + 1));
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await handle.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buf.subarray(0, at);
  } finally {
    await handle.close();
  }
}

export function describeReport(file: string, r: ValidationReport, lang: "zh" | "en" = "en"): string[] {
  const lines = [`${file}: ${r.verdict}`, `  ${r.summary.zh}`, `  ${r.summary.en}`];
  if (r.identifier) lines.push(lang === "zh" ? `  证照 ${r.identifier}` : `  licence ${r.identifier}`);
  for (const c of r.checks)
    lines.push(
      `  ${MARK[c.status] ?? c.status} ${c.name.padEnd(20)} ${c.reason.code}  ${c.reason.message[lang]}`,
    );
  return lines;
}

/** The PDFs a set of operands names: files as given, directories walked (sorted, `*.pdf` in any case). */
async function collectFiles(operands: string[]): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && /\.pdf$/iu.test(e.name)) files.push(full);
    }
  };
  for (const operand of operands) {
    try {
      const s = await stat(operand);
      if (s.isDirectory()) await walk(operand);
      else files.push(operand);
    } catch (e) {
      const code = e instanceof Error && "code" in e ? String(e.code) : "";
      problems.push(`cannot read ${operand}${code ? ` (${code})` : ""}: check the path and its permissions`);
    }
  }
  return { files, problems };
}

type Verdict = ValidationReport["verdict"];

/** The exit code of a set: any failure → 1, else any indeterminate → 3, else 0. */
function exitOf(verdicts: Iterable<Verdict | "UNREADABLE">): number {
  let exit = 0;
  for (const v of verdicts) {
    if (v === "TOTAL-FAILED" || v === "UNREADABLE") return 1;
    if (v === "INDETERMINATE") exit = 3;
  }
  return exit;
}

export async function verifyPdfCommand(args: string[], out: Out, config: RegistryConfig): Promise<number> {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, report: { type: "string" }, threads: { type: "string" } },
  });
  if (parsed.positionals.length === 0)
    throw new UsageError("the FILE.pdf or DIR to verify is missing", USAGE);
  const threadsRaw = parsed.values.threads;
  if (threadsRaw !== undefined && !/^[1-9]\d{0,2}$/u.test(threadsRaw))
    throw new UsageError(`--threads must be a whole number from 1 to 999, not "${threadsRaw}"`, USAGE);
  const { files, problems } = await collectFiles(parsed.positionals);
  if (problems.length > 0) throw new UsageError(problems.join("; "), USAGE);
  const reportPath = parsed.values.report;
  if (reportPath !== undefined && !/\.csv$/iu.test(reportPath))
    throw new UsageError(`--report writes CSV: name a file ending in .csv, not "${reportPath}"`, USAGE);
  // One file named as a file, without --report: the detailed report (or the report object with --json).
  const single = files.length === 1 && parsed.positionals.length === 1 && parsed.positionals[0] === files[0];
  const pkiDir = path.join(config.dataDir, "pki");
  if (!existsSync(path.join(pkiDir, "state.json")))
    throw new UsageError(
      `no PKI in ${pkiDir}: run \`elicence init\` first (the root it creates is the trust anchor), or set ELICENCE_DATA_DIR`,
      USAGE,
    );
  if (files.length === 0) {
    out.err(
      say(
        out,
        `elicence verify: no PDF files in ${parsed.positionals.join(", ")}`,
        `elicence verify：${parsed.positionals.join("、")} 中没有 PDF 文件`,
      ),
    );
    if (reportPath) await writeReportCsv(path.resolve(reportPath), []);
    return 0;
  }
  const now = new Date();
  const clock = () => now;
  const threads = Math.min(
    threadsRaw !== undefined ? Number(threadsRaw) : availableParallelism(),
    availableParallelism(),
    files.length,
  );
  // The workers load while this thread loads the PKI and opens the store.
  const pool = new ValidationPool({ size: threads });
  pool.start();
  let store: Store | undefined;
  let liveStatus: LiveStatusPort | undefined;
  let pki: Awaited<ReturnType<typeof loadPki>>;
  try {
    pki = await loadPki(pkiDir, NO_KEYS);
    try {
      ({ store } = await openMigratedStore(config));
      liveStatus = liveStatusFromStore(store, clock);
    } catch (e) {
      out.err(
        `elicence verify: the registry store is unavailable (${e instanceof Error ? e.message : String(e)}); checking without live status`,
      );
    }
  } catch (e) {
    await pool.close();
    throw e;
  }
  try {
    const trust = { rootDer: new Uint8Array(pki.root.rawData), trustList: await trustListBody(pki, now) };
    const validateFile = async (file: string): Promise<VerifyRow> => {
      let bytes: Uint8Array;
      try {
        bytes = await readUpTo(path.resolve(file), DEFAULT_LIMITS.maxBytes);
      } catch (e) {
        return { file, error: e instanceof Error ? e.message : String(e) };
      }
      const report = await pool.validate(bytes, {
        // The data directory's own list: which seals are listed, revoked, and which licence types each may seal.
        trust,
        now,
        revocation: revocationFromPki(pki, clock),
        ...(liveStatus ? { liveStatus } : {}),
      });
      return { file, report };
    };
    if (single && !reportPath) {
      const row = await validateFile(files[0]!);
      if (!row.report)
        throw new UsageError(
          `cannot read ${row.file}: ${row.error ?? ""}: check the path and its permissions`,
          USAGE,
        );
      if (parsed.values.json) out.log(JSON.stringify(row.report));
      else for (const line of describeReport(row.file, row.report, out.lang)) out.log(line);
      return EXIT[row.report.verdict];
    }
    // Many files: a bounded number in flight (the pool queues at most a hundred), results in the files' order.
    const rows: VerifyRow[] = new Array<VerifyRow>(files.length);
    let next = 0;
    const runner = async () => {
      for (let i = next++; i < files.length; i = next++) {
        rows[i] = await validateFile(files[i]!);
        if (!parsed.values.json) out.log(rowLine(rows[i]!));
      }
    };
    await Promise.all(Array.from({ length: threads * 2 }, runner));
    const totals = tally(rows);
    if (parsed.values.json)
      out.log(JSON.stringify({ checkedAt: now.toISOString(), totals, files: rows.map(rowJson) }));
    else
      out.log(
        say(
          out,
          `${files.length} files: ${totals.passed} passed, ${totals.failed} failed, ${totals.indeterminate} indeterminate${totals.unreadable ? `, ${totals.unreadable} unreadable` : ""} (${threads} worker${threads === 1 ? "" : "s"})`,
          `${files.length} 个文件：${totals.passed} 个通过，${totals.failed} 个未通过，${totals.indeterminate} 个无法确定${totals.unreadable ? `，${totals.unreadable} 个无法读取` : ""}（${threads} 个工作线程）`,
        ),
      );
    if (reportPath) {
      await writeReportCsv(path.resolve(reportPath), rows);
      if (!parsed.values.json) out.log(say(out, `report: `, `报告：`) + path.resolve(reportPath));
    }
    return exitOf(rows.map((r) => r.report?.verdict ?? "UNREADABLE"));
  } finally {
    await pool.close();
    await store?.close();
  }
}

function rowLine(r: VerifyRow): string {
  if (!r.report) return `UNREADABLE     ${r.file}: ${r.error ?? ""}`;
  const reason = r.report.reason ? `  ${r.report.reason.code}` : "";
  return `${r.report.verdict.padEnd(14)} ${r.file}${r.report.identifier ? `  ${r.report.identifier}` : ""}${reason}`;
}

function rowJson(r: VerifyRow): Record<string, unknown> {
  return r.report ? { file: r.file, report: r.report } : { file: r.file, error: r.error };
}

function tally(rows: VerifyRow[]) {
  const t = { passed: 0, failed: 0, indeterminate: 0, unreadable: 0 };
  for (const r of rows) {
    const v = r.report?.verdict;
    if (v === "TOTAL-PASSED") t.passed++;
    else if (v === "TOTAL-FAILED") t.failed++;
    else if (v === "INDETERMINATE") t.indeterminate++;
    else t.unreadable++;
  }
  return t;
}
