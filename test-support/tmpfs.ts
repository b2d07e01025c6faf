// A small tmpfs as a data directory, for tests of a full or read-only disk: fill() takes every free byte (writes then
// fail with ENOSPC), unfill() gives them back; readOnly()/readWrite() remount it. Mounting needs root: rootAvailable()
// says why a suite skips, or fails it under ELICENCE_REQUIRE_TOOLS=1 (as toolsAvailable does for missing programs).
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hasTool } from "./tools.js";

/** True when this process may mount a tmpfs (root, mount installed); otherwise prints why the suite skips. */
export function rootAvailable(suite: string): boolean {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && hasTool("mount") && hasTool("umount")) return true;
  const msg = `${suite}: skipped because it mounts a small tmpfs as the data directory, which needs ${root ? "mount and umount installed" : "root (run the tests as root, e.g. in the CI container)"}`;
  if (process.env.ELICENCE_REQUIRE_TOOLS === "1") throw new Error(msg.replace("skipped", "cannot run"));
  console.warn(msg);
  return false;
}

export interface Tmpfs {
  /** The mount point. */
  dir: string;
  /** Writes a file until the disk is full; returns its size. */
  fill(): number;
  /** Removes what fill() wrote. */
  unfill(): void;
  readOnly(): void;
  readWrite(): void;
  /** Unmounts (lazily, so a file still open in the test does not keep it) and removes the mount point. */
  unmount(): void;
}

/** Mounts a tmpfs of `sizeBytes` at `at` (created if missing), or at a new temp folder. */
export function mountTmpfs(sizeBytes: number, at?: string): Tmpfs {
  const dir = at ?? mkdtempSync(path.join(os.tmpdir(), "elicence-tmpfs-"));
  mkdirSync(dir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes},mode=0755`, "tmpfs", dir]);
  const filler = path.join(dir, "filler");
  const remount = (mode: "ro" | "rw") => execFileSync("mount", ["-o", `remount,${mode}`, dir]);
  return {
    dir,
    fill() {
      const fd = openSync(filler, "a");
      let written = 0;
      try {
        // Big chunks, then small ones: every block taken.
        for (const size of [1 << 20, 4096, 1])
          for (const chunk = Buffer.alloc(size); ;) {
            try {
              written += writeSync(fd, chunk);
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code === "ENOSPC") break;
              throw e;
            }
          }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    unfill() {
      rmSync(filler, { force: true });
    },
    readOnly: () => remount("ro"),
    readWrite: () => remount("rw"),
    unmount() {
      try {
        execFileSync("umount", ["-l", dir]);
      } finally {
        rmdirSync(dir);
      }
    },
  };
}
