// The "disk" readiness check: can the data directory take a durable write right now, and is there room left? It
// writes, fsyncs and removes a small file (what sealing and the database need to work), then compares the free space
// with ELICENCE_DISK_MIN_FREE, so a load balancer stops sending writes before they fail. It reads the disk each time
// it is asked: when space returns or the disk is remounted read-write, the next /readyz says ready, without a restart.
import { open, statfs, unlink } from "node:fs/promises";
import path from "node:path";
import { describeLimit } from "../limits.js";
import { storageFault } from "../storage/storage-fault.js";
import type { Probe, ProbeResult } from "./readiness.js";

let probeRuns = 0;

/** Ends in .tmp: one left by a crash in the middle of a check is swept by the janitor like any other. Unique per run,
 *  not only per process: /readyz is asked concurrently (several balancers, serve's start check), and two checks that
 *  shared one name unlinked each other's file and reported the disk down (ENOENT) on a healthy disk. */
export function probeFileName(): string {
  return `.disk-probe.${process.pid}.${++probeRuns}.tmp`;
}

export function diskProbe(dataDir: string, minFreeBytes: number): Probe {
  // Concurrent askers share the check in flight: a /readyz flood costs one fsync at a time, not one per request.
  let inFlight: Promise<ProbeResult> | undefined;
  return () =>
    (inFlight ??= checkDisk(dataDir, minFreeBytes).finally(() => {
      inFlight = undefined;
    }));
}

function checkDisk(dataDir: string, minFreeBytes: number): Promise<ProbeResult> {
  return (async (): Promise<ProbeResult> => {
    const file = path.join(dataDir, probeFileName());
    try {
      const fh = await open(file, "w", 0o600);
      try {
        await fh.writeFile("elicence disk check\n");
        await fh.sync();
      } finally {
        await fh.close();
      }
      await unlink(file);
    } catch (e) {
      await unlink(file).catch(() => undefined);
      const fault = storageFault(e);
      if (!fault) throw e;
      return {
        state: "down",
        code: fault.code,
        message:
          fault.code === "REG_STORAGE_FULL"
            ? `the disk of ${dataDir} is full (${fault.cause}): free space on it; writes resume by themselves`
            : fault.code === "REG_STORAGE_READ_ONLY"
              ? `${dataDir} cannot be written (${fault.cause}): remount it read-write or give the registry's user write access; writes resume by themselves`
              : `writing in ${dataDir} failed with an I/O error (${fault.cause}): check the disk and its mount`,
      };
    }
    if (minFreeBytes > 0) {
      const fs = await statfs(dataDir);
      const free = fs.bavail * fs.bsize;
      if (free < minFreeBytes)
        return {
          state: "down",
          code: "REG_STORAGE_FULL",
          message: `the disk of ${dataDir} has ${describeFree(free)} free, less than ELICENCE_DISK_MIN_FREE (${describeLimit(minFreeBytes, "bytes")}): free space on it (old backups, logs) or grow it`,
        };
    }
    return { state: "ok" };
  })();
}

function describeFree(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}
