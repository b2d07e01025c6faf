// The `elicence` command line: serve, init, keys, audit, import, verify, backup, restore, reseal (the COMMANDS table
// below; each command's usage in usage.ts). Exit codes: 0 ok, 1 invalid / failed, 2 bad usage or input.
// Each command lives in commands/<name>.ts and is loaded only when named, so `--help` and a mistyped command answer
// without loading the registry.
import { inspect } from "node:util";
import { stdio, type Command, type Env, type Out } from "./context.js";
import { chooseLang, localeLang, type Lang } from "./lang.js";
import {
  COMMAND_USAGE,
  GROUP_USAGE,
  groupUsage,
  localUsage,
  USAGE,
  UsageError,
  type CommandName,
} from "./usage.js";

/** The command table: name → its module, imported on first use. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./commands/serve.js")).serveCommand,
  init: async () => (await import("./commands/init.js")).initCommand,
  keys: async () => (await import("./commands/keys.js")).keysCommand,
  audit: async () => (await import("./commands/audit.js")).auditCommand,
  import: async () => (await import("./commands/import.js")).importCommand,
  verify: async () => (await import("./commands/verify.js")).verifyCommand,
  backup: async () => (await import("./commands/backup.js")).backupCommand,
  restore: async () => (await import("./commands/restore.js")).restoreCommand,
  reseal: async () => (await import("./commands/reseal.js")).resealCommand,
};

export async function main(rawArgv: string[], output: Out = stdio, env: Env = process.env): Promise<number> {
  let chosen: { lang: Lang; argv: string[] };
  try {
    chosen = chooseLang(rawArgv, env);
  } catch (e) {
    return await report(e, USAGE, { ...output, lang: localeLang(env) }, env);
  }
  const { lang, argv } = chosen;
  const out: Out = { ...output, lang };
  const [command, ...rest] = argv;
  const usage = usageFor(argv);
  // --help is answered before configuration is read or anything is opened: asking must never create ./data.
  if (wantsHelp(argv) || command === "help") {
    out.log(localUsage(usage, lang));
    return 0;
  }
  if (!command) {
    out.err(localUsage(USAGE, lang));
    return 2;
  }
  try {
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load)
      throw new UsageError(
        lang === "zh"
          ? `没有 "${command}" 这个命令：请使用下列命令之一`
          : `unknown command "${command}": use one of the commands below`,
      );
    return await (
      await load()
    )(rest, out, env);
  } catch (e) {
    return await report(e, usage, out, env);
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
  if (command === "import" && sub === "template") return COMMAND_USAGE["import template"];
  if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command))
    return COMMAND_USAGE[command as CommandName];
  if (command === "verify") {
    const rest = argv.slice(1);
    if (rest.some((a) => a === "--qr" || a.startsWith("--qr="))) return COMMAND_USAGE["verify qr"];
    if (rest.some((a) => !a.startsWith("-"))) return COMMAND_USAGE["verify pdf"];
    return groupUsage("verify");
  }
  if (command !== undefined && Object.hasOwn(GROUP_USAGE, command)) {
    const key = `${command} ${sub}`;
    return Object.hasOwn(COMMAND_USAGE, key)
      ? COMMAND_USAGE[key as CommandName]
      : groupUsage(command as keyof typeof GROUP_USAGE);
  }
  return USAGE;
}

const FILE_ERRORS = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ELOOP", "ENAMETOOLONG"]);

/**
 * The one guard: a mistake the user can fix is one line naming it, then the command's usage, exit 2; anything else
 * is an internal fault, reported in one line with exit 1 (its stack trace only with ELICENCE_DEBUG=1).
 */
async function report(e: unknown, usage: string, out: Out, env: Env): Promise<number> {
  const zh = out.lang === "zh";
  const say = (en: string, zhText: string) => (zh ? zhText : en);
  const prefix = say("elicence: ", "elicence：");
  const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : "";
  if (e instanceof UsageError) {
    out.err(`${prefix}${e.message}\n\n${localUsage(e.usage === USAGE ? usage : e.usage, out.lang ?? "en")}`);
    return 2;
  }
  if (code.startsWith("ERR_PARSE_ARGS")) {
    // node:util parseArgs: unknown option, missing value, unexpected operand.
    out.err(
      `${prefix}${say("", "选项有误：")}${(e as Error).message}\n\n${localUsage(usage, out.lang ?? "en")}`,
    );
    return 2;
  }
  // The registry's error classes (and the Chinese words of every code) are loaded only when there is an error.
  const { ConfigError, RegistryError, REGISTRY_ERRORS, storageFault, describeStorageFault } =
    await import("@elicence/registry/errors");
  const words = zh ? await chineseWords() : undefined;
  if (e instanceof ConfigError) {
    out.err(`${prefix}${say("configuration error: ", "配置有误：")}${e.message}`);
    return 2;
  }
  // A full, read-only or failing data directory: the operator's to fix, named in one line (what to do is in the
  // code's words, or the check's own), exit 1, never an internal error with a stack trace.
  const fault = storageFault(e);
  if (fault) {
    const own = e instanceof RegistryError && e.message !== REGISTRY_ERRORS[fault.code].message;
    out.err(
      `${prefix}${describeStorageFault(fault)}: ${own ? (e as Error).message : (words?.get(fault.code)?.zh ?? REGISTRY_ERRORS[fault.code].message)}`,
    );
    return 1;
  }
  if (e instanceof RegistryError) {
    const own = words?.get(e.code)?.zh;
    out.err(`${prefix}${e.code}: ${own ?? e.message}`);
    // A message written for this case says more than the code's general words: kept, as written.
    if (own && e.message !== words?.get(e.code)?.en) out.err(`  (${e.message})`);
    for (const d of e.details) {
      const suggestion = d.suggestion
        ? say(` (did you mean ${d.suggestion}?)`, `（是否应为 ${d.suggestion}？）`)
        : "";
      out.err(`  ${d.field}: ${d.code}: ${words?.get(d.code)?.zh ?? d.message}${suggestion}`);
    }
    return 2;
  }
  if (code.startsWith("REG_")) {
    out.err(`${prefix}${words?.get(code)?.zh ?? (e as Error).message}`);
    return 2;
  }
  if (FILE_ERRORS.has(code) && e instanceof Error && "path" in e && typeof e.path === "string") {
    out.err(
      `${prefix}${say(`cannot open ${e.path} (${code}): check the path and its permissions`, `无法打开 ${e.path}（${code}）：请检查路径及其权限`)}\n\n${localUsage(usage, out.lang ?? "en")}`,
    );
    return 2;
  }
  const debug = env.ELICENCE_DEBUG === "1" || env.ELICENCE_DEBUG === "true";
  const message = e instanceof Error ? e.message : String(e);
  const known = code ? words?.get(code)?.zh : undefined;
  out.err(
    `${prefix}${say("internal error: ", "内部错误：")}${known ? `${code}: ${known} (${message})` : message}${debug ? "" : say(" (set ELICENCE_DEBUG=1 to print its stack trace)", "（设置 ELICENCE_DEBUG=1 可打印堆栈）")}`,
  );
  if (debug) out.err(e instanceof Error ? (e.stack ?? message) : inspect(e));
  return 1;
}

/** Every error code's general English message and Chinese words, from the one index of codes (docs/errors.md's). */
async function chineseWords(): Promise<Map<string, { en: string; zh: string | undefined }>> {
  const { errorSections } = await import("../error-docs.js");
  return new Map(
    errorSections().flatMap((s) => s.rows.map((r) => [r.code, { en: r.en, zh: r.zh || undefined }])),
  );
}
