// Reads one licence-type folder (templates/<type code>/type.json + layout.json) into what renderLicence needs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseLayout } from "./layout.js";
import type { Layout, LayoutTypeInfo } from "./layout.js";
import { RenderError } from "./render-errors.js";
import { renderTypeFromTypeJson } from "./render-type.js";
import type { RenderType } from "./render-type.js";

export interface LoadedTemplate {
  layout: Layout;
  type: RenderType & LayoutTypeInfo;
  /** type.json as parsed, for callers that want its example or issuers. */
  typeJson: unknown;
}

/** Loads and validates a type folder; layout errors name the layout file and the field. */
export async function loadTemplate(dir: string): Promise<LoadedTemplate> {
  const typeJson = await readJson(path.join(dir, "type.json"));
  const type = renderTypeFromTypeJson(typeJson);
  const layoutFile = path.join(dir, "layout.json");
  const layout = parseLayout(await readJson(layoutFile), layoutFile, type);
  return { layout, type, typeJson };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new RenderError("SIG_RENDER_LAYOUT_INVALID", `${file}: cannot read (${(err as Error).message})`, [
      { path: "", message: "cannot read" },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RenderError(
      "SIG_RENDER_LAYOUT_INVALID",
      `${file}: not valid JSON (${(err as Error).message})`,
      [{ path: "", message: "not valid JSON" }],
    );
  }
}
