// The pages' shared markup (partials/): every include in every page expands, and a mistake in one stops the build.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expandPartials } from "../html-partials.js";
import { PAGES } from "../vite.config.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const PARTIALS = path.join(here, "..", "partials");

describe("HTML partials", () => {
  it("expand in every page with nothing left over, and the staff pages share one sign-in form", () => {
    const pages = Object.fromEntries(
      Object.entries(PAGES).map(([k, f]) => [k, expandPartials(readFileSync(f, "utf8"), PARTIALS, f)]),
    );
    for (const [name, html] of Object.entries(pages)) {
      expect(html, name).not.toMatch(/<!-- include:|\{\{/u);
      expect(html, name).toContain('<header class="bar">');
    }
    expect(pages.desk).toContain('<input\n              id="clerk-key"');
    expect(pages.issue).toContain('<label for="issuer-key" data-t="issuerKey">发证人员密钥</label>');
    expect(pages.index).toContain('<p class="bar-title" data-t="title">电子证照核验</p>');
    for (const staff of [pages.desk, pages.issue])
      expect(staff).toContain('<section class="session-bar" id="session-bar"');
  });

  it("refuses a missing value, an unused one and an unknown partial", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-partials-"));
    writeFileSync(path.join(dir, "p.html"), "<b>{{a}}</b>\n");
    expect(expandPartials('  <!-- include: p a="x" -->', dir)).toBe("<b>x</b>");
    expect(() => expandPartials("  <!-- include: p -->", dir)).toThrow(/\{\{a\}\} unfilled/u);
    expect(() => expandPartials('  <!-- include: p a="x" b="y" -->', dir)).toThrow(/does not use b/u);
    expect(() => expandPartials("  <!-- include: nope -->", dir)).toThrow(/ENOENT/u);
  });
});
