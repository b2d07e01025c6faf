// The `elicence` command line: serve, init, keys, audit. Exit codes: 0 ok, 1 invalid / failed, 2 bad usage or input.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import os from "node:os";
import { inspect } from "node:util";
import { performance } from "node:perf_hooks";
import {
  buildApp,
  ConfigError,
  ImportError,
  LicenceService,
  openReport,
  runImport,
  TerminalProgress,
  type ImportSummary,
  type ReportSink,
  type RowProblem,
  KeyService,
  loadConfig,
  loggerOptions,
  openRuntime,
  RegistryError,
  ROLES,
  verifyAuditChain,
  type RegistryConfig,
  type Runtime,
  openSigning,
  DocumentStore,
  rootSpkiSha256Hex,
} from "@elicence/registry";
import {
  openBackgroundSealer,
  progressLine,
  sealInBackground,
  sealingLine,
  teeReport,
  type SealingSummary,
} from "@elicence/registry/import/index.js";
import { verifyPdfCommand } from "./verify-pdf.js";
import { verifyQrCommand } from "./verify-qr.js";
import { COMMAND_USAGE, groupUsage, USAGE, UsageError, type CommandName } from "./usage.js";
import { existsSync } from "node:fs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

type Out = { log: (s: string) => void; err: (s: string) => void };
const stdio: Out = { log: (s) => process.stdout.write(s + "\n"), err: (s) => process.stderr.write(s + "\n") };

const CLI_ACTOR = { id: "cli", role: "admin", department: null };

export async function main(
  argv: string[],
  out: Out = stdio,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  const usage = usageFor(argv);
  // --help is answered before configuration is read or anything is opened: asking must never create ./data.
  if (wantsHelp(argv) || command === "help") {
    out.log(usage);
    return 0;
  }
  if (!command) {
    out.err(USAGE);
    return 2;
  }
  try {
    return await run(command, rest, out, env);
  } catch (e) {
    return report(e, usage, out, env);
  }
}

/** `--help`/`-h` anywhere before a `--` (after it, they are operands). */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** The usage of the most specific command named on the line; the top-level usage when none is. */
function usageFor(argv: string[]): string {
  const [command, sub] = argv;
  if (command === "serve" || command === "init" || command === "import") return COMMAND_USAGE[command];
  if (command === "verify") {
    const rest = argv.slice(1);
    if (rest.some((a) => a === "--qr" || a.startsWith("--qr="))) return COMMAND_USAGE["verify qr"];
    if (rest.some((a) => !a.startsWith("-"))) return COMMAND_USAGE["verify pdf"];
    return groupUsage("verify");
  }
  if (command === "keys" || command === "audit") {
    const key = `${command} ${sub}`;
    return key in COMMAND_USAGE ? COMMAND_USAGE[key as CommandName] : groupUsage(command);
  }
  return USAGE;
}

const FILE_ERRORS = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ELOOP", "ENAMETOOLONG"]);

/**
 * The one guard: a mistake the user can fix is one line naming it, then the command's usage, exit 2; anything else
 * is an internal fault, reported in one line with exit 1 (its stack trace only with ELICENCE_DEBUG=1).
 */
function report(e: unknown, usage: string, out: Out, env: Record<string, string | undefined>): number {
  const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : "";
  if (e instanceof UsageError) {
    out.err(`elicence: ${e.message}\n\n${e.usage === USAGE ? usage : e.usage}`);
    return 2;
  }
  if (code.startsWith("ERR_PARSE_ARGS")) {
    // node:util parseArgs: unknown option, missing value, unexpected operand.
    out.err(`elicence: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (e instanceof ConfigError) {
    out.err(`elicence: configuration error: ${e.message}`);
    return 2;
  }
  if (e instanceof RegistryError) {
    out.err(`elicence: ${e.code}: ${e.message}`);
    for (const d of e.details)
      out.err(
        `  ${d.field}: ${d.code}: ${d.message}${d.suggestion ? ` (did you mean ${d.suggestion}?)` : ""}`,
      );
    return 2;
  }
  if (code.startsWith("REG_")) {
    out.err(`elicence: ${(e as Error).message}`);
    return 2;
  }
  if (FILE_ERRORS.has(code) && e instanceof Error && "path" in e && typeof e.path === "string") {
    out.err(`elicence: cannot open ${e.path} (${code}): check the path and its permissions\n\n${usage}`);
    return 2;
  }
  const debug = env.ELICENCE_DEBUG === "1" || env.ELICENCE_DEBUG === "true";
  const message = e instanceof Error ? e.message : String(e);
  out.err(
    `elicence: internal error: ${message}${debug ? "" : " (set ELICENCE_DEBUG=1 to print its stack trace)"}`,
  );
  if (debug) out.err(e instanceof Error ? (e.stack ?? message) : inspect(e));
  return 1;
}

async function run(
  command: string,
  rest: string[],
  out: Out,
  env: Record<string, string | undefined>,
): Promise<number> {
  if (!["serve", "init", "keys", "audit", "import", "verify"].includes(command))
    throw new UsageError(`unknown command "${command}": use one of the commands below`);
  if (command === "serve" || command === "init") {
    if (rest.length > 0)
      throw new UsageError(
        `elicence ${command} takes no arguments; unexpected "${rest[0]}"`,
        COMMAND_USAGE[command],
      );
  }
  const config = loadConfig(env, REPO_ROOT);
  switch (command) {
    case "serve":
      return await serve(config, out);
    case "init":
      return await withRuntime(config, async (rt) => {
        const signing = await openSigning(config, rt.catalogue, new Date());
        await signing.close();
        out.log(`data directory: ${config.dataDir}`);
        out.log(
          `PKI: ${signing.created ? "created" : "present"} in ${path.join(config.dataDir, "pki")} (${signing.pki.departments().length} department e-seals)`,
        );
        out.log(`store: ${rt.store.kind}, schema version ${rt.migrated.to}`);
        out.log(`licence types: ${rt.catalogue.list().length}`);
        return 0;
      });
    case "keys":
      return await keys(config, rest, out);
    case "audit":
      return await audit(config, rest, out);
    case "import":
      return await importRegister(config, rest, out);
    default:
      if (rest.some((a) => a === "--qr" || a.startsWith("--qr=")))
        return await verifyQrCommand(rest, out, config);
      return await verifyPdfCommand(rest, out, config);
  }
}

async function withRuntime(config: RegistryConfig, fn: (rt: Runtime) => Promise<number>): Promise<number> {
  const rt = await openRuntime(config);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function serve(config: RegistryConfig, out: Out): Promise<number> {
  const rt = await openRuntime(config);
  const signing = await openSigning(config, rt.catalogue, new Date());
  const documents = new DocumentStore(path.join(config.dataDir, "documents"));
  const { app, service } = await buildApp({
    store: rt.store,
    catalogue: rt.catalogue,
    logger: loggerOptions(config.logLevel),
    baseUrl: config.baseUrl,
    signing: { pki: signing.pki, sealer: signing.sealer, documents },
    serviceItems: rt.serviceItems,
    redisUrl: config.redisUrl,
    imports: { dir: path.join(config.dataDir, "imports") },
    expose: { metrics: config.publicMetrics, tsa: config.publicTsa },
    trustProxy: config.trustProxy,
  });
  const sweep = async () => {
    try {
      const n = await service.sweepExpired();
      if (n > 0) app.log.info({ changed: n }, "sweep recorded lapsed licences and renewals that took effect");
    } catch (e) {
      app.log.error({ err: e }, "expiry sweep failed");
    }
  };
  // Bulk conversions store licences first; their PDFs are sealed here, in the background, a batch at a time.
  let sealing = false;
  const sealPending = async () => {
    if (sealing) return;
    sealing = true;
    try {
      for (let n = await service.sealPending(); n > 0; n = await service.sealPending())
        app.log.info({ sealed: n }, "sealed pending licence documents");
    } catch (e) {
      app.log.error({ err: e }, "background sealing failed");
    } finally {
      sealing = false;
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), 3600_000);
  timer.unref();
  const sealTimer = setInterval(() => void sealPending(), 5_000);
  sealTimer.unref();
  const address = await app.listen({ port: config.port, host: config.host });
  const anyKey = (await rt.store.listKeys()).some((k) => k.role === "admin" && !k.revokedAt);
  out.log(`eLicence registry listening on ${address}  (API docs: ${address}/docs)`);
  out.log(
    `data directory: ${config.dataDir} (${rt.store.kind}); ${rt.catalogue.list().length} licence types`,
  );
  out.log(
    `${signing.created ? "created" : "loaded"} the DEVELOPMENT PKI (not for production): ${signing.pki.departments().length} department e-seals; root CA at ${config.baseUrl}/pki/certs/root.pem`,
  );
  // What the verifier page pins (its footer shows it): an operator compares the two.
  out.log(`trust anchor (root SPKI SHA-256): ${rootSpkiSha256Hex(signing.pki.root)}`);
  if (!anyKey) {
    out.log("No admin key exists yet. Create the first one (it is printed once):");
    out.log("  npx elicence keys create --role admin");
    out.log("then keys for departments, e.g.: npx elicence keys create --role issuer --department <USCC>");
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  clearInterval(timer);
  clearInterval(sealTimer);
  await app.close();
  await signing.close();
  await rt.close();
  return 0;
}

async function keys(config: RegistryConfig, args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "create" && sub !== "list" && sub !== "revoke")
    throw new UsageError(
      sub === undefined
        ? "elicence keys needs a subcommand: create, list or revoke"
        : `unknown subcommand "keys ${sub}": use create, list or revoke`,
      groupUsage("keys"),
    );
  const usage = COMMAND_USAGE[`keys ${sub}`];
  // Each subcommand accepts only its own options, so a misplaced one is named rather than ignored.
  const options = {
    create: {
      role: { type: "string" },
      department: { type: "string" },
      label: { type: "string" },
      json: { type: "boolean" },
      init: { type: "boolean" },
    },
    list: { json: { type: "boolean" } },
    revoke: { reason: { type: "string" } },
  } as const;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: sub === "revoke",
    strict: true,
    options: { ...options.create, ...options.list, ...options.revoke },
  });
  const allowed: Record<string, unknown> = options[sub];
  const foreign = Object.keys(values).find((k) => !(k in allowed));
  if (foreign) throw new UsageError(`elicence keys ${sub} does not take --${foreign}`, usage);
  if (sub === "create") {
    if (!values.role) throw new UsageError(`--role is required (${ROLES.join(", ")})`, usage);
    if (config.store.kind === "sqlite" && !existsSync(config.store.path)) {
      // A fresh store here would hold a key that the running server (on its own store) rejects: say where we
      // looked, and create one only when asked.
      if (!values.init)
        throw new UsageError(
          `no store in the data directory ${config.dataDir} (no ${path.basename(config.store.path)}): start the registry once (npm start), set ELICENCE_DATA_DIR to its data directory, or pass --init to create a new store there`,
          usage,
        );
    }
    // With MONGODB_URL the store is a database the operator provisioned, shared by serve and this command; an
    // empty one is what a first deployment looks like, so it is not refused (nothing in the data directory decides).
  }
  if (sub === "revoke") {
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length ? "elicence keys revoke takes one key id" : "the key id is missing",
        usage,
      );
    if (!values.reason) throw new UsageError("--reason is required", usage);
  }
  return withRuntime(config, async (rt) => {
    const svc = new KeyService(rt.store, () => new Date());
    switch (sub) {
      case "create": {
        const { key, record } = await svc.create(CLI_ACTOR, {
          role: values.role!,
          department: values.department ?? null,
          label: values.label ?? null,
        });
        if (values.json) out.log(JSON.stringify({ key, ...record }));
        else {
          out.log(key);
          out.err(
            `created ${record.role} key ${record.id}${record.department ? ` for ${record.department}` : ""} in ${describeStore(config)}; store it now, it is not shown again`,
          );
        }
        return 0;
      }
      case "list": {
        const list = await svc.list();
        if (values.json) out.log(JSON.stringify(list));
        else
          for (const k of list)
            out.log(
              `${k.id}  ${k.role.padEnd(7)}  ${k.department ?? "-".padEnd(18)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : "active"}  ${k.label ?? ""}`,
            );
        return 0;
      }
      case "revoke": {
        const r = await svc.revoke(CLI_ACTOR, positionals[0]!, values.reason!);
        out.log(`revoked ${r.id} at ${r.revokedAt ?? ""}`);
        return 0;
      }
    }
  });
}

function describeStore(config: RegistryConfig): string {
  return config.store.kind === "sqlite"
    ? `the data directory ${config.dataDir}`
    : `the MongoDB database ${config.store.dbName ?? ""} (data directory ${config.dataDir})`;
}

async function audit(config: RegistryConfig, args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "verify")
    throw new UsageError(
      sub === undefined
        ? "elicence audit needs a subcommand: verify"
        : `unknown subcommand "audit ${sub}": use verify`,
      groupUsage("audit"),
    );
  const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
  return withRuntime(config, async (rt) => {
    const r = await verifyAuditChain(rt.store);
    if (values.json) out.log(JSON.stringify(r));
    else if (r.ok)
      out.log(`audit chain intact: ${r.events} events, head #${r.head?.seq ?? 0} ${r.head?.hash ?? ""}`);
    else
      out.err(
        `audit chain BROKEN at event #${r.firstBreak?.seq ?? "?"}: ${r.firstBreak?.message ?? ""} (${r.events} events before it verified)`,
      );
    return r.ok ? 0 : 1;
  });
}

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
        `  row ${p.row}${where}: ${p.code}: ${p.message}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ""}`,
      );
    },
    finish() {
      if (total > shown)
        out.err(`  … ${total - shown} more problems; write them all with --report OUT.csv (or OUT.xlsx)`);
    },
    abandon() {},
  };
}

function describeImport(s: ImportSummary): string[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const c = s.counts;
  return [
    `${s.typeName} ${s.typeCode} from ${s.file} (${s.encoding ?? s.format}, sha256 ${s.fileSha256.slice(0, 16)}…), department ${s.department}, operator ${s.operator}`,
    `header row ${s.headerRow}: ${s.columns.map((col) => col.header).join(", ")}${s.ignoredColumns.length ? `; ignored: ${s.ignoredColumns.join(", ")}` : ""}`,
    `${n(c.rows)} rows: ${s.dryRun ? "would import" : "imported"} ${n(c.imported)}, already imported ${n(c.alreadyImported)}, invalid ${n(c.invalid)}, duplicates ${n(c.duplicates)}, conflicts ${n(c.conflicts)}${c.blank ? `, blank ${n(c.blank)}` : ""}`,
    ...(s.scans
      ? [`scans: ${n(s.scans.matched)} of ${n(s.scans.files)} files in ${s.scans.dir} matched a stored row`]
      : []),
    `${s.seconds.toFixed(1)} s, ${n(Math.round(s.rowsPerSecond))} rows/s${s.dryRun ? " (dry run: nothing was stored)" : ""}${s.cancelled ? " (stopped early: re-run the same file to finish)" : ""}`,
  ];
}

type SealingOutcome = SealingSummary & { threads: number; kind: string };

function describeSealing(r: SealingOutcome): string {
  const how = r.kind === "pool" ? `${r.threads} sealing worker${r.threads === 1 ? "" : "s"}` : "in process";
  const stopped = r.cancelled
    ? " (stopped early: the rest is sealed by the next import or by elicence serve)"
    : "";
  return `sealed ${r.sealed.toLocaleString("en-US")} licence PDFs in ${r.seconds.toFixed(1)} s, ${r.docsPerSecond.toFixed(1)} docs/s (${how})${stopped}`;
}

async function importRegister(config: RegistryConfig, args: string[], out: Out): Promise<number> {
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
        for (const line of describeImport(summary)) out.log(line);
        if (sealing) out.log(describeSealing(sealing));
        if (values.report) out.log(`report: ${path.resolve(values.report)}`);
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
}

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
  });
  try {
    const service = new LicenceService(rt.store, rt.catalogue, clock, {}, background.sealer);
    let last = "";
    const result = await sealInBackground({
      service,
      store: rt.store,
      sealer: background.sealer,
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
    error: e ? { code: "code" in e && typeof e.code === "string" ? e.code : null, message: e.message } : null,
  };
}
