// The PKI directory lock after a crash: a lock whose owner died on this host (or whose pid now belongs to another
// process) is taken over at once, a live owner's is waited for and then refused with SIG_PKI_LOCKED naming the owner,
// and an owner that cannot be checked (another host, no owner file) is taken over only after two minutes.
// waitMs 0 means "no waiting at all": a takeover that were not immediate would fail these tests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withDirLock, type LockOwner } from "./dir-lock.js";
import { PkiError } from "./pki-error.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "elicence-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that was alive a moment ago and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(r.stdout.toString());
}

/** A lock as a process would leave it; null: an older version's (an empty directory, no owner). */
function placeLock(owner: Partial<LockOwner> | null, ageMs = 0): string {
  const lock = join(dir, ".lock");
  if (owner) writeFileSync(lock, JSON.stringify(owner));
  else mkdirSync(lock);
  if (ageMs > 0) {
    const t = new Date(Date.now() - ageMs);
    utimesSync(lock, t, t);
  }
  return lock;
}

const since = new Date().toISOString();

describe("withDirLock", () => {
  it("records its owner while held and removes the lock afterwards", async () => {
    const seen = await withDirLock(dir, async () => JSON.parse(readFileSync(join(dir, ".lock"), "utf8")));
    expect(seen).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof seen.since).toBe("string");
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });

  it("takes over at once a lock whose owner died on this host (a first start killed with SIGKILL)", async () => {
    const owner = { pid: deadPid(), host: hostname(), since };
    placeLock(owner);
    const onTakeover = vi.fn();
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0, onTakeover })).resolves.toBe("ran");
    expect(onTakeover).toHaveBeenCalledWith(owner);
  });

  it("takes over a lock whose pid now belongs to another process (restarted container: same pid, new process)", async () => {
    placeLock({ pid: process.pid, host: hostname(), since, started: "1" });
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0 })).resolves.toBe("ran");
  });

  it("waits for a live owner, then refuses with SIG_PKI_LOCKED naming it, and leaves its lock alone", async () => {
    const held = withDirLock(dir, () => new Promise((r) => setTimeout(r, 1_500)));
    await new Promise((r) => setTimeout(r, 100));
    const err = await withDirLock(dir, async () => "ran", { waitMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PkiError);
    expect((err as PkiError).code).toBe("SIG_PKI_LOCKED");
    expect((err as PkiError).message).toContain(`process ${process.pid} on ${hostname()}`);
    expect(JSON.parse(readFileSync(join(dir, ".lock"), "utf8"))).toMatchObject({ pid: process.pid });
    await held;
    // Released: the next one gets it.
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0 })).resolves.toBe("ran");
  });

  it("does not take over a lock from another host or without an owner until it is two minutes old", async () => {
    placeLock({ pid: 1, host: "another-host.example", since });
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0 })).rejects.toMatchObject({
      code: "SIG_PKI_LOCKED",
    });
    rmSync(join(dir, ".lock"), { recursive: true, force: true });
    placeLock({ pid: 1, host: "another-host.example", since }, 121_000);
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0 })).resolves.toBe("ran");

    placeLock(null);
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0 })).rejects.toMatchObject({
      code: "SIG_PKI_LOCKED",
    });
    rmSync(join(dir, ".lock"), { recursive: true, force: true });
    placeLock(null, 121_000);
    await expect(withDirLock(dir, async () => "ran", { waitMs: 0 })).resolves.toBe("ran");
  });

  it("lets one holder in at a time", async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withDirLock(dir, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 20));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
