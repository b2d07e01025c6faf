// Whether a widget added after sealing shows anything, judged as viewers judge it: indirect values resolved, swapped
// corners normalised, a zero-size widget with a drawing appearance counted as visible (issue 9 differential corpus).
import { describe, expect, it } from "vitest";
import { Budget, resolveLimits } from "../limits.js";
import { PDict } from "../pdf/objects.js";
import { PdfFile } from "../pdf/pdf-file.js";
import { PdfParser } from "../pdf/parser.js";
import { invisibleWidget } from "./widget-visibility.js";

const OBJECTS = [
  "<</Type /Catalog /Pages 2 0 R>>", // 1
  "<</Type /Pages /Kids [] /Count 0>>", // 2
  "[50 50 250 120]", // 3: a rectangle stored on its own
  "<</Length 22>>\nstream\n1 0 0 rg 0 0 9 9 re f\nendstream", // 4: an appearance that draws
  "<</Length 1>>\nstream\n \nendstream", // 5: an empty appearance
  "4", // 6: a number stored on its own (Hidden flag is 2)
];

function file(): PdfFile {
  let text = "%PDF-1.7\n";
  const offsets: number[] = [];
  OBJECTS.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${OBJECTS.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) text += `${String(o).padStart(10, "0")} 00000 n \n`;
  text += `trailer\n<</Size ${OBJECTS.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return PdfFile.open(new Uint8Array(Buffer.from(text, "latin1")), new Budget(resolveLimits({})));
}

/** A widget dictionary parsed by the validator's own parser, judged against the file above. */
function invisible(widget: string): boolean {
  const f = file();
  const bytes = new Uint8Array(Buffer.from(`99 0 obj\n${widget}\nendobj\n`, "latin1"));
  const v = new PdfParser(bytes, 0, new Budget(resolveLimits({}))).parseIndirect(() => undefined).value;
  if (!(v instanceof PDict)) throw new Error("not a dictionary");
  return invisibleWidget(f, v, f.last);
}

describe("invisibleWidget", () => {
  it("a zero-size widget without an appearance, or with an empty one, is invisible; so is a hidden one", () => {
    expect(invisible("<</Subtype /Widget /Rect [0 0 0 0]>>")).toBe(true);
    expect(invisible("<</Subtype /Widget /Rect [0 0 0 0] /AP <</N 5 0 R>>>>")).toBe(true);
    expect(invisible("<</Subtype /Widget /Rect [50 50 250 120] /F 2>>")).toBe(true);
    expect(invisible("<</Subtype /Widget /Rect [50 50 250 120] /F 6 0 R>>")).toBe(false); // 4 is Print, not Hidden
  });

  it("counts as visible what viewers draw", () => {
    expect(invisible("<</Subtype /Widget /Rect 3 0 R>>")).toBe(false); // indirect rectangle
    expect(invisible("<</Subtype /Widget /Rect [3 0 R 50 250 120]>>")).toBe(false); // unreadable part
    expect(invisible("<</Subtype /Widget /Rect [250 120 50 50]>>")).toBe(false); // swapped corners
    expect(invisible("<</Subtype /Widget /Rect [0 0 0 0] /AP <</N 4 0 R>>>>")).toBe(false); // draws at zero size
    expect(invisible("<</Subtype /Widget>>")).toBe(false); // no rectangle to judge
    expect(invisible("<</Subtype /Widget /Rect [50 50 250 120] /F 36>>")).toBe(false); // NoView + Print: printed
    expect(invisible("<</Subtype /Widget /Rect [50 50 250 120] /F 288>>")).toBe(false); // NoView + ToggleNoView
    expect(invisible("<</Subtype /Widget /Rect [50 50 250 120] /F 32>>")).toBe(true); // NoView alone
  });
});
