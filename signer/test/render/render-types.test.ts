// Every shipped licence type renders its type.json example into a PDF that independent tools accept: fonts embedded,
// every value extractable as text, clean syntax, a QR code that decodes to the payload, and the metadata we promise.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFArray, PDFDict, PDFName, PDFStream } from "pdf-lib";
import type { PDFNumber } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { renderLicence } from "../../src/render/index.js";
import type { RenderInput } from "../../src/render/index.js";
import {
  REPO,
  compact,
  decodeQr,
  exampleInput,
  haveTools,
  pdfTextCompact,
  run,
  shippedTypeCodes,
  zhDate,
} from "./helpers.js";

const TOOLS = ["pdffonts", "pdftotext", "pdfinfo", "qpdf", "pdftoppm", "zbarimg"];
const ok = haveTools(TOOLS, "render-types");
const work = mkdtempSync(path.join(tmpdir(), "elicence-render-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const codes = shippedTypeCodes();

async function renderToFile(input: RenderInput, name: string): Promise<{ file: string; bytes: Uint8Array }> {
  const rendered = await renderLicence(input);
  const bytes = await rendered.doc.save({ useObjectStreams: false });
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

/** The strings a reader must find on the certificate for this example (dates in their printed form). */
function expectedTexts(input: RenderInput): string[] {
  const out = [
    input.licence.holder.name,
    input.licence.holder.code,
    input.licence.issuer.name,
    input.licence.identifier,
  ];
  const asPrinted = (v: unknown): string[] => {
    if (typeof v === "string") return [/^\d{4}-\d{2}-\d{2}$/u.test(v) ? zhDate(v) : v];
    if (Array.isArray(v)) return v.flatMap(asPrinted);
    return [String(v)];
  };
  for (const value of Object.values(input.licence.fields)) out.push(...asPrinted(value));
  return out;
}

describe("the shipped licence types", () => {
  it("are the four expected types, each with a layout", () => {
    expect(codes).toEqual([
      "11100000000013303A001",
      "11100000000019713D008",
      "11100000MB0143028R001",
      "11100000MB0143028R013",
    ]);
  });
});

describe.skipIf(!ok)("rendering each shipped type's example", () => {
  describe.each(codes)("type %s", (code) => {
    it("embeds every font, prints every value, passes qpdf and carries a readable QR code", async () => {
      const { input } = await exampleInput(code);
      const { file } = await renderToFile(input, code);

      const fonts = run("pdffonts", [file]);
      expect(fonts.status).toBe(0);
      const fontLines = fonts.stdout
        .split("\n")
        .slice(2)
        .filter((l) => l.trim() !== "");
      expect(fontLines.length).toBeGreaterThanOrEqual(2);
      for (const line of fontLines) {
        // name, type ("CID TrueType" is two words), encoding, emb, sub, uni, object, generation
        const cols = line.trim().split(/\s+/u);
        expect(cols.slice(-5, -2), line).toEqual(["yes", "yes", "yes"]);
      }

      const text = pdfTextCompact(file);
      for (const expected of expectedTexts(input))
        expect(text, `missing ${expected}`).toContain(compact(expected));
      expect(text).toContain(compact("本电子证照由 eLicence 生成，可扫描二维码核验"));

      expect(run("qpdf", ["--check", file]).status).toBe(0);
      expect(decodeQr(file, work)).toEqual([input.qrText]);
    });

    it("sets the document metadata from the licence", async () => {
      const { input } = await exampleInput(code);
      const { file, bytes } = await renderToFile(input, `${code}-meta`);
      const info = run("pdfinfo", ["-isodates", file]).stdout;
      const id = input.licence.identifier;
      expect(info).toMatch(
        new RegExp(`^Title:\\s+${input.type.name.zh} ${id.replace(/\./gu, "\\.")}$`, "mu"),
      );
      expect(info).toMatch(new RegExp(`^Subject:\\s+${id.replace(/\./gu, "\\.")}$`, "mu"));
      expect(info).toMatch(/^Keywords:.*1\.2\.156\.3005\.2\./mu);
      expect(info).toMatch(/^Producer:\s+eLicence$/mu);
      expect(info).toMatch(/^CreationDate:\s+2024-03-15T08:00:00/mu);
      expect(info).toMatch(/^ModDate:\s+2024-03-15T08:00:00/mu);
      expect(Buffer.from(bytes).toString("latin1")).toContain("/ELicenceIdentifier");
    });
  });
});

describe("render output", () => {
  it("is byte-for-byte deterministic for the same input", async () => {
    const { input } = await exampleInput("11100000MB0143028R001");
    const a = await (await renderLicence(input)).doc.save({ useObjectStreams: false });
    const b = await (await renderLicence(input)).doc.save({ useObjectStreams: false });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("hands back the seal as a form XObject sized to seal.rect, kept off the page content", async () => {
    const { input } = await exampleInput("11100000MB0143028R001");
    const r = await renderLicence(input);
    const [x, y, w, h] = r.seal.rect;
    const { width, height } = r.page.getSize();
    expect(w).toBeCloseTo((42 * 72) / 25.4, 3);
    expect(h).toBe(w);
    expect(x).toBeGreaterThan(0);
    expect(y).toBeGreaterThan(0);
    expect(x + w).toBeLessThan(width);
    expect(y + h).toBeLessThan(height);

    const xobject = r.doc.context.lookup(r.seal.appearance);
    expect(xobject).toBeInstanceOf(PDFStream);
    const dict = (xobject as PDFStream).dict;
    expect(dict.get(PDFName.of("Subtype"))).toBe(PDFName.of("Form"));
    const bbox = dict
      .lookup(PDFName.of("BBox"), PDFArray)
      .asArray()
      .map((n) => (n as PDFNumber).asNumber());
    expect(bbox).toEqual([0, 0, w, h]);
    const resources = dict.lookup(PDFName.of("Resources"), PDFDict);
    expect(resources.lookup(PDFName.of("Font"), PDFDict).keys()).toHaveLength(1);

    // Not drawn on the page unless asked: the page names no XObject.
    const xobjectNames = (page: typeof r.page) => {
      const found = page.node.Resources()?.lookup(PDFName.of("XObject"));
      return found instanceof PDFDict ? found.keys().length : 0;
    };
    expect(xobjectNames(r.page)).toBe(0);
    const preview = await renderLicence({ ...input, drawSealOnPage: true });
    expect(xobjectNames(preview.page)).toBe(1);
  });
});

describe.skipIf(!ok)("previews", () => {
  it("writes one PNG per type (seal drawn on the page) to test-artifacts/render", async () => {
    const outDir = path.join(REPO, "test-artifacts", "render");
    mkdirSync(outDir, { recursive: true });
    for (const code of codes) {
      const { input } = await exampleInput(code, { drawSealOnPage: true });
      const { file } = await renderToFile(input, `${code}-preview`);
      expect(
        run("pdftoppm", ["-r", "100", "-png", "-singlefile", file, path.join(outDir, code)]).status,
      ).toBe(0);
    }
  });
});
