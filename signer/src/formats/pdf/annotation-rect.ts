// Where an annotated copy's note (加注件) goes on a PDF licence page, in PDF points (origin lower-left): the empty
// signature field every sealed PDF carries for it.
import type { SealRect } from "../../pades/add-signature-field.js";
import { pageSizeMm } from "../../render/layout.js";
import type { Layout } from "../../render/layout.js";

const PT_PER_MM = 72 / 25.4;
/** The note's box: as wide as the first body column's rows (at most NOTE_MAX_WIDTH_MM), NOTE_HEIGHT_MM high. */
const NOTE_MAX_WIDTH_MM = 120;
const NOTE_HEIGHT_MM = 12;

/**
 * Where an annotated copy's note draws, in PDF points: on the licence body, like the words a clerk writes on a
 * photocopy, so that it cannot be trimmed off: the layout's `annotation` box, or by default centred on the first body
 * column (label and value boxes) and resting on the column's bottom line, which keeps it inside the frame, clear of
 * the page edges, the QR code, the seal and the footer (layouts keep those outside the body columns).
 */
export function annotationRect(layout: Layout): SealRect {
  const { heightMm } = pageSizeMm(layout.page);
  if (layout.annotation) {
    const a = layout.annotation;
    return {
      x: a.leftMm * PT_PER_MM,
      y: (heightMm - a.topMm - a.heightMm) * PT_PER_MM,
      width: a.widthMm * PT_PER_MM,
      height: a.heightMm * PT_PER_MM,
    };
  }
  const column = layout.body.columns[0];
  if (!column) throw new Error("a layout has at least one body column");
  const rows = layout.rows.filter((r) => (r.column ?? 0) === 0);
  const valueWidth = Math.max(0, ...rows.map((r) => r.widthMm));
  const left = column.leftMm;
  const right = column.leftMm + column.labelWidthMm + valueWidth;
  const width = Math.min(NOTE_MAX_WIDTH_MM, right - left);
  const x = left + (right - left - width) / 2;
  const height = Math.min(NOTE_HEIGHT_MM, column.bottomMm - column.topMm);
  return {
    x: x * PT_PER_MM,
    y: (heightMm - column.bottomMm) * PT_PER_MM,
    width: width * PT_PER_MM,
    height: height * PT_PER_MM,
  };
}
