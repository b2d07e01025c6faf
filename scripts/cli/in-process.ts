// For tests: the `elicence` command run in this process (its output collected), and temporary directories removed
// after the file's tests. A real child process is test-support/cli-process.ts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { Run } from "../../test-support/cli-process.js";
import { main } from "./main.js";

export async function runMain(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { log: (s) => stdout.push(s), err: (s) => stderr.push(s) }, env);
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** A maker of temporary directories named `elicence-<prefix>-…`, all removed once the calling file's tests end. */
export function tempDirs(prefix: string): (name?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return (name = "") => {
    const d = mkdtempSync(path.join(os.tmpdir(), `elicence-${prefix}-${name}`));
    made.push(d);
    return d;
  };
}
