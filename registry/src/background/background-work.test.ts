// serve's background work: a full disk pauses sealing with one log line (not one every 5 s) and one when it resumes;
// another failure is logged each time; the expiry sweep logs what it recorded and survives its own failure.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SealRound } from "../licences/seal-pending.js";
import { BackgroundWork } from "./background-work.js";

type Line = { level: string; obj: Record<string, unknown>; msg: string };

function setup(rounds: (SealRound | Error)[], sweep: () => Promise<number> = async () => 0) {
  const lines: Line[] = [];
  const log = {
    info: (obj: object, msg: string) => lines.push({ level: "info", obj: obj as Line["obj"], msg }),
    warn: (obj: object, msg: string) => lines.push({ level: "warn", obj: obj as Line["obj"], msg }),
    error: (obj: object, msg: string) => lines.push({ level: "error", obj: obj as Line["obj"], msg }),
  };
  const service = {
    sweepExpired: sweep,
    sealRound: async () => {
      const next = rounds.shift() ?? { sealed: 0, failed: [] };
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "elicence-bg-"));
  dirs.push(dataDir);
  const work = new BackgroundWork({
    service,
    janitor: { dataDir, store: { unreferencedDocuments: async () => [] } },
    log,
  });
  return { work, lines };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const errno = (code: string) => Object.assign(new Error(`${code}: no space left on device, write`), { code });

describe("BackgroundWork.sealPending", () => {
  it("a storage fault pauses sealing with one line, said again only when it changes, then one line on resuming", async () => {
    const { work, lines } = setup([
      errno("ENOSPC"),
      errno("ENOSPC"),
      errno("ENOSPC"),
      errno("EROFS"),
      { sealed: 2, failed: [] },
    ]);
    for (let i = 0; i < 5; i++) await work.sealPending();
    expect(lines.map((l) => [l.level, l.obj.code ?? null])).toEqual([
      ["error", "REG_STORAGE_FULL"],
      ["error", "REG_STORAGE_READ_ONLY"],
      ["info", null],
      ["info", "REG_STORAGE_READ_ONLY"],
    ]);
    expect(lines[0]?.msg).toMatch(/^background sealing paused: .*resumes by itself/u);
    expect(lines[2]?.msg).toBe("sealed pending licence documents");
    expect(lines[3]?.msg).toBe("background sealing resumed after REG_STORAGE_READ_ONLY");
  });

  it("any other failure is logged every time; calls while a run is going join it", async () => {
    const { work, lines } = setup([new Error("boom"), new Error("boom")]);
    await Promise.all([work.sealPending(), work.sealPending()]);
    await work.sealPending();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ["error", "background sealing failed"],
      ["error", "background sealing failed"],
    ]);
  });
});

describe("BackgroundWork.sweepExpired", () => {
  it("logs what it recorded, and a failure instead of throwing", async () => {
    const results: (number | Error)[] = [3, 0, new Error("locked")];
    const { work, lines } = setup([], async () => {
      const r = results.shift()!;
      if (r instanceof Error) throw r;
      return r;
    });
    for (let i = 0; i < 3; i++) await work.sweepExpired();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ["info", "sweep recorded lapsed licences and renewals that took effect"],
      ["error", "expiry sweep failed"],
    ]);
    expect(lines[0]?.obj).toEqual({ changed: 3 });
  });
});
