// `elicence import`: convert a paper register into licences, then seal their PDFs.
import path from "node:path";
import os from "node:os";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import {
  ImportError,
  LicenceService,
  loadConfig,
  openBackgroundSealer,
  openReport,
  runImport,
  sealInBackground,
  TerminalProgress,
  type ImportSummary,
  type RegistryConfig,
  type ReportSink,
  type RowProblem,
  type Runtime,
  progressLine,
  sealingLine,
  teeReport,
  type SealingSummary,
  chineseText,
} from "@elicence/registry";
import { CLI_ACTOR, REPO_ROOT, say, withRuntime, type Command, type Out } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

/** Without --report, the first problems go to stderr so a small register can be fixed straight away. */
function terminalReport(out: Out, limit: number): ReportSink {
  let shown = 0;
  let total = 0;
  return {
    problem(p: RowProblem) {
      total++;
      if (shown >= limit) return;
      shown++;
      const where = p.column
        ? ` [${p.columnLetter && p.columnLetter !== p.column ? `${p.columnLetter} ` : ""}${p.column}]`
        : "";
      out.err(
        say(
          out,
          `  row ${p.row}${where}: ${p.code}: ${p.message}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ""}`,
          `  第 ${p.row} 行${where}：${p.code}：${chineseText(p.code)}${p.suggestion ? `（是否应为 ${p.suggestion}？）` : ""}`,
        ),
      );
    },
    finish() {
      if (total > shown)
        out.err(
          say(
            out,
            `  … ${total - shown} more problems; write them all with --report OUT.csv (or OUT.xlsx)`,
            `  … 另有 ${total - shown} 个问题；用 --report 报告.csv（或 .xlsx）全部写出`,
          ),
        );
    },
    abandon() {},
  };
}

function describeImport(s: ImportSummary, lang: Out["lang"]): string[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const c = s.counts;
  const columns = s.columns.map((col) => col.header);
  if (lang === "zh")
    return [
      `${s.typeName} ${s.typeCode}，来自 ${s.file}（${s.encoding ?? s.format}，sha256 ${s.fileSha256.slice(0, 16)}…），部门 ${s.department}，操作人 ${s.operator}`,
      `表头在第 ${s.headerRow} 行：${columns.join("、")}${s.ignoredColumns.length ? `；忽略的列：${s.ignoredColumns.join("、")}` : ""}`,
      `共 ${n(c.rows)} 行：${s.dryRun ? "可导入" : "已导入"} ${n(c.imported)}，此前已导入 ${n(c.alreadyImported)}，有误 ${n(c.invalid)}，重复 ${n(c.duplicates)}，冲突 ${n(c.conflicts)}${c.blank ? `，空行 ${n(c.blank)}` : ""}`,
      ...(s.scans
        ? [`扫描件：${s.scans.dir} 中 ${n(s.scans.files)} 个文件有 ${n(s.scans.matched)} 个对应到已保存的行`]
        : []),
      `${s.seconds.toFixed(1)} 秒，每秒 ${n(Math.round(s.rowsPerSecond))} 行${s.dryRun ? "（试运行：未保存任何内容）" : ""}${s.cancelled ? "（提前停止：重新运行同一文件即可完成）" : ""}`,
    ];
  return [
    `${s.typeName} ${s.typeCode} from ${s.file} (${s.encoding ?? s.format}, sha256 ${s.fileSha256.slice(0, 16)}…), department ${s.department}, operator ${s.operator}`,
    `header row ${s.headerRow}: ${columns.join(", ")}${s.ignoredColumns.length ? `; ignored: ${s.ignoredColumns.join(", ")}` : ""}`,
    `${n(c.rows)} rows: ${s.dryRun ? "would import" : "imported"} ${n(c.imported)}, already imported ${n(c.alreadyImported)}, invalid ${n(c.invalid)}, duplicates ${n(c.duplicates)}, conflicts ${n(c.conflicts)}${c.blank ? `, blank ${n(c.blank)}` : ""}`,
    ...(s.scans
      ? [`scans: ${n(s.scans.matched)} of ${n(s.scans.files)} files in ${s.scans.dir} matched a stored row`]
      : []),
    `${s.seconds.toFixed(1)} s, ${n(Math.round(s.rowsPerSecond))} rows/s${s.dryRun ? " (dry run: nothing was stored)" : ""}${s.cancelled ? " (stopped early: re-run the same file to finish)" : ""}`,
  ];
}

type SealingOutcome = SealingSummary & { threads: number; kind: string };

/** Licences whose own sealing failed, named (identifiers only) so the operator can look each one up. */
function describeFailed(r: SealingOutcome, lang: Out["lang"]): string {
  if (r.failed.length === 0) return "";
  const shown = r.failed.slice(0, 5).map((f) => `${f.identifier} (${f.code})`);
  const more = r.failed.length > shown.length ? ", …" : "";
  return lang === "zh"
    ? `；${r.failed.length} 本无法盖章，已搁置或待 elicence serve 重试，其余照常盖章（GET /api/v1/licences/{identifier} 的 document.reason 说明原因）：${shown.join("、")}${more}`
    : `; ${r.failed.length} could not be sealed and were set aside (parked, or retried by elicence serve) while the others were sealed; GET /api/v1/licences/{identifier} shows document.reason: ${shown.join(", ")}${more}`;
}

function describeSealing(r: SealingOutcome, lang: Out["lang"]): string {
  if (lang === "zh")
    return `已为 ${r.sealed.toLocaleString("en-US")} 本证照盖章生成 PDF，用时 ${r.seconds.toFixed(1)} 秒，每秒 ${r.docsPerSecond.toFixed(1)} 份（${r.kind === "pool" ? `${r.threads} 个盖章线程` : "本进程内"}）${r.cancelled ? "（提前停止：其余由下次导入或 elicence serve 完成）" : ""}${describeFailed(r, lang)}`;
  const how = r.kind === "pool" ? `${r.threads} sealing worker${r.threads === 1 ? "" : "s"}` : "in process";
  const stopped = r.cancelled
    ? " (stopped early: the rest is sealed by the next import or by elicence serve)"
    : "";
  return `sealed ${r.sealed.toLocaleString("en-US")} licence PDFs in ${r.seconds.toFixed(1)} s, ${r.docsPerSecond.toFixed(1)} docs/s (${how})${stopped}${describeFailed(r, lang)}`;
}

/** `elicence import FILE --type CODE --department USCC …`, or `elicence import template …`. */
export const importCommand: Command = async (args, out, env) => {
  // `import template …` is the template subcommand; a register file named "template" is imported as ./template.
  if (args[0] === "template")
    return (await import("./import-template.js")).importTemplateCommand(args.slice(1), out, env);
  const config = loadConfig(env, REPO_ROOT);
  const usage = COMMAND_USAGE.import;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      type: { type: "string" },
      department: { type: "string" },
      scans: { type: "string" },
      "dry-run": { type: "boolean" },
      report: { type: "string" },
      json: { type: "boolean" },
      operator: { type: "string" },
      "batch-size": { type: "string" },
      "no-seal": { type: "boolean" },
      "seal-threads": { type: "string" },
    },
  });
  const file = positionals[0];
  const integer = (name: "batch-size" | "seal-threads", max: number): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!(/^\d+$/u.test(raw) && n >= 1 && n <= max))
      throw new UsageError(`--${name} must be a whole number from 1 to ${max}, not "${raw}"`, usage);
    return n;
  };
  const batchSize = integer("batch-size", 5000);
  const sealThreads = integer("seal-threads", 64);
  if (!file) throw new UsageError("the register FILE to import is missing", usage);
  if (positionals.length > 1)
    throw new UsageError(`import takes one FILE; unexpected "${positionals[1]}"`, usage);
  if (!values.type) throw new UsageError("--type CODE (the licence type) is required", usage);
  if (!values.department) throw new UsageError("--department USCC is required", usage);
  return withRuntime(config, async (rt) => {
    const clock = () => new Date();
    const service = new LicenceService(rt.store, rt.catalogue, clock);
    let report: ReportSink | undefined;
    const meter = new TerminalProgress(process.stderr, () => performance.now());
    // Ctrl-C stops between batches, so everything stored is whole and a re-run picks up the rest.
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once("SIGINT", onSigint);
    try {
      let summary: ImportSummary;
      try {
        report = values.report ? openReport(path.resolve(values.report)) : undefined;
        const sinks = [report, values.json ? undefined : terminalReport(out, 20)].filter(
          (x): x is ReportSink => x !== undefined,
        );
        summary = await runImport(
          { service, store: rt.store, catalogue: rt.catalogue },
          {
            file: path.resolve(file),
            typeCode: values.type!,
            department: values.department!,
            operator: values.operator ?? `cli:${os.userInfo().username}`,
            dryRun: values["dry-run"] ?? false,
            ...(values.scans !== undefined ? { scansDir: path.resolve(values.scans) } : {}),
            report: teeReport(sinks),
            ...(batchSize !== undefined ? { batchSize } : {}),
            onProgress: (p) => meter.update(progressLine(p)),
            signal: stop.signal,
            xlsxLimits: config.limits,
          },
        );
      } catch (e) {
        meter.done();
        await report?.abandon(e instanceof Error ? e.message : String(e));
        if (e instanceof ImportError) {
          out.err(`elicence import: ${e.code}: ${e.message}`);
          for (const d of e.details) out.err(`  ${d}`);
          return 2;
        }
        throw e;
      }
      meter.done();
      let sealing: SealingOutcome | null = null;
      const seal =
        !summary.dryRun &&
        !summary.cancelled &&
        !values["no-seal"] &&
        (await rt.store.findUnsealed(1)).length > 0;
      if (seal) sealing = await sealStored(config, rt, summary, meter, stop.signal, sealThreads);
      if (values.json)
        out.log(JSON.stringify(sealing ? { ...summary, sealing: sealingJson(sealing) } : summary));
      else {
        for (const line of describeImport(summary, out.lang)) out.log(line);
        if (sealing) out.log(describeSealing(sealing, out.lang));
        if (values.report) out.log(say(out, "report: ", "报告：") + path.resolve(values.report));
      }
      if (sealing?.error) {
        out.err(
          `elicence import: sealing stopped: ${sealing.error.message}; the licences are stored, and the ones left unsealed are sealed by the next import or by elicence serve`,
        );
      }
      const c = summary.counts;
      return c.invalid + c.duplicates + c.conflicts > 0 || summary.cancelled || sealing?.error ? 1 : 0;
    } finally {
      process.removeListener("SIGINT", onSigint);
    }
  });
};

/** Seals what the import stored (and anything an earlier run left unsealed), with a progress line. */
async function sealStored(
  config: RegistryConfig,
  rt: Runtime,
  summary: ImportSummary,
  meter: TerminalProgress,
  signal: AbortSignal,
  threads: number | undefined,
): Promise<SealingOutcome> {
  const clock = () => new Date();
  meter.update("sealing: starting the sealing workers …");
  const background = await openBackgroundSealer(config, rt.catalogue, clock(), {
    types: [summary.typeCode],
    ...(threads !== undefined ? { threads } : {}),
    baseUrl: { store: rt.store, actor: CLI_ACTOR },
  });
  try {
    const service = new LicenceService(rt.store, rt.catalogue, clock, {}, background.sealer);
    let last = "";
    const result = await sealInBackground({
      service,
      prefetch: { store: rt.store, sealer: background.sealer },
      expected: summary.counts.imported,
      clock,
      onProgress: (p) => {
        last = sealingLine(p);
        meter.update(last);
      },
      signal,
    });
    meter.done(last || undefined);
    return { ...result, threads: background.threads, kind: background.kind };
  } finally {
    await background.close();
  }
}

function sealingJson(r: SealingOutcome): Record<string, unknown> {
  const e = r.error;
  return {
    sealed: r.sealed,
    seconds: r.seconds,
    docsPerSecond: r.docsPerSecond,
    threads: r.threads,
    kind: r.kind,
    cancelled: r.cancelled,
    failed: r.failed.map((f) => ({
      identifier: f.identifier,
      code: f.code,
      parked: f.parked,
      retryAt: f.retryAt,
    })),
    error: e ? { code: "code" in e && typeof e.code === "string" ? e.code : null, message: e.message } : null,
  };
}
