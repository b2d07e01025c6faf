// The attack that motivated the revisions check (SIGNING.md): an incremental update painting "LI Si FORGED" over the
// holder's name. poppler's pdfsig still reports "Signature is Valid" (it checks only the signed range); we say
// TOTAL-FAILED. The rendered forgery is saved to test-artifacts/validation/drawn-over.png for people to see.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validatePdf } from "../../src/validation/index.js";
import { toolsAvailable } from "../../../test-support/tools.js";
import { REPO } from "../render/helpers.js";
import { createValidationEnv, invalidCodes, type SealedFixture, type ValidationEnv } from "./fixtures.js";
import { drawOverHolderName, type Box } from "./tamper.js";

const ok = toolsAvailable("pdfsig comparison", "pdfsig", "pdftotext", "pdftoppm");
const BUSINESS = "11100000MB0143028R001";

/** Where pdftotext finds `text` on page 1, converted to PDF user space. */
function boxOf(file: string, text: string): Box {
  const html = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const height = Number(/<page width="[\d.]+" height="([\d.]+)"/u.exec(html)?.[1]);
  for (const m of html.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/gu,
  )) {
    if (m[5] !== text) continue;
    const [x1, y1, x2, y2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    return { x: x1, y: height - y2, width: x2 - x1, height: y2 - y1 };
  }
  throw new Error(`"${text}" is not on the page`);
}

describe.skipIf(!ok)("an incremental update drawing over the holder's name", () => {
  let env: ValidationEnv;
  let licence: SealedFixture;
  let dir: string;

  beforeAll(async () => {
    env = await createValidationEnv();
    licence = await env.seal(BUSINESS);
    dir = join(env.dir, "pdfsig");
    mkdirSync(dir);
  });
  afterAll(() => env?.close());

  it("is valid to pdfsig but TOTAL-FAILED to us", async () => {
    const original = join(dir, "original.pdf");
    writeFileSync(original, licence.bytes);
    const holder = execFileSync("pdftotext", ["-enc", "UTF-8", original, "-"], { encoding: "utf8" }).match(
      /海丰县[^\s]*有限公司/u,
    )?.[0];
    expect(holder).toBeDefined();
    const forged = await drawOverHolderName(licence.bytes, boxOf(original, holder as string));
    const file = join(dir, "drawn-over.pdf");
    writeFileSync(file, forged);

    // The forgery is real: poppler draws the new text.
    expect(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" })).toMatch(
      /LI\s+Si FORGED/u,
    );
    const artefacts = join(REPO, "test-artifacts", "validation");
    mkdirSync(artefacts, { recursive: true });
    execFileSync("pdftoppm", ["-r", "60", "-png", "-singlefile", file, join(artefacts, "drawn-over")]);

    // pdfsig exits 0 even on a digest mismatch: its text is what counts.
    const pdfsig = execFileSync("pdfsig", ["-nocert", file], { encoding: "utf8" });
    expect(pdfsig).toContain("Signature Validation: Signature is Valid.");
    expect(pdfsig).toContain("Not total document signed");

    const report = await validatePdf(forged, env.ctx());
    expect(report.verdict).toBe("TOTAL-FAILED");
    expect(report.reason?.code).toBe("VER_PDF_REVISION_PAGE_CONTENT_CHANGED");
    // The registry's stored hash does not match either: the file is not the document that was issued.
    expect(invalidCodes(report)).toEqual([
      "VER_PDF_REVISION_PAGE_CONTENT_CHANGED",
      "VER_PDF_DOCUMENT_HASH_MISMATCH",
    ]);
    expect(report.answers).toMatchObject({ intact: true, trusted: true, coverage: "not-covered" });

    // And the untouched original passes both.
    expect(execFileSync("pdfsig", ["-nocert", original], { encoding: "utf8" })).toContain(
      "Signature is Valid.",
    );
    expect((await validatePdf(licence.bytes, env.ctx())).verdict).toBe("TOTAL-PASSED");
  });
});
