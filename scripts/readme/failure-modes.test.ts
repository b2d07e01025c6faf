// README's "Failure modes" table promises codes to operators: each one it names must be a documented error code, and
// each readiness check it names must be one the registry registers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorSections } from "../error-docs.js";
import { REPO } from "../../test-support/cli-process.js";

const readme = readFileSync(path.join(REPO, "README.md"), "utf8");

function failureModesTable(): string {
  const start = readme.indexOf("### Failure modes");
  expect(start, "README has a Failure modes section").toBeGreaterThan(0);
  const end = readme.indexOf("\n### ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe("README Failure modes", () => {
  it("names only documented error codes, each written out in full", () => {
    const documented = new Set(errorSections().flatMap((s) => s.rows.map((r) => r.code)));
    const table = failureModesTable();
    const named = [...table.matchAll(/`(REG_[A-Z0-9_]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(15);
    expect(named.filter((c) => !documented.has(c))).toEqual([]);
    // Written out, so that an operator can search the log and docs/errors.md for what the table says.
    expect(table.match(/`_[A-Z0-9_]+`|REG_[A-Z_]*…/g) ?? []).toEqual([]);
  });

  it("names readiness checks the registry registers", () => {
    const sources = [
      "registry/src/http/app.ts",
      "scripts/cli/commands/serve.ts",
      "registry/src/status/live-status.ts",
    ]
      .map((f) => readFileSync(path.join(REPO, f), "utf8"))
      .join("\n");
    for (const m of failureModesTable().matchAll(/`checks\.([a-z]+)`/g))
      expect(sources, `readiness check ${m[1]}`).toMatch(new RegExp(`["']${m[1]}["']`));
  });
});
