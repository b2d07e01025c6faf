// The CLI from the user's side: --help never does anything else, a user error is one line and the usage (exit 2, no
// stack trace), and `keys create` names the data directory and refuses to invent a store unless told to.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMAND_USAGE } from "./usage.js";
import { cliEnv } from "../../test-support/cli-process.js";
import { runMain, tempDirs } from "./in-process.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tempDir = tempDirs("cli-safety");

const run = runMain;

const STACK = /^\s+at /mu;

const HELP_CASES: [string[], string][] = [
  [[], "usage: elicence <command>"],
  [["serve"], COMMAND_USAGE.serve],
  [["init"], COMMAND_USAGE.init],
  [["keys"], COMMAND_USAGE["keys create"]],
  [["keys", "create"], COMMAND_USAGE["keys create"]],
  [["keys", "create", "--role", "admin"], COMMAND_USAGE["keys create"]],
  [["keys", "list"], COMMAND_USAGE["keys list"]],
  [["keys", "revoke"], COMMAND_USAGE["keys revoke"]],
  [["audit"], COMMAND_USAGE["audit verify"]],
  [["audit", "verify"], COMMAND_USAGE["audit verify"]],
  [["verify"], COMMAND_USAGE["verify qr"]],
  [["verify", "x.pdf"], COMMAND_USAGE["verify pdf"]],
  [["verify", "--qr", "TEXT"], COMMAND_USAGE["verify qr"]],
  [["import"], COMMAND_USAGE.import],
  [["import", "a.csv", "--type", "X"], COMMAND_USAGE.import],
  [["reseal"], COMMAND_USAGE.reseal],
  [["reseal", "--since", "2026-01-01"], COMMAND_USAGE.reseal],
  [["init", "--base-url", "https://gov.example"], COMMAND_USAGE.init],
  [["serve", "--accept-new-base-url"], COMMAND_USAGE.serve],
];

describe("--help and -h", () => {
  for (const [argv, expected] of HELP_CASES)
    for (const flag of ["--help", "-h"])
      it(`elicence ${[...argv, flag].join(" ")} prints that help, exits 0 and creates nothing`, async () => {
        const parent = tempDir();
        const r = await run([...argv, flag], cliEnv(path.join(parent, "data")));
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(expected);
        expect(r.stderr).toBe("");
        expect(readdirSync(parent)).toEqual([]);
      });

  it("the usage documents ELICENCE_DEBUG and --init", async () => {
    const r = await run(["--help"], cliEnv(path.join(tempDir(), "data")));
    expect(r.stdout).toContain("ELICENCE_DEBUG=1");
    expect(r.stdout).toContain("--init");
  });

  // The real process, in an empty working directory, with the default ./data: it must stay empty.
  for (const argv of [
    ["serve", "--help"],
    ["init", "-h"],
    ["keys", "create", "--help"],
  ])
    it(`spawned: elicence ${argv.join(" ")} starts nothing and leaves ./data uncreated`, () => {
      const cwd = tempDir();
      const env = cliEnv("");
      delete env.ELICENCE_DATA_DIR;
      const r = spawnSync(process.execPath, [path.join(REPO, "scripts/elicence.mjs"), ...argv], {
        cwd,
        env,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`usage: elicence ${argv[0]}`);
      expect(readdirSync(cwd)).toEqual([]);
    });
});

const USER_ERRORS: [string[], RegExp][] = [
  [["bogus"], /unknown command "bogus"/u],
  [["serve", "--port", "9"], /Unknown option '--port'/u],
  [["init", "extra"], /Unexpected argument 'extra'/u],
  [["init", "--base-url", "ftp://gov.example"], /--base-url: .*must start with http:\/\/ or https:\/\//u],
  [["init", "--base-url", "https://gov.example/elicence?x=1"], /--base-url: .*must not have a query/u],
  [["init", "--base-url", "https://gov.example/#v"], /--base-url: .*must not have a fragment/u],
  [["init", "--base-url", "gov.example"], /--base-url: .*not an absolute URL/u],
  [["reseal"], /--since DATE is required/u],
  [["reseal", "--since", "2026-02-30"], /--since "2026-02-30" is not a date/u],
  [["reseal", "--since", "2026-01-01", "extra"], /Unexpected argument 'extra'/u],
  [["keys"], /needs a subcommand/u],
  [["keys", "frob"], /unknown subcommand "keys frob"/u],
  [["keys", "create"], /--role is required/u],
  [["keys", "create", "--role"], /--role.*argument missing/u],
  [["keys", "create", "--role", "admin", "--nope"], /Unknown option '--nope'/u],
  [["keys", "create", "--role", "admin", "extra"], /Unexpected argument 'extra'/u],
  [["keys", "list", "--role", "admin"], /does not take --role/u],
  [["keys", "revoke", "--reason", "x"], /key id is missing/u],
  [["keys", "revoke", "k1"], /--reason is required/u],
  [["audit"], /needs a subcommand/u],
  [["audit", "check"], /unknown subcommand "audit check"/u],
  [["audit", "verify", "--frob"], /Unknown option '--frob'/u],
  [["import"], /FILE to import is missing/u],
  [["import", "--type"], /--type.*argument missing/u],
  [["import", "a.csv", "--type", "X"], /--department USCC is required/u],
  [["import", "a.csv", "b.csv", "--type", "X", "--department", "Y"], /one FILE/u],
  [["import", "a.csv", "--type", "X", "--department", "Y", "--batch-size", "abc"], /--batch-size must be/u],
  [["import", "a.csv", "--type", "X", "--department", "Y", "--seal-threads", "0"], /--seal-threads must be/u],
  [["verify"], /FILE\.pdf or DIR to verify is missing/u],
  [["verify", "a.pdf", "b.pdf"], /cannot read a\.pdf \(ENOENT\).*cannot read b\.pdf \(ENOENT\)/u],
  [["verify", "a.pdf", "--frob"], /Unknown option '--frob'/u],
  [["verify", "--qr"], /--qr.*argument missing/u],
  [["verify", "--qr", "X", "--offline", "--online"], /exclude each other/u],
  [["verify", "--qr", "X", "--registry", "http://x"], /only goes with --online/u],
];

describe("user errors: one line naming the problem, then the usage, exit 2, no stack trace", () => {
  for (const [argv, message] of USER_ERRORS)
    it(`elicence ${argv.join(" ")}`, async () => {
      const parent = tempDir();
      const r = await run(argv, cliEnv(path.join(parent, "data")));
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK);
      const lines = r.stderr.split("\n");
      expect(lines[0]).toMatch(/^elicence/u);
      expect(lines[0]).toMatch(message);
      expect(lines[1]).toBe("");
      expect(lines[2]).toMatch(/^usage: elicence/u);
      expect(r.stdout).toBe("");
      expect(readdirSync(parent)).toEqual([]);
    });

  it("spawned: an unknown option exits 2 without a stack trace", () => {
    const parent = tempDir();
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "scripts/elicence.mjs"), "audit", "verify", "--frob"],
      {
        cwd: parent,
        env: cliEnv(path.join(parent, "data")),
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr.split("\n")[0]).toMatch(/Unknown option '--frob'/u);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe("keys create and the data directory", () => {
  const parent = tempDir();
  const dataDir = path.join(parent, "data");
  const env = cliEnv(dataDir);

  it("without a store and without --init: exit 2 naming the data directory, nothing created", async () => {
    const r = await run(["keys", "create", "--role", "admin"], env);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain(dataDir);
    expect(r.stderr.split("\n")[0]).toContain("--init");
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe("");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("with --init: creates the store and names the directory", async () => {
    const r = await run(["keys", "create", "--role", "admin", "--init"], env);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dataDir, "registry.sqlite"))).toBe(true);
    expect(r.stdout.trim()).not.toBe("");
    expect(r.stderr).toContain(dataDir);
  });

  it("once the store exists, no --init is needed", async () => {
    const r = await run(["keys", "create", "--role", "auditor"], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(dataDir);
  });

  it("a register file that does not exist: exit 2, one line, no stack trace", async () => {
    const missing = path.join(parent, "no-such-register.csv");
    const r = await run(
      ["import", missing, "--type", "11100000MB0143028R001", "--department", "11441521MB2C97310M"],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr.split("\n")[0]).toMatch(/^elicence/u);
    expect(r.stderr).toContain("no-such-register.csv");
  });

  it("an internal fault is one line with exit 1; its stack trace only with ELICENCE_DEBUG=1", async () => {
    // A data directory that is a file: opening the store fails in a way no usage text can explain.
    const file = path.join(parent, "not-a-dir");
    writeFileSync(file, "x");
    const plain = await run(["audit", "verify"], cliEnv(file));
    expect(plain.code).toBe(1);
    expect(plain.stderr.split("\n")).toHaveLength(1);
    expect(plain.stderr).not.toMatch(STACK);
    const debug = await run(["audit", "verify"], { ...cliEnv(file), ELICENCE_DEBUG: "1" });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK);
  });
});
