// The pages put everything that came from a QR code, a status answer, a trust list, a PDF report or the URL on the page
// as text (textContent, append of strings, setAttribute of fixed names) and build links to this origin only. A second
// review found no sink that parses HTML; this keeps it so: a new innerHTML or inline javascript: URL fails here first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") ? [p] : [];
  });
}

const SINKS =
  /\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|srcdoc|DOMParser|createContextualFragment|javascript:|\beval\(|new Function\(/u;

describe("verifier-web sources", () => {
  it("have no HTML-parsing sink and no script URL", () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(10);
    const hits = files.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          SINKS.test(line) ? [`${path.relative(SRC, f)}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(hits).toEqual([]);
  });

  it("would notice one", () => {
    expect(SINKS.test("node.innerHTML = answer.holderName;")).toBe(true);
    expect(SINKS.test('a.href = "javascript:alert(1)";')).toBe(true);
  });
});
