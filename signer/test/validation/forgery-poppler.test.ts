// The issue 9 forgeries are real for poppler: given the glued cross-reference table it rebuilds the xref by scanning
// and draws the unlisted forged page; given the generation re-listing, the page's content disappears. pdfsig still
// calls the seal valid. We fail both — checked here against poppler itself, so the corpus cannot drift into attacks
// that only fool us.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validatePdf } from "../../src/validation/index.js";
import { toolsAvailable } from "../../../test-support/tools.js";
import { createValidationEnv, type SealedFixture, type ValidationEnv } from "./fixtures.js";
import { generationRelisted, unlistedWithGluedXref } from "./forgery.js";

const ok = toolsAvailable("poppler forgery comparison", "pdfsig", "pdftoppm");
const FOOD = "11100000MB0143028R013";

describe.skipIf(!ok)("forgeries poppler falls for", () => {
  let env: ValidationEnv;
  let licence: SealedFixture;
  let original: Buffer;

  /** Page 1 as poppler draws it, at 18 dpi. */
  function render(name: string, bytes: Uint8Array): Buffer {
    const file = join(env.dir, `${name}.pdf`);
    writeFileSync(file, bytes);
    execFileSync("pdftoppm", ["-r", "18", "-f", "1", "-l", "1", "-singlefile", file, join(env.dir, name)]);
    return readFileSync(join(env.dir, `${name}.ppm`));
  }

  beforeAll(async () => {
    env = await createValidationEnv();
    licence = await env.seal(FOOD);
    original = render("original", licence.bytes);
  });
  afterAll(() => env?.close());

  const cases = [
    { name: "glued", forge: unlistedWithGluedXref, own: "VER_PDF_XREF_ENTRY_MALFORMED" },
    { name: "generation", forge: generationRelisted, own: "VER_PDF_REVISION_GENERATION_CHANGED" },
  ];
  for (const c of cases)
    it(`${c.name}: poppler draws another page and pdfsig says valid; we say ${c.own}`, async () => {
      const forged = c.forge(licence.bytes);
      expect(render(c.name, forged).equals(original)).toBe(false);
      const pdfsig = execFileSync("pdfsig", ["-nocert", join(env.dir, `${c.name}.pdf`)], {
        encoding: "utf8",
      });
      expect(pdfsig).toContain("Signature is Valid.");
      for (const ctx of [env.ctx({ offline: true }), env.ctx()]) {
        const r = await validatePdf(forged, ctx);
        expect(r.verdict).toBe("TOTAL-FAILED");
        expect(r.reason?.code).toBe(c.own);
      }
    });
});
