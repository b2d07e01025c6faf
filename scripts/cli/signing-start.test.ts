// Opening signing at start, through the real command (issue 11): a wrong ELICENCE_KEY_PASSPHRASE or passphrase file
// stops `serve` at once with REG_KEY_PASSPHRASE_WRONG naming where the passphrase came from; a PKI whose passphrase
// file is gone stops with REG_KEY_PASSPHRASE_MISSING and no new passphrase is made; a `serve` killed with SIGKILL in
// its very first start leaves nothing that blocks the next one (the lock is taken over, the half-made PKI set aside
// and made again). Each ends with the recovery: the right passphrase, or simply starting again, gives a ready server.
// Each start costs seconds on a shared machine: the time limits are ceilings, never measurements.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { cliEnv, freePort, runCli, startCli } from "../../test-support/cli-process.js";

const RIGHT = "the-right-passphrase-1";
const WRONG = "a-wrong-passphrase-22";
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), "elicence-signing-start-"));
  dirs.push(d);
  return d;
}

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env, 90_000);

/** A refusal at start: the named code, exit 2, one message and no stack trace. */
function expectRefused(run: { code: number | null; stderr: string }, code: string, names: string) {
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`elicence: ${code}: `);
  expect(run.stderr).toContain(names);
  expect(run.stderr).not.toMatch(/\n\s+at /u);
  expect(run.stderr).not.toContain("internal error");
}

/** Starts `serve`, waits until /readyz says ready (or it exits, or 90 s pass), then stops it with SIGTERM. */
async function serveUntilReady(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const server = startCli(["serve"], { ...env, PORT: String(port) });
  children.push(server.child);
  const exited = new Promise<number | null>((r) => server.child.on("exit", (c) => r(c)));
  let gone = false;
  void exited.then(() => (gone = true));
  let readyz: { statusCode: number; body: { status?: string } } | null = null;
  const deadline = Date.now() + 90_000;
  while (!gone && Date.now() < deadline) {
    readyz = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      async (r) => ({ statusCode: r.status, body: (await r.json()) as { status?: string } }),
      () => null,
    );
    if (readyz?.body.status === "ready") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  server.child.kill("SIGTERM");
  await exited;
  return { readyz, ...server.out };
}

describe("elicence serve: the key passphrase at start", () => {
  it("a wrong ELICENCE_KEY_PASSPHRASE stops serve at start naming the variable; the right one starts ready", async () => {
    const dir = dataDir();
    expect((await cli(["init"], cliEnv(dir, { ELICENCE_KEY_PASSPHRASE: RIGHT }))).code).toBe(0);

    const wrong = await cli(["serve"], cliEnv(dir, { ELICENCE_KEY_PASSPHRASE: WRONG }));
    expectRefused(wrong, "REG_KEY_PASSPHRASE_WRONG", "ELICENCE_KEY_PASSPHRASE");
    expect(wrong.stdout).not.toContain("listening");

    const right = await serveUntilReady(cliEnv(dir, { ELICENCE_KEY_PASSPHRASE: RIGHT }));
    expect(right.readyz).toMatchObject({ statusCode: 200, body: { status: "ready" } });
  }, 240_000);

  it("a wrong passphrase file stops serve naming the file; a missing one stops init and serve and is not made anew; restored, serve starts ready", async () => {
    const dir = dataDir();
    const file = path.join(dir, "pki", "passphrase");
    expect((await cli(["init"], cliEnv(dir))).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const generated = readFileSync(file, "utf8");

    writeFileSync(file, `${WRONG}\n`);
    expectRefused(await cli(["serve"], cliEnv(dir)), "REG_KEY_PASSPHRASE_WRONG", file);

    unlinkSync(file);
    const missing = await cli(["init"], cliEnv(dir));
    expectRefused(missing, "REG_KEY_PASSPHRASE_MISSING", "ELICENCE_KEY_PASSPHRASE");
    expect(missing.stderr).toContain(file);
    expect(existsSync(file)).toBe(false); // never replaced silently
    expectRefused(await cli(["serve"], cliEnv(dir)), "REG_KEY_PASSPHRASE_MISSING", file);
    expect(existsSync(file)).toBe(false);

    writeFileSync(file, generated, { mode: 0o600 });
    const restored = await serveUntilReady(cliEnv(dir));
    expect(restored.readyz).toMatchObject({ statusCode: 200, body: { status: "ready" } });
  }, 300_000);
});

describe("elicence serve killed during its first start", () => {
  it("the next start takes the dead process's lock over at once, remakes the half-created PKI and is ready", async () => {
    const dir = dataDir();
    const pki = path.join(dir, "pki");
    const env = cliEnv(dir, { ELICENCE_KEY_PASSPHRASE: RIGHT });
    const first = startCli(["serve"], { ...env, PORT: String(await freePort()) });
    children.push(first.child);
    const firstExit = new Promise((r) => first.child.on("exit", r));
    // Killed while it creates the PKI: it holds the lock and has written some keys, but no state.json yet.
    const keys = () => (existsSync(path.join(pki, "keys")) ? readdirSync(path.join(pki, "keys")) : []);
    for (let i = 0; i < 3_000 && !(existsSync(path.join(pki, ".lock")) && keys().length > 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    await firstExit;
    expect(existsSync(path.join(pki, ".lock"))).toBe(true);
    expect(keys().length).toBeGreaterThan(0);
    expect(existsSync(path.join(pki, "state.json"))).toBe(false);
    const halfMade = keys();

    const again = await serveUntilReady(env);
    expect(again.readyz).toMatchObject({ statusCode: 200, body: { status: "ready" } });
    expect(again.stdout).toContain(`took over the PKI lock left by process ${first.child.pid}`);
    expect(again.stdout).toMatch(
      /was cut short \(no state\.json\): its partial keys and certificates were moved to /u,
    );
    expect(again.stderr).not.toMatch(/\n\s+at /u);
    // The half-made keys are kept aside, not deleted; the PKI in use is a new, complete one.
    const abandoned = readdirSync(path.join(pki, "abandoned"));
    expect(abandoned).toHaveLength(1);
    expect(readdirSync(path.join(pki, "abandoned", abandoned[0]!, "keys")).sort()).toEqual(halfMade.sort());
    expect(existsSync(path.join(pki, "state.json"))).toBe(true);
    expect(keys().some((k) => halfMade.includes(k))).toBe(false);
    expect(existsSync(path.join(pki, ".lock"))).toBe(false);
  }, 240_000);
});
