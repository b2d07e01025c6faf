// A throwaway redis-server for tests that need a real one (live status, its outages): no persistence, loopback only.
// Given a port it starts there (a restart after a kill keeps the URL the registry was configured with).
import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./cli-process.js";

export interface RedisServer {
  url: string;
  port: number;
  proc: ChildProcess;
}

export async function startRedis(port?: number): Promise<RedisServer> {
  const p = port ?? (await freePort());
  const proc = spawn(
    "redis-server",
    ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${p}`;
  for (let i = 0; i < 100; i++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { url, port: p, proc };
    } catch {
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  proc.kill();
  throw new Error(`redis-server did not start on port ${p}`);
}

/** Stops it for good (continuing it first if it was frozen with SIGSTOP, so SIGKILL is not left pending). */
export async function stopRedis(server: RedisServer | undefined): Promise<void> {
  const proc = server?.proc;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGCONT");
  proc.kill("SIGKILL");
  await exited;
}
