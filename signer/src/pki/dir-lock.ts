// A cross-process lock on the PKI directory, so two processes starting at once do not both create a PKI.
//
// The lock is the file <dir>/.lock holding its owner (pid, host, when, and the process's identity: the boot and the
// start time of that pid, so that a pid reused after a restart is not mistaken for the owner). It is written under a
// temporary name and hard-linked into place (link() fails if .lock exists: atomic), so a lock never exists without
// its owner. A lock whose
// owner is dead on this host (a first start killed with SIGKILL, a container restarted) is taken over at once; one
// from another host, or without an owner file (an older version), only once it is two minutes old.
import { readFileSync } from "node:fs";
import { link, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { PkiError } from "./pki-error.js";

const STALE_MS = 120_000;

export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** /proc/sys/kernel/random/boot_id, where there is one. */
  boot?: string;
  /** The owner process's start time in clock ticks since boot (/proc/<pid>/stat field 22), where there is one. */
  started?: string;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The start time of process `pid` from /proc (undefined where there is no /proc or no such process). */
function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

function bootId(): string | undefined {
  return readProc("/proc/sys/kernel/random/boot_id")?.trim();
}

function me(): LockOwner {
  const boot = bootId();
  const started = processStart(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(boot ? { boot } : {}),
    ...(started ? { started } : {}),
  };
}

/** "dead" only when certain: same host, and the pid is gone, or belongs to another process or another boot. */
export function ownerState(owner: LockOwner): "alive" | "dead" | "unknown" {
  if (owner.host !== hostname()) return "unknown";
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return "dead";
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the pid exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return "dead";
  }
  const started = processStart(owner.pid);
  if (owner.started && started && owner.started !== started) return "dead";
  return "alive";
}

async function readOwner(lock: string): Promise<LockOwner | undefined> {
  try {
    const o = JSON.parse(await readFile(lock, "utf8")) as Partial<LockOwner>;
    if (typeof o.pid === "number" && typeof o.host === "string" && typeof o.since === "string")
      return o as LockOwner;
  } catch {
    // An older version's lock (an empty directory) or an unreadable one: judged by its age.
  }
  return undefined;
}

/** Places <dir>/.lock, complete with its owner; false when another lock (file or older version's directory) is there. */
async function tryLock(dir: string, lock: string): Promise<boolean> {
  const temp = join(dir, `.lock-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(temp, JSON.stringify(me()), { flag: "wx" });
    await link(temp, lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

export interface DirLockOptions {
  /** How long to wait for a live owner before giving up with SIG_PKI_LOCKED (default 30 s). */
  waitMs?: number;
  /** Told when a lock left by a dead process is taken over (for the operator's log). */
  onTakeover?: (owner: LockOwner | undefined) => void;
}

/** Runs `task` holding <dir>/.lock. */
export async function withDirLock<T>(
  dir: string,
  task: () => Promise<T>,
  options: DirLockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lock = join(dir, ".lock");
  const started = Date.now();
  for (;;) {
    if (await tryLock(dir, lock)) break;
    const owner = await readOwner(lock);
    const age = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    const state = owner ? ownerState(owner) : "unknown";
    if (state === "dead" || (state === "unknown" && age > STALE_MS)) {
      // Another process may have taken the stale lock over since it was read: remove only the lock judged.
      const again = await readOwner(lock);
      if (JSON.stringify(again) !== JSON.stringify(owner)) continue;
      options.onTakeover?.(owner);
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > waitMs) {
      const who = owner
        ? `process ${owner.pid} on ${owner.host} since ${owner.since}`
        : `an unknown process (no owner recorded) for ${Math.round(age / 1000)} s`;
      throw new PkiError(
        "SIG_PKI_LOCKED",
        `${lock} is held by ${who}; waited ${Math.round(waitMs / 1000)} s. Let that process finish or stop it; remove ${lock} only if no process is using this PKI.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return await task();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
