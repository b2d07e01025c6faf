// Attachment pages (附页): where values too long for their boxes on the licence page continue. Each page names the
// licence it belongs to (type, identifier, holder), carries "第 N 页 共 M 页", and says that the seal on page 1
// covers it: the PAdES signature covers the whole document, and the seal picture is shown only by the signature's
// widget on page 1 (a seal painted into page content would prove nothing and could be copied).
import { CONTINUED_LABEL_SUFFIX } from "./continuation.js";
import { fitSingleLine, textWidth, wrapText } from "./text-layout.js";
import type { MeasuringFont } from "./text-layout.js";

export interface ContinuedValue {
  field: string;
  label: string;
  text: string;
}

/** One line of text: baseline measured from the top of the page, all in points. */
export interface PlannedLine {
  text: string;
  x: number;
  baselineTop: number;
  size: number;
}

/** Where a value's lines were placed and the box they must stay in (points from the page's top-left corner). */
export interface TextPlacement {
  /** 1 = the licence page; attachment pages follow. */
  page: number;
  field: string;
  box: { left: number; top: number; right: number; bottom: number };
  lines: PlannedLine[];
}

export interface AttachmentPage {
  lines: PlannedLine[];
  placements: TextPlacement[];
}

export interface AttachmentSpec {
  /** Page size in points. */
  width: number;
  height: number;
  /** Margins in points (the frame is drawn along them). */
  margins: { top: number; right: number; bottom: number; left: number };
  title: string;
  identifier: string;
  holderLine: string;
  body: { sizePt: number; lineHeight: number; rowGap: number };
}

const PT_PER_MM = 72 / 25.4;
const mm = (v: number): number => v * PT_PER_MM;
const INSET = mm(12);
const TITLE_SIZE = 16;
const SMALL_SIZE = 9;
const NOTE_SIZE = 8;
const CAP_EM = 0.88;
const MID_EM = 0.38;
/** Reserved for the page mark beside the identifier: the widest mark a licence can need. */
const WIDEST_MARK = pageMark(999, 999);

export const ATTACHMENT_TITLE_SUFFIX = "（附页）";
export const ATTACHMENT_NOTE =
  "本附页与第 1 页为同一份电子证照，第 1 页电子印章的签名覆盖全部页面；请扫描第 1 页二维码核验";

export function pageMark(page: number, total: number): string {
  return `第 ${page} 页 共 ${total} 页`;
}

/** Every character an attachment page may draw besides the continued values and labels (for the font subset). */
export function attachmentStaticText(): string {
  return (
    ATTACHMENT_TITLE_SUFFIX +
    CONTINUED_LABEL_SUFFIX +
    ATTACHMENT_NOTE +
    WIDEST_MARK +
    "0123456789证照标识：\u3000"
  );
}

/**
 * Lays the continued values out on as many attachment pages as they need, at the body's preferred size across the
 * page's width. Page marks are left out: `markFor` draws them once the page count is known.
 */
export function planAttachmentPages(
  font: MeasuringFont,
  spec: AttachmentSpec,
  continued: readonly ContinuedValue[],
): AttachmentPage[] {
  if (continued.length === 0) return [];
  const left = spec.margins.left + INSET;
  const right = spec.width - spec.margins.right - INSET;
  const width = right - left;
  const header = planHeader(font, spec, left, right);
  const contentTop = header.bottom + mm(6);
  const contentBottom = spec.height - spec.margins.bottom - mm(16);
  const { sizePt: size, lineHeight } = spec.body;
  const lineBox = size * lineHeight;

  const pages: AttachmentPage[] = [];
  let page: AttachmentPage | undefined;
  let y = contentTop;
  const newPage = (): AttachmentPage => {
    const p: AttachmentPage = { lines: [...header.lines, noteLine(font, spec, left, right)], placements: [] };
    pages.push(p);
    y = contentTop;
    return p;
  };
  /** Places one line at the cursor, on a new page when this one is full. */
  const place = (text: string, field: string | undefined): void => {
    if (!page || y + lineBox > contentBottom + 0.01) page = newPage();
    const line: PlannedLine = { text, x: left, baselineTop: y + lineBox / 2 + MID_EM * size, size };
    page.lines.push(line);
    y += lineBox;
    if (field === undefined || text === "") return;
    const pageNumber = pages.length + 1;
    let placement = page.placements.find((p) => p.field === field);
    if (!placement) {
      placement = {
        page: pageNumber,
        field,
        box: { left, top: contentTop, right, bottom: contentBottom },
        lines: [],
      };
      page.placements.push(placement);
    }
    placement.lines.push(line);
  };

  continued.forEach((value, i) => {
    if (i > 0) y += spec.body.rowGap;
    const label = `${value.label}${CONTINUED_LABEL_SUFFIX}：`;
    for (const line of wrapText(font, label, width, size)) place(line, undefined);
    for (const line of wrapText(font, value.text, width, size)) place(line, value.field);
  });
  return pages;
}

/** "第 N 页 共 M 页" for attachment page `page` (2 or more), right-aligned on the identifier line. */
export function markFor(font: MeasuringFont, spec: AttachmentSpec, page: number, total: number): PlannedLine {
  const text = pageMark(page, total);
  const right = spec.width - spec.margins.right - INSET;
  return {
    text,
    x: right - textWidth(font, text, SMALL_SIZE),
    baselineTop: identifierBaseline(spec),
    size: SMALL_SIZE,
  };
}

function identifierBaseline(spec: AttachmentSpec): number {
  return spec.margins.top + mm(10) + TITLE_SIZE * 1.2 + mm(5) + CAP_EM * SMALL_SIZE;
}

function planHeader(
  font: MeasuringFont,
  spec: AttachmentSpec,
  left: number,
  right: number,
): { lines: PlannedLine[]; bottom: number } {
  const width = right - left;
  const lines: PlannedLine[] = [];
  const titleSize = fitSingleLine(font, spec.title, width, TITLE_SIZE, 8);
  const titleWidth = textWidth(font, spec.title, titleSize);
  lines.push({
    text: spec.title,
    x: (left + right) / 2 - titleWidth / 2,
    baselineTop: spec.margins.top + mm(10) + CAP_EM * titleSize,
    size: titleSize,
  });
  const identifier = `证照标识：${spec.identifier}`;
  const markRoom = textWidth(font, WIDEST_MARK, SMALL_SIZE) + mm(5);
  let baselineTop = identifierBaseline(spec);
  lines.push({
    text: identifier,
    x: left,
    baselineTop,
    size: fitSingleLine(font, identifier, width - markRoom, SMALL_SIZE, 5),
  });
  for (const text of wrapText(font, spec.holderLine, width, SMALL_SIZE)) {
    baselineTop += SMALL_SIZE * 1.6;
    lines.push({ text, x: left, baselineTop, size: SMALL_SIZE });
  }
  return { lines, bottom: baselineTop + SMALL_SIZE * 0.3 };
}

function noteLine(font: MeasuringFont, spec: AttachmentSpec, left: number, right: number): PlannedLine {
  const size = fitSingleLine(font, ATTACHMENT_NOTE, right - left, NOTE_SIZE, 5);
  return {
    text: ATTACHMENT_NOTE,
    x: left,
    baselineTop: spec.height - spec.margins.bottom - mm(8),
    size,
  };
}
