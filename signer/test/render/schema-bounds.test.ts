// Every value a type's schema allows prints: for every shipped type, every field at its bound (texts at maxLength,
// lists at maxItems; wide CJK, ASCII, one unbreakable Latin word, a mix, line breaks) and a 200-character holder name,
// rendering never throws, pdf.js finds every text item inside the page's printable area (within the margins), every
// value line the renderer placed is in the PDF where it says and inside its box, and every character of every value
// is printed (on the licence page or continued on attachment pages).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import { pageSizeMm, renderLicence } from "../../src/render/index.js";
import type { RenderInput } from "../../src/render/index.js";
import { compact, exampleInput, shippedTypeCodes, zhDate } from "./helpers.js";
import { fieldsAtBounds, TEXT_STYLES, textOf } from "./schema-bounds.js";
import type { TextStyle, TypeSchema } from "./schema-bounds.js";

const PT_PER_MM = 72 / 25.4;
const CONTINUED_MARK = "（续见附页）";
const RUNS = Number(process.env.ELICENCE_LAYOUT_RUNS ?? 3);
/** Registry limit of a holder's name (HOLDER_NAME_MAX_LENGTH in registry/src/licences/rules/holder-name.ts: REG_HOLDER_NAME_TOO_LONG beyond it). */
const HOLDER_NAME_MAX = 200;

let pdfjs: Promise<typeof PdfJsModule> | undefined;
const loadPdfJs = () => (pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs"));

interface Item {
  str: string;
  x: number;
  /** Baseline from the top of the page. */
  baselineTop: number;
  width: number;
  size: number;
}

/** pdf.js's text items of every page, positions in points from the top-left corner. */
async function textItems(bytes: Uint8Array): Promise<{ width: number; height: number; pages: Item[][] }> {
  const lib = await loadPdfJs();
  const doc = await lib.getDocument({
    data: bytes,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  }).promise;
  try {
    const pages: Item[][] = [];
    let width = 0;
    let height = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const i of content.items) {
        if (!("str" in i) || i.str.trim() === "") continue;
        const [a, , , d, e, f] = i.transform as number[];
        items.push({
          str: i.str,
          x: e ?? 0,
          baselineTop: height - (f ?? 0),
          width: i.width,
          size: Math.abs(d ?? a ?? 0),
        });
      }
      pages.push(items);
    }
    return { width, height, pages };
  } finally {
    await doc.destroy();
  }
}

/** How the licence prints a field's value: dates as 2024年03月15日, lists item by item. */
function printed(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(printed);
  if (typeof value === "string") return [/^\d{4}-\d{2}-\d{2}$/u.test(value) ? zhDate(value) : value];
  return [String(value)];
}

async function check(input: RenderInput): Promise<void> {
  const rendered = await renderLicence(input);
  const bytes = await rendered.doc.save({ useObjectStreams: false });
  const { width, height, pages } = await textItems(bytes);
  expect(pages.length).toBe(rendered.pageCount);

  // Inside the printable area: within the margins the frame is drawn along, on every page.
  const m = input.layout.marginsMm;
  const { widthMm, heightMm } = pageSizeMm(input.layout.page);
  expect(width).toBeCloseTo(widthMm * PT_PER_MM, 0);
  expect(height).toBeCloseTo(heightMm * PT_PER_MM, 0);
  pages.forEach((items, p) => {
    for (const item of items) {
      const where = `page ${p + 1}: "${item.str}"`;
      expect(item.x, where).toBeGreaterThanOrEqual(m.left * PT_PER_MM - 0.5);
      expect(item.x + item.width, where).toBeLessThanOrEqual(width - m.right * PT_PER_MM + 0.5);
      expect(item.baselineTop - 0.88 * item.size, where).toBeGreaterThanOrEqual(m.top * PT_PER_MM - 0.5);
      expect(item.baselineTop + 0.12 * item.size, where).toBeLessThanOrEqual(
        height - m.bottom * PT_PER_MM + 0.5,
      );
    }
  });

  // Every placed line is in the PDF at its place, inside its box.
  for (const placement of rendered.placements) {
    const items = pages[placement.page - 1] ?? [];
    const { box } = placement;
    for (const line of placement.lines) {
      const where = `${placement.field} page ${placement.page}: "${line.text}"`;
      // pdf.js joins a value's line to its label when they are close (one item "称 海丰县…"): then the item spans
      // the line's start and ends with the line.
      const sameBaseline = items.filter((i) => Math.abs(i.baselineTop - line.baselineTop) < 0.5);
      const item =
        sameBaseline.find((i) => Math.abs(i.x - line.x) < 0.5) ??
        sameBaseline.find(
          (i) => i.x < line.x && i.x + i.width > line.x + 0.5 && compact(i.str).endsWith(compact(line.text)),
        );
      expect(item, where).toBeDefined();
      if (!item) continue;
      expect(compact(item.str).endsWith(compact(line.text)), where).toBe(true);
      expect(line.x, where).toBeGreaterThanOrEqual(box.left - 0.5);
      expect(item.x + item.width, where).toBeLessThanOrEqual(box.right + 0.5);
      expect(item.baselineTop - 0.88 * item.size, where).toBeGreaterThanOrEqual(box.top - 0.5);
      expect(item.baselineTop + 0.12 * item.size, where).toBeLessThanOrEqual(box.bottom + 0.5);
    }
  }

  // Every character of every value is printed: a row's lines (licence page, then attachment pages) give the value
  // back whole; values printed by templates (headers, combined rows) are in the text as they are.
  const allText = compact(
    pages
      .flat()
      .map((i) => i.str)
      .join(""),
  );
  const linesOf = (field: string) =>
    compact(
      rendered.placements
        .filter((p) => p.field === field)
        .flatMap((p) => p.lines.map((l) => l.text))
        .join("")
        .split(CONTINUED_MARK)
        .join(""),
    );
  const values: [string, unknown][] = [
    ["holder.name", input.licence.holder.name],
    ...Object.entries(input.licence.fields),
  ];
  for (const [field, value] of values) {
    const placed = rendered.placements.some((p) => p.field === field);
    for (const text of printed(value)) {
      const expected = compact(text);
      if (placed) expect(linesOf(field), field).toContain(expected);
      else expect(allText, field).toContain(expected);
    }
  }
}

describe.each(shippedTypeCodes())(
  "type %s: every field at its schema bound renders and prints whole",
  (code) => {
    it.each(TEXT_STYLES)("%s text", async (style: TextStyle) => {
      const { input, template } = await exampleInput(code);
      const schema = (template.typeJson as { schema: TypeSchema }).schema;
      await fc.assert(
        fc.asyncProperty(
          fieldsAtBounds(schema, style),
          textOf(style, HOLDER_NAME_MAX),
          async (fields, name) => {
            await check({
              ...input,
              licence: { ...input.licence, fields, holder: { ...input.licence.holder, name } },
            });
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  },
);

describe("the checks can fail", () => {
  it("a layout whose value box runs past the right margin is caught", async () => {
    const { input } = await exampleInput("11100000MB0143028R001");
    const layout = structuredClone(input.layout);
    const scope = layout.rows.find((r) => r.field === "businessScope");
    if (!scope) throw new Error("no businessScope row");
    scope.widthMm = 260;
    input.licence.fields.businessScope = "经营范围".repeat(100);
    await expect(check({ ...input, layout })).rejects.toThrow();
  });
});
