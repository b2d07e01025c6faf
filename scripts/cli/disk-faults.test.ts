// `elicence serve` on a data directory that is read-only, full, or short of ELICENCE_DISK_MIN_FREE: one line naming the
// fault (REG_STORAGE_*) and what to do, exit 1, no stack trace. Started on a healthy disk, it says "not ready" on
// /readyz while the disk is full, ready again once space returns, and stops cleanly on SIGTERM even while full.
// Real faults on a small tmpfs (needs root; skipped with the reason otherwise, failed under ELICENCE_REQUIRE_TOOLS=1).
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, freePort, runCli, startCli } from "../../test-support/cli-process.js";
import { mountTmpfs, rootAvailable, type Tmpfs } from "../../test-support/tmpfs.js";

const MiB = 1024 * 1024;
const root = rootAvailable("elicence serve on a faulty disk");

/** The one line a refused start prints: the code, the system's reason, what to do; never a stack frame. */
function expectOneNamedLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /mu);
}

describe.runIf(root)("elicence serve on a faulty disk", () => {
  let disk: Tmpfs;
  let dataDir: string;
  beforeAll(async () => {
    disk = mountTmpfs(40 * MiB);
    dataDir = path.join(disk.dir, "data");
    const init = await runCli(["init"], cliEnv(dataDir), 120_000);
    expect(init.code, init.stderr).toBe(0);
  }, 150_000);
  afterAll(() => {
    try {
      disk?.readWrite();
    } finally {
      disk?.unmount();
    }
  });

  it("refuses to start on a read-only data directory: REG_STORAGE_READ_ONLY (EROFS), exit 1", async () => {
    disk.readOnly();
    try {
      const run = await runCli(["serve"], cliEnv(dataDir, { ELICENCE_DISK_MIN_FREE: "0" }), 90_000);
      expect(run.code).toBe(1);
      expectOneNamedLine(
        run.stderr,
        /^elicence: REG_STORAGE_READ_ONLY \(EROFS on .+\): .*remount .* read-write/iu,
      );
    } finally {
      disk.readWrite();
    }
  }, 100_000);

  it("refuses to start on a full disk (REG_STORAGE_FULL, ENOSPC) or one short of ELICENCE_DISK_MIN_FREE", async () => {
    const short = await runCli(["serve", "--lang", "en"], cliEnv(dataDir), 90_000);
    expect(short.code).toBe(1);
    // 40 MiB of tmpfs is less than the default 256 MiB the disk must keep free.
    expectOneNamedLine(
      short.stderr,
      /^elicence: REG_STORAGE_FULL: .* free, less than ELICENCE_DISK_MIN_FREE \(256 MiB\)/u,
    );

    disk.fill();
    try {
      const full = await runCli(["serve"], cliEnv(dataDir, { ELICENCE_DISK_MIN_FREE: "0" }), 90_000);
      expect(full.code).toBe(1);
      expectOneNamedLine(full.stderr, /^elicence: REG_STORAGE_FULL \(ENOSPC on .+\): /u);
    } finally {
      disk.unfill();
    }
  }, 200_000);

  it("serving: not ready while the disk is full, ready again when space returns; stops cleanly even while full", async () => {
    // A crash's leftover: the janitor's sweep at start removes it and says so in one line.
    const leftover = path.join(dataDir, "documents", "ab", `${"ab".repeat(32)}.pdf.4242-1.tmp`);
    mkdirSync(path.dirname(leftover), { recursive: true });
    writeFileSync(leftover, "half a PDF");
    const dayAgo = (Date.now() - 86_400_000) / 1000;
    utimesSync(leftover, dayAgo, dayAgo);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startCli(
      ["serve"],
      cliEnv(dataDir, { ELICENCE_DISK_MIN_FREE: "1MiB", PORT: String(port) }),
    );
    try {
      const readyz = async () => {
        const res = await fetch(`${base}/readyz`);
        return {
          status: res.status,
          body: (await res.json()) as { checks: Record<string, { state: string; code?: string }> },
        };
      };
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (server.child.exitCode !== null) throw new Error(`serve exited:\n${server.out.stderr}`);
        if (Date.now() > deadline) throw new Error(`serve not ready:\n${server.out.stderr}`);
        if (
          await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // The sweep runs in the background after the listen: its line comes when it is done.
      for (let i = 0; !server.out.stdout.includes("janitor removed") && i < 300; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(server.out.stdout).toMatch(/janitor removed 1 temp files, 0 orphan documents/u);
      expect(existsSync(leftover)).toBe(false);
      const healthy = await readyz();
      expect(healthy.status).toBe(200);
      expect(healthy.body.checks.disk).toEqual({ state: "ok" });

      disk.fill();
      const full = await readyz();
      expect(full.status).toBe(503);
      expect(full.body.checks.disk).toMatchObject({ state: "down", code: "REG_STORAGE_FULL" });

      disk.unfill();
      const again = await readyz();
      expect(again.status).toBe(200);

      disk.fill();
      const exited = new Promise<number | null>((resolve) =>
        server.child.once("exit", (code) => resolve(code)),
      );
      server.child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(server.out.stderr).not.toMatch(/^\s+at /mu);
    } finally {
      disk.unfill();
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
    }
  }, 150_000);
});
