// The README runs as written: every ```sh block, in order, in one `bash -e`, against a registry started the way the
// README starts it (`npm start` without its page build, in the background, on a free port, a temp data directory), in
// a temp folder that looks like the checkout (its entries linked, so `npx elicence` is this one and files land in the
// temp folder). Each command's stated result (`# → …`, see expectations.ts) is checked. Blocks marked
// `<!-- readme-test: skip: WHY -->` are listed, not run; a block calling a program that is not installed is skipped
// with the reason (an error under ELICENCE_REQUIRE_TOOLS=1, as CI runs).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { hasTool } from "../../test-support/tools.js";
import { programsOf, readmeBlocks, type ReadmeBlock } from "./blocks.js";
import { checkRun, HTTP_STATUS_LINE } from "./expectations.js";
import { buildScript, FAILED_AT } from "./script.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const README = readFileSync(path.join(REPO, "README.md"), "utf8");
const LEFT_OUT = new Set([".git", "data", "coverage", "bench-results", "test-artifacts"]);

const work = mkdtempSync(path.join(os.tmpdir(), "elicence-readme-"));
let server: ChildProcess | null = null;

afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    process.kill(-server.pid, "SIGTERM"); // the process group this test started: npm and the registry under it
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  // ELICENCE_README_KEEP=1 keeps the folder (the script, each command's output in .results/, server.log).
  if (process.env.ELICENCE_README_KEEP === "1") console.log(`README test folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** The caller's environment without anything that points elsewhere, plus the test's port, data and PATH. */
function readerEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(npm_|INIT_CWD$|MONGODB_|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|ELICENCE_(?!REQUIRE_TOOLS))/u.test(k))
      env[k] = v;
  return {
    ...env,
    ELICENCE_DATA_DIR: path.join(work, "data"),
    PORT: String(port),
    CURL_HOME: path.join(work, ".curl"),
    PATH: `${path.join(REPO, "node_modules/.bin")}${path.delimiter}${process.env.PATH ?? ""}`,
  };
}

/** Starts the block's server command in the background and waits for /healthz; its output goes to server.log. */
async function startServer(command: string, env: NodeJS.ProcessEnv, port: number): Promise<void> {
  const log = openSync(path.join(work, "server.log"), "w");
  // Without npm's pre-scripts: `npm start`'s prestart (the pages' Vite build) empties verifier-web/dist, which the
  // browser tests serve at the same time; the README's blocks never fetch the pages, and those tests build them.
  server = spawn("bash", ["-c", command], {
    cwd: work,
    env: { ...env, npm_config_ignore_scripts: "true" },
    detached: true,
    stdio: ["ignore", log, log],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `"${command}" did not start the registry on port ${port}:\n${readFileSync(path.join(work, "server.log"), "utf8").slice(-3000)}`,
  );
}

/** Runs blocks as one `bash -e` script, as a reader pastes them one after another; the problems found, if any. */
function runBlocks(
  blocks: ReadmeBlock[],
  name: string,
  env: NodeJS.ProcessEnv,
  rewrite: (text: string) => string,
): string[] {
  const results = path.join(work, `.results-${name}`);
  mkdirSync(results);
  const script = buildScript(blocks, results, rewrite);
  writeFileSync(path.join(work, `.readme-${name}.sh`), script.text);
  const run = spawnSync("bash", ["-e", path.join(work, `.readme-${name}.sh`)], {
    cwd: work,
    env,
    encoding: "utf8",
    timeout: 480_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const failures: string[] = [];
  for (const { id, block, command } of script.checked) {
    const file = (ext: string) => path.join(results, `${id}.${ext}`);
    if (!existsSync(file("rc"))) break; // not reached: the failure is reported below
    const output = { stdout: readFileSync(file("out"), "utf8"), stderr: readFileSync(file("err"), "utf8") };
    const problems = checkRun(command.expectation, {
      exitCode: Number(readFileSync(file("rc"), "utf8").trim()),
      ...output,
    });
    if (problems.length > 0) {
      failures.push(
        `README block ${block.number}, line ${command.line}: ${problems.join("; ")}\n` +
          `  $ ${command.text.replace(/\n/gu, "\n    ")}\n` +
          `  stdout: ${output.stdout.slice(-2000) || "(nothing)"}\n  stderr: ${output.stderr.slice(-2000) || "(nothing)"}`,
      );
      break;
    }
  }
  if (failures.length === 0 && run.status !== 0) {
    const at = [...(run.stderr ?? "").matchAll(new RegExp(`${FAILED_AT}(\\d+)`, "gu"))].at(-1);
    const line = at ? script.readmeLine.get(Number(at[1])) : undefined;
    failures.push(
      `the README's blocks stopped (bash exit ${run.status ?? run.signal}) at README line ${line ?? "?"}\n` +
        `  stderr: ${(run.stderr ?? "").slice(-3000)}`,
    );
  }
  return failures;
}

describe("README.md", () => {
  it("runs as written: every shell block, each stated result", { timeout: 600_000 }, async () => {
    const blocks = readmeBlocks(README);
    const serverBlocks = blocks.filter((b) => b.marker?.kind === "server");
    expect(serverBlocks.length, "one block starts the server (<!-- readme-test: server: COMMAND -->)").toBe(
      1,
    );

    const skipped: string[] = [];
    const runnable: ReadmeBlock[] = [];
    for (const b of blocks) {
      if (b.marker?.kind === "skip") skipped.push(`block ${b.number} (line ${b.line}): ${b.marker.reason}`);
      else if (b.marker?.kind === "server") continue;
      else {
        const missing = programsOf(b).filter((p) => !hasTool(p));
        if (missing.length === 0) runnable.push(b);
        else {
          const why = `block ${b.number} (line ${b.line}) needs ${missing.join(", ")}, not installed (apt-get install the Debian packages listed in .ci/run)`;
          if (process.env.ELICENCE_REQUIRE_TOOLS === "1") throw new Error(`README test cannot run: ${why}`);
          skipped.push(why);
        }
      }
    }
    console.log(
      `README test: ${runnable.length} blocks run; not run:\n  ${skipped.join("\n  ") || "(none)"}`,
    );
    expect(runnable.length).toBeGreaterThan(0);

    for (const entry of readdirSync(REPO))
      if (!LEFT_OUT.has(entry)) symlinkSync(path.join(REPO, entry), path.join(work, entry));
    mkdirSync(path.join(work, ".curl"));
    writeFileSync(
      path.join(work, ".curl/.curlrc"),
      `write-out = "%{stderr}${HTTP_STATUS_LINE}%{http_code}\\n"\n`,
    );
    const port = await freePort();
    const env = readerEnv(port);
    const [serverBlock] = serverBlocks;
    const serverCommand = (serverBlock!.marker as { command: string }).command;
    expect(
      serverBlock!.commands.some((c) => c.text.includes(serverCommand)),
      `block ${serverBlock!.number} shows "${serverCommand}"`,
    ).toBe(true);
    // The README's URLs name the default port; the test's registry listens on a free one.
    const rewrite = (text: string) => text.replace(/\b(localhost|127\.0\.0\.1):8080\b/gu, `$1:${port}`);
    // What the README asks for before the server starts runs first (init records the base URL the server then uses).
    const before = runnable.filter((b) => b.number < serverBlock!.number);
    const after = runnable.filter((b) => b.number > serverBlock!.number);
    const failures = before.length > 0 ? runBlocks(before, "before", env, rewrite) : [];
    if (failures.length === 0) {
      await startServer(serverCommand, env, port);
      failures.push(...runBlocks(after, "after", env, rewrite));
    }
    if (failures.length > 0 && existsSync(path.join(work, "server.log")))
      failures.push(`server log:\n${readFileSync(path.join(work, "server.log"), "utf8").slice(-2000)}`);
    expect(failures.join("\n\n"), "the README's shell blocks, as a reader pastes them").toBe("");
  });
});
