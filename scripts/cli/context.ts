// What every command shares: where output goes, the repository root (templates, catalogue), the CLI's actor in the
// audit log, and opening the data directory's store for the length of one command.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RegistryConfig } from "@elicence/registry/offline";
import type { Runtime } from "@elicence/registry/runtime";

/** Where a command writes, and in which language it speaks to people (English when absent). */
export type Out = { log: (s: string) => void; err: (s: string) => void; lang?: "zh" | "en" };
export type Env = Record<string, string | undefined>;
/** One command: its arguments after the command name (and subcommand, for groups), the output, the environment. */
export type Command = (args: string[], out: Out, env: Env) => Promise<number>;

export const stdio: Out = {
  log: (s) => process.stdout.write(s + "\n"),
  err: (s) => process.stderr.write(s + "\n"),
};

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const CLI_ACTOR = { id: "cli", role: "admin", department: null };

export async function withRuntime(
  config: RegistryConfig,
  fn: (rt: Runtime) => Promise<number>,
): Promise<number> {
  const { openRuntime } = await import("@elicence/registry/runtime");
  const rt = await openRuntime(config);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function describeStore(config: RegistryConfig, lang: "zh" | "en" = "en"): string {
  if (lang === "zh")
    return config.store.kind === "sqlite"
      ? `数据目录 ${config.dataDir} `
      : `MongoDB 数据库 ${config.store.dbName ?? ""}（数据目录 ${config.dataDir}）`;
  return config.store.kind === "sqlite"
    ? `the data directory ${config.dataDir}`
    : `the MongoDB database ${config.store.dbName ?? ""} (data directory ${config.dataDir})`;
}

/** The sentence in the language `out` speaks: English unless the CLI chose Chinese. */
export function say(out: Pick<Out, "lang">, en: string, zh: string): string {
  return out.lang === "zh" ? zh : en;
}
