// `elicence serve` with a clock that cannot be believed (issue 11): the store holds an event dated a year after the
// host's clock (the clock went back, or ran ahead before), so a plain start stops with REG_CLOCK_IMPLAUSIBLE before the
// PKI renews anything, and `serve --confirm-clock` starts, audited, and answers ready.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "@elicence/registry/offline";
import { cliEnv, freePort, runCli, startCli } from "../../test-support/cli-process.js";
import { main } from "./main.js";

const YEAR = 366 * 86_400_000;
let dir: string;
let dataDir: string;
let server: ReturnType<typeof startCli> | null = null;

/** The CLI in English whatever the machine's locale: the test reads its messages. */
const envFor = (port?: number): NodeJS.ProcessEnv =>
  cliEnv(dataDir, { LC_ALL: "C", LANG: "C", ...(port === undefined ? {} : { PORT: String(port) }) });

const auditActions = async (action: string) => {
  const store = openSqliteStore(path.join(dataDir, "registry.sqlite"));
  try {
    return (await store.auditByAction(action, "2000-01-01T00:00:00Z", "9999-01-01T00:00:00Z", 100)).items;
  } finally {
    await store.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-serve-clock-"));
  dataDir = path.join(dir, "data");
  const out: string[] = [];
  const code = await main(["init"], { log: (s) => out.push(s), err: (s) => out.push(s) }, envFor());
  expect(code, out.join("\n")).toBe(0);
  // An event dated a year after the host's clock, as a registry whose clock ran ahead would have left.
  const store = openSqliteStore(path.join(dataDir, "registry.sqlite"));
  const r = await store.apply({
    audit: [
      {
        actor: "system",
        role: "system",
        department: null,
        action: "test.future-event",
        target: "clock",
        holderCode: null,
        purpose: null,
        at: new Date(Date.now() + YEAR).toISOString(),
      },
    ],
  });
  expect(r.ok).toBe(true);
  await store.close();
}, 180_000);

afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("elicence serve and an implausible clock", () => {
  it("stops with REG_CLOCK_IMPLAUSIBLE (exit 2), naming the event and --confirm-clock", async () => {
    const run = await runCli(["serve"], envFor(await freePort()), 90_000);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("REG_CLOCK_IMPLAUSIBLE");
    expect(run.stderr).toContain("test.future-event");
    expect(run.stderr).toContain("--confirm-clock");
  });

  it("starts with --confirm-clock, records the confirmation in the audit log and answers ready", async () => {
    const port = await freePort();
    server = startCli(["serve", "--confirm-clock"], envFor(port));
    const deadline = Date.now() + 90_000;
    let body: { status?: string } = {};
    for (;;) {
      if (server.child.exitCode !== null)
        throw new Error(`serve exited:\n${server.out.stdout}\n${server.out.stderr}`);
      if (Date.now() > deadline) throw new Error(`serve not ready:\n${server.out.stderr}`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      if (res?.ok) {
        body = (await res.json()) as { status?: string };
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body.status).toBe("ready");
    expect(server.out.stdout).toContain("confirmed the clock");
    const stopped = new Promise((r) => server?.child.once("close", r));
    server.child.kill("SIGTERM");
    await stopped;
    const [event] = await auditActions("clock.confirm");
    expect(event).toMatchObject({ actor: "cli", purpose: "elicence serve --confirm-clock" });
    expect(event?.detail).toMatchObject({ clock: { state: "behind" } });
  });
});
