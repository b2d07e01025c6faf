// Where import jobs keep their files: a run-* folder of this process inside the given directory, gone on close;
// folders a crashed process left behind are removed once older than the retention.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ImportDeps } from "../index.js";
import { ImportJobs } from "./import-jobs.js";

const NOW = new Date("2026-11-29T02:00:00Z");
const deps = {} as ImportDeps; // no job is run here

describe("ImportJobs' folders", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "import-jobs-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("works in its own run folder, removes it on close, and clears stale runs of crashed processes", async () => {
    const stale = path.join(dir, "run-crashed");
    const recent = path.join(dir, "run-other-process");
    const unrelated = path.join(dir, "keep-me");
    for (const d of [stale, recent, unrelated]) mkdirSync(d);
    const twoDaysAgo = (NOW.getTime() - 2 * 86_400_000) / 1000;
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    utimesSync(unrelated, twoDaysAgo, twoDaysAgo);
    const recentTime = (NOW.getTime() - 3600_000) / 1000;
    utimesSync(recent, recentTime, recentTime);

    const jobs = new ImportJobs(deps, { dir, clock: () => NOW });
    const upload = jobs.prepare();
    expect(path.dirname(path.dirname(upload.uploadPath))).toMatch(new RegExp(`^${dir}/run-`));
    expect(readdirSync(dir).sort()).toEqual(
      ["keep-me", "run-other-process", path.basename(path.dirname(upload.dir))].sort(),
    );
    jobs.discard(upload);
    await jobs.close();
    expect(readdirSync(dir).sort()).toEqual(["keep-me", "run-other-process"]);
  });
});
