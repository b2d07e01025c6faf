import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diskProbe, probeFileName } from "./disk-probe.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("disk probe under concurrent /readyz", () => {
  // Red team (issue 11 variants): /readyz asked by several clients at once reported a healthy disk down with
  // REG_PROBE_FAILED "ENOENT … unlink .disk-probe.<pid>.tmp": the checks shared one file name and removed each other's.
  it("says ok to every one of many simultaneous askers and leaves no probe file behind", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "disk-probe-"));
    dirs.push(dir);
    const probe = diskProbe(dir, 0);
    const probes = [probe, diskProbe(dir, 0)]; // two probes on one directory, as serve's start check and readiness
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => Promise.resolve(probes[i % 2]!())),
    );
    expect(results.filter((r) => r.state !== "ok")).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("names each run's file apart", () => {
    expect(probeFileName()).not.toBe(probeFileName());
    expect(probeFileName()).toMatch(/^\.disk-probe\.\d+\.\d+\.tmp$/);
  });
});
