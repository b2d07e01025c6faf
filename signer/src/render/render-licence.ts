// Renders one licence into an unsaved PDF: the layout engine's format-neutral description (describe-licence.ts)
// written by the PDF writer (formats/pdf/write-pdf.ts). Kept as one call for the PDF callers (the sealer, previews,
// tests); another format takes describeLicence's output to its own writer.
import { writePdf } from "../formats/pdf/write-pdf.js";
import type { RenderedLicence } from "../formats/pdf/write-pdf.js";
import { describeLicence } from "./describe-licence.js";
import type { DescribeInput } from "./describe-licence.js";

export { GENERATED_NOTICE } from "./describe-licence.js";
export { PRODUCER } from "../formats/pdf/write-pdf.js";
export type { RenderedLicence } from "../formats/pdf/write-pdf.js";

export type RenderInput = DescribeInput;

/** Renders the licence; throws RenderError (SIG_RENDER_*) for missing values, missing glyphs or overflowing text. */
export async function renderLicence(input: RenderInput): Promise<RenderedLicence> {
  return writePdf(await describeLicence(input));
}
