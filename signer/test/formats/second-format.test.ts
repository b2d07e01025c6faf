// The document-format seam (issue 12 part 5): the layout engine's page description is the only thing a writer
// gets, so a second format is a new consumer of it. A test-only SVG writer and the PDF writer write the same
// description; both must show every text run, in order, on the same pages, and the formats are found by id.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import {
  DOCUMENT_FORMATS,
  DOCUMENT_FORMAT_IDS,
  documentFormat,
  formatOf,
  isDocumentFormatId,
  pdfFormat,
  writePdf,
} from "../../src/formats/index.js";
import { describeLicence } from "../../src/render/index.js";
import type { LicenceDescription } from "../../src/render/index.js";
import { compact, exampleInput, pdfTextCompact } from "../render/helpers.js";
import { svgTexts, writeSvgPages } from "./svg-writer.js";

const BUSINESS = "11100000MB0143028R001";
const work = mkdtempSync(path.join(tmpdir(), "elicence-formats-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The business licence with a scope long enough to continue on attachment pages (附页). */
async function longDescription(): Promise<LicenceDescription> {
  const { input } = await exampleInput(BUSINESS);
  input.licence.fields.businessScope =
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；".repeat(30);
  return describeLicence(input);
}

function textsOf(description: LicenceDescription, page: number): string[] {
  return (description.pages[page]?.items ?? []).flatMap((i) => (i.kind === "text" ? [i.text] : []));
}

describe("the page description", () => {
  it("holds no object of a file format: only plain data, dates and the QR matrix", async () => {
    const description = await longDescription();
    const foreign: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (v === null || typeof v !== "object") return;
      if (v instanceof Date) return;
      const proto = Object.getPrototypeOf(v) as object | null;
      if (proto !== Object.prototype && proto !== Array.prototype && proto !== null)
        foreign.push(`${at}: ${v.constructor.name}`);
      for (const [k, child] of Object.entries(v)) walk(child, `${at}.${k}`);
    };
    walk(description, "description");
    expect(foreign).toEqual([]);
    expect(description.pages.length).toBeGreaterThan(1);
    const kinds = new Set(description.pages[0]?.items.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(["box", "qr", "text"]);
  });
});

describe("a second writer on the same description (SVG, test only)", () => {
  it("draws every page, every text run in order and every dark QR module", async () => {
    const description = await longDescription();
    const svgs = writeSvgPages(description);
    expect(svgs).toHaveLength(description.pages.length);
    svgs.forEach((svg, page) => expect(svgTexts(svg)).toEqual(textsOf(description, page)));
    const all = svgs.map((s) => svgTexts(s).join("")).join("");
    expect(all).toContain("（续见附页）");
    expect(all).toContain(`第 2 页 共 ${description.pages.length} 页`);

    const qr = description.pages[0]?.items.find((i) => i.kind === "qr");
    if (qr?.kind !== "qr") throw new Error("page 1 has no QR code");
    let dark = 0;
    for (let r = 0; r < qr.matrix.size; r++)
      for (let c = 0; c < qr.matrix.size; c++) if (qr.matrix.isDark(r, c)) dark++;
    expect(svgs[0]?.match(/class="qr"/gu)?.length).toBe(dark);
    expect(formatOf(new TextEncoder().encode(svgs[0] ?? ""))).toBeNull();
  });
});

describe.skipIf(!toolsAvailable("document formats", "pdftotext"))(
  "the PDF writer on the same description",
  () => {
    it("shows the description's text runs in the same order, page for page", async () => {
      const description = await longDescription();
      const rendered = await writePdf(description);
      expect(rendered.pageCount).toBe(description.pages.length);
      const bytes = await rendered.doc.save({ useObjectStreams: false });
      expect(pdfFormat.recognises(bytes)).toBe(true);
      expect(formatOf(bytes)).toBe(pdfFormat);
      const file = path.join(work, "long.pdf");
      writeFileSync(file, bytes);
      const expected = description.pages.map((_, page) => textsOf(description, page).join("")).join("");
      expect(pdfTextCompact(file)).toBe(compact(expected));
    });
  },
);

describe("formats by id", () => {
  it("finds each listed format under its own id, and nothing else", () => {
    expect(Object.keys(DOCUMENT_FORMATS).sort()).toEqual([...DOCUMENT_FORMAT_IDS].sort());
    for (const id of DOCUMENT_FORMAT_IDS) expect(documentFormat(id).id).toBe(id);
    expect(documentFormat("pdf")).toMatchObject({ mediaType: "application/pdf", fileExtension: ".pdf" });
    expect(isDocumentFormatId("pdf")).toBe(true);
    expect(isDocumentFormatId("ofd")).toBe(false);
  });
});
