// The shipped `elicence` runs compiled (dist/, scripts/build/build.ts; built here when missing or stale): it answers
// --help, verifies a sealed licence, seals through compiled worker threads, and says what the TypeScript sources say.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealedLicence, type SealedLicence } from "../../test-support/sealed-licence.js";
import { FOOD, MARKET, goodRegister, writeRegister } from "../../registry/test/import/register-fixtures.js";
import { distState } from "../dist-state.mjs";
import { buildCli } from "./build.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(REPO, "scripts/elicence.mjs");
const tmp = mkdtempSync(path.join(os.tmpdir(), "elicence-compiled-"));
// Preloaded into the CLI process: names every worker thread's entry file on stderr.
const TRACE_WORKERS = path.join(tmp, "trace-workers.mjs");
writeFileSync(
  TRACE_WORKERS,
  `import { createRequire, syncBuiltinESMExports } from "node:module";
const wt = createRequire(import.meta.url)("node:worker_threads");
const Original = wt.Worker;
wt.Worker = class extends Original {
  constructor(file, options) { process.stderr.write("worker entry: " + String(file) + "\\n"); super(file, options); }
};
syncBuiltinESMExports();
`,
);

type Mode = "dist" | "source";
let licence: SealedLicence;

function cli(mode: Mode, args: string[], env: Record<string, string> = {}, node: string[] = []) {
  const clean: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...env,
    ELICENCE_RUN: mode,
  };
  const r = spawnSync(process.execPath, [...node, BIN, ...args], {
    cwd: tmp,
    env: clean,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A run without what differs between any two runs: the time a report took, the moment a trust list was made. */
const sameRun = (r: ReturnType<typeof cli>) => ({
  ...r,
  stdout: r.stdout
    .replace(/"elapsedMs":[\d.]+/gu, '"elapsedMs":0')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/gu, "<time>"),
});

beforeAll(async () => {
  if (!distState(REPO).fresh) await buildCli();
  licence = await sealedLicence();
}, 180_000);

afterAll(async () => {
  await licence?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the compiled elicence command", () => {
  it("answers --help from dist/ (ELICENCE_RUN=dist refuses to fall back to the sources)", () => {
    const compiled = cli("dist", ["--help"]);
    expect(compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/^usage: elicence <command>/u);
    expect(compiled.stdout).toBe(cli("source", ["--help"]).stdout);
  });

  it("verifies a sealed licence: exit 0 and the report the sources give", () => {
    const compiled = cli("dist", ["verify", licence.file], licence.env);
    expect(compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toContain("TOTAL-PASSED");
    expect(compiled).toEqual(cli("source", ["verify", licence.file], licence.env));
  });

  it("says what the sources say: a tampered copy, the audit chain, the keys, a user error", () => {
    const bytes = readFileSync(licence.file);
    const at = bytes.indexOf("/Contents <") + 40;
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
    const tampered = path.join(tmp, "tampered.pdf");
    writeFileSync(tampered, bytes);
    const runs: [string[], number][] = [
      [["verify", tampered, "--json"], 1],
      [["audit", "verify", "--json"], 0],
      [["keys", "list", "--json"], 0],
      [["keys", "frob"], 2],
      [["verify", "--qr", "https://x/v#bogus", "--offline", "--json"], 1],
    ];
    for (const [args, code] of runs) {
      const compiled = cli("dist", args, licence.env);
      expect(compiled.code, `${args.join(" ")}: ${compiled.stderr}`).toBe(code);
      const source = cli("source", args, licence.env);
      expect(sameRun(compiled), args.join(" ")).toEqual(sameRun(source));
    }
  });

  it("imports a register and seals it through compiled sealing workers", () => {
    const register = path.join(tmp, "register.csv");
    writeRegister(register, goodRegister(2, 71));
    const args = [
      "import",
      register,
      "--type",
      FOOD,
      "--department",
      MARKET,
      "--seal-threads",
      "1",
      "--json",
    ];
    const compiled = cli("dist", args, { ELICENCE_DATA_DIR: path.join(tmp, "data") }, [
      "--import",
      TRACE_WORKERS,
    ]);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(JSON.parse(compiled.stdout)).toMatchObject({
      counts: { imported: 2 },
      sealing: { sealed: 2, kind: "pool", error: null },
    });
    const entries = compiled.stderr.split("\n").filter((l) => l.startsWith("worker entry: "));
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatch(/\/dist\/sealing-worker\.js$/u);
    // The sources start the tsx entry instead: the trace tells the two apart.
    const source = cli("source", args, { ELICENCE_DATA_DIR: path.join(tmp, "data-source") }, [
      "--import",
      TRACE_WORKERS,
    ]);
    expect(source.code, source.stderr).toBe(0);
    expect(source.stderr).toMatch(/worker entry: .*\/signer\/src\/pool\/sealing-worker-entry\.mjs/u);
  }, 240_000);
});
