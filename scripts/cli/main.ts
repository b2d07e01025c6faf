// The `elicence` command line. Exit codes: 0 ok, 1 invalid / failed, 2 bad usage or input.
// Each command lives in commands/<name>.ts and is loaded only when named, so `--help` and a mistyped command answer
// without loading the registry.
import { inspect } from "node:util";
import { stdio, type Command, type Env, type Out } from "./context.js";
import { COMMAND_USAGE, GROUP_USAGE, groupUsage, USAGE, UsageError, type CommandName } from "./usage.js";

/** The command table: name → its module, imported on first use. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./commands/serve.js")).serveCommand,
  init: async () => (await import("./commands/init.js")).initCommand,
  keys: async () => (await import("./commands/keys.js")).keysCommand,
  audit: async () => (await import("./commands/audit.js")).auditCommand,
  import: async () => (await import("./commands/import.js")).importCommand,
  verify: async () => (await import("./commands/verify.js")).verifyCommand,
  reseal: async () => (await import("./commands/reseal.js")).resealCommand,
};

export async function main(argv: string[], out: Out = stdio, env: Env = process.env): Promise<number> {
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
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}": use one of the commands below`);
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
  // The registry's error classes are loaded only when there is an error to report.
  const { ConfigError, RegistryError } = await import("@elicence/registry");
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
