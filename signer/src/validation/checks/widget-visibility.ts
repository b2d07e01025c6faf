// Whether a widget added after sealing can draw anything. Viewers resolve indirect values everywhere — an indirect
// /Rect, indirect numbers in it, an indirect /F — and normalise swapped corners, so this does too; anything it cannot
// read as a rectangle counts as visible. A zero-size widget may still carry an appearance that some renderers
// process (pdf.js puts it in its operator list), so only an empty appearance, or none, keeps it invisible.
import { isResourceProblem } from "../check.js";
import { FormatProblem } from "../limits.js";
import { PDict, PName, PRef, PStream, isInt, numberOf, type PValue } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";

const HIDDEN = 2;
const PRINT = 4;
const NO_VIEW = 32;
const TOGGLE_NO_VIEW = 256;

/**
 * Hidden hides everywhere. NoView hides on screen only: with Print the widget still prints (a forged date on paper),
 * and ToggleNoView shows it when the pointer passes.
 */
function hiddenByFlags(file: PdfFile, d: PDict, rev: number): boolean {
  const flags = file.resolve(d.get("F"), rev);
  if (!isInt(flags)) return false;
  if ((flags & HIDDEN) !== 0) return true;
  return (flags & NO_VIEW) !== 0 && (flags & (PRINT | TOGGLE_NO_VIEW)) === 0;
}

/** The area of /Rect with every part resolved; undefined when it is not four numbers. */
function area(file: PdfFile, d: PDict, rev: number): number | undefined {
  const rect = file.resolve(d.get("Rect"), rev);
  if (!Array.isArray(rect) || rect.length !== 4) return undefined;
  const n = rect.map((v: PValue) => numberOf(file.resolve(v, rev)));
  if (!n.every((x): x is number => x !== undefined && Number.isFinite(x))) return undefined;
  const [x1, y1, x2, y2] = n as [number, number, number, number];
  return Math.abs(x2 - x1) * Math.abs(y2 - y1);
}

/** Whether a stream of the appearance dictionary has any content (or cannot be read: then assume it draws). */
function appearanceDraws(file: PdfFile, d: PDict, rev: number): boolean {
  const ap = file.dict(d.get("AP"), rev);
  if (!ap) return d.get("AP") !== undefined;
  const streams: PValue[] = [];
  for (const v of ap.map.values()) {
    const target = file.resolve(v, rev);
    if (target instanceof PStream) streams.push(v);
    else if (target instanceof PDict) streams.push(...target.map.values());
    else if (target !== undefined && target !== null) return true;
  }
  for (const s of streams) {
    const located = s instanceof PRef ? file.object(s, rev) : undefined;
    if (!located || !(located.value instanceof PStream)) return true;
    try {
      const data = file.streamData(located.value, located);
      if (data.some((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x0c && c !== 0x00))
        return true;
    } catch (e) {
      if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
      return true;
    }
  }
  return false;
}

/** Whether `d` is an annotation that shows nothing: hidden by its flags, or of zero area with an empty appearance. */
export function invisibleWidget(file: PdfFile, d: PDict, rev: number): boolean {
  if (hiddenByFlags(file, d, rev)) return true;
  const a = area(file, d, rev);
  return a === 0 && !appearanceDraws(file, d, rev);
}

/** Whether a dictionary is (also) a widget annotation that must be judged for visibility. */
export function isWidget(d: PDict): boolean {
  const subtype = d.get("Subtype");
  return d.get("Rect") !== undefined || (subtype instanceof PName && subtype.name === "Widget");
}
