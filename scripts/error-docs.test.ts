// docs/errors.md is generated from the code; every error code the code can return must be documented there.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_DOCS_PATH, errorSections, renderErrorDocs } from "./error-docs.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("docs/errors.md", () => {
  it("is up to date (regenerate with `npx tsx scripts/error-docs.ts --write`)", () => {
    expect(readFileSync(ERROR_DOCS_PATH, "utf8")).toBe(renderErrorDocs());
  });

  it("documents every error code the registry's code can return, each once", () => {
    const documented = errorSections().flatMap((s) => s.rows.map((r) => r.code));
    expect(new Set(documented).size).toBe(documented.length);
    const root = path.resolve(path.dirname(ERROR_DOCS_PATH), "..", "registry", "src");
    const used = new Set(
      sourceFiles(root).flatMap((f) =>
        [...readFileSync(f, "utf8").matchAll(/"(REG_[A-Z0-9_]+)"/g)].map((m) => m[1]!),
      ),
    );
    const missing = [...used].filter((c) => !documented.includes(c));
    expect(missing).toEqual([]);
  });

  it("gives every code Chinese words (every section, every row: none empty, each with Chinese characters)", () => {
    const without = errorSections()
      .flatMap((s) => s.rows)
      .filter((r) => !r.zh || !/\p{Script=Han}/u.test(r.zh))
      .map((r) => r.code);
    expect(without).toEqual([]);
  });
});
