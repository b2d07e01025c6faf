// When the bin may run dist/: only while every source file that went into it is at most as new as the build.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { distState } from "./dist-state.mjs";

const root = mkdtempSync(path.join(os.tmpdir(), "elicence-dist-state-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (file: string, seconds: number) => utimesSync(path.join(root, file), seconds, seconds);

describe("distState", () => {
  it("is stale while dist/ is missing", () => {
    expect(distState(root)).toEqual({ fresh: false, why: "dist/ is missing" });
  });

  it("is fresh when no input is newer than the build, stale naming the first one that is, or one gone", () => {
    mkdirSync(path.join(root, "src"));
    mkdirSync(path.join(root, "dist"));
    writeFileSync(path.join(root, "src", "a.ts"), "");
    writeFileSync(path.join(root, "src", "b.ts"), "");
    writeFileSync(
      path.join(root, "dist", "build-info.json"),
      JSON.stringify({ inputs: ["src/a.ts", "src/b.ts"] }),
    );
    at("dist/build-info.json", 2_000_000_000);
    at("src/a.ts", 1_900_000_000);
    at("src/b.ts", 2_000_000_000);
    expect(distState(root)).toEqual({ fresh: true });
    at("src/b.ts", 2_000_000_001);
    expect(distState(root)).toEqual({ fresh: false, why: "src/b.ts is newer than dist/" });
    rmSync(path.join(root, "src", "a.ts"));
    expect(distState(root)).toEqual({ fresh: false, why: "src/a.ts (in dist/) is gone" });
  });

  it("is stale when build-info.json is not JSON", () => {
    writeFileSync(path.join(root, "dist", "build-info.json"), "{");
    expect(distState(root).fresh).toBe(false);
  });
});
