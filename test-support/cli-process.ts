// The `elicence` command as a child process, for tests that need a real process (a server to stop with a signal, a
// command beside a running server), and a free TCP port to give it.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables of the caller's shell that would point a command at another store, port, key or behaviour. */
const OUTSIDE = /^(ELICENCE_|MONGODB_)|^(REDIS_URL|LOG_LEVEL|PORT|HOST|NODE_ENV)$/u;

/**
 * A clean environment for a command on `dataDir`: nothing from the caller's shell (another store, port, passphrase,
 * base URL, log level) leaks in; `extra` (e.g. `{ PORT: "8123" }`) is applied last.
 */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!OUTSIDE.test(k)) env[k] = v;
  return { ...env, ELICENCE_DATA_DIR: dataDir, HOST: "127.0.0.1", ...extra };
}

/** Starts `elicence ARGS` in the repository, collecting its output as it comes. */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [path.join(REPO, "scripts/elicence.mjs"), ...args], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (b: Buffer) => (out.stdout += b.toString("utf8")));
  child.stderr?.on("data", (b: Buffer) => (out.stderr += b.toString("utf8")));
  return { child, out };
}

/** Runs `elicence ARGS` to completion; never rejects (a hung command is killed after `killAfterMs`: code null). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<Run> {
  const { child, out } = startCli(args, env);
  const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
