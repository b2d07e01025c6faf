// The layout engine: one licence and its type's layout become a format-neutral page description (page-description.ts):
// title, header, rows, QR code, footer, the seal to show, and attachment pages (附页) where a value too long for its box
// even at the smallest size continues. Every value is checked against the licence font here, so each format's writer
// gets only text it can draw. Writers live in formats/ (PDF today).
import {
  ATTACHMENT_TITLE_SUFFIX,
  attachmentStaticText,
  markFor,
  pageMark,
  planAttachmentPages,
} from "./attachment-pages.js";
import type { AttachmentSpec, ContinuedValue, PlannedLine, TextPlacement } from "./attachment-pages.js";
import { CONTINUED_MARK, splitForContinuation } from "./continuation.js";
import { loadFonts, missingChars, primaryFont } from "./fonts.js";
import type { FontSet, LoadedFont } from "./fonts.js";
import { pageSizeMm } from "./layout.js";
import type { FooterLine, Layout, Row } from "./layout.js";
import { licenceValue } from "./licence-values.js";
import type { RenderLicenceData } from "./licence-values.js";
import type { LicenceDescription, PageItem, Rgb } from "./page-description.js";
import { qrMatrix } from "./qr.js";
import { RenderError } from "./render-errors.js";
import { defaultLabel } from "./render-type.js";
import type { RenderType } from "./render-type.js";
import { DEFAULT_SEAL_CAPTION, sealText } from "./seal.js";
import type { SealSpec } from "./seal.js";
import { fillTemplate } from "./template.js";
import { fitSingleLine, fitText, justifyOffsets, textWidth } from "./text-layout.js";

export interface DescribeInput {
  layout: Layout;
  type: RenderType;
  licence: RenderLicenceData;
  /** Exact text of the QR code (the signed payload or the verification URL). */
  qrText: string;
  /** Seal code printed along the seal's lower arc (印章编码); none when absent. */
  sealCode?: string;
  /** Creation time the document records: the same input gives the same document. */
  now: Date;
  /** Also paint the seal into the page content (previews only: a sealed document shows it through its signature). */
  drawSealOnPage?: boolean;
}

export const GENERATED_NOTICE = "本电子证照由 eLicence 生成，可扫描二维码核验";
const PT_PER_MM = 72 / 25.4;
// Top of CJK ideographs above the baseline (Noto Sans SC: about 0.84–0.88 em); places text by its visible top.
const CAP_EM = 0.88;
// Visual middle of an ideograph above the baseline.
const MID_EM = 0.38;
const LABEL_GAP_MM = 2;
const HEADER_INSET_MM = 5;
const DEFAULT_JOIN = "；";
const BLACK: Rgb = { red: 0, green: 0, blue: 0 };

const mm = (v: number): number => v * PT_PER_MM;

interface ResolvedRow {
  row: Row;
  column: number;
  label: string;
  value: string;
}

interface PlacedLine {
  text: string;
  x: number;
  /** Baseline, measured from the top of the page in points. */
  baselineTop: number;
  size: number;
  bold: boolean;
  color: Rgb;
}

/**
 * Lays the licence out; throws RenderError (SIG_RENDER_*) for missing values, missing glyphs or overflowing text.
 * Items are listed in painting order, which the PDF writer keeps (the same order as before the description existed).
 */
export async function describeLicence(input: DescribeInput): Promise<LicenceDescription> {
  const fonts = await loadFonts();
  const { layout, type, licence } = input;
  const lookup = (key: string, join: string | undefined) => licenceValue(licence, key, join ?? DEFAULT_JOIN);

  const rows = resolveRows(layout, type, licence);
  const headerLeft = (layout.header?.left ?? []).map((l) => fillTemplate(l.text, lookup)).filter(isText);
  const headerRight = (layout.header?.right ?? []).map((l) => fillTemplate(l.text, lookup)).filter(isText);
  const footer = layout.footer
    .map((f) => ({ line: f, text: fillTemplate(f.text, lookup) }))
    .filter((f): f is { line: FooterLine; text: string } => isText(f.text));
  const sealSpec: SealSpec = {
    departmentName: licence.issuer.name,
    caption: layout.seal.caption ?? DEFAULT_SEAL_CAPTION,
    diameter: mm(layout.seal.diameterMm),
  };
  if (input.sealCode) sealSpec.code = input.sealCode;

  // Every value is checked against the font first, so the error names the field instead of a character soup.
  const regularTexts: [string, string][] = [
    ...rows.flatMap((r): [string, string][] => [
      [`rows.${r.row.field}`, r.value],
      [`label of ${r.row.field}`, r.label + (layout.body.labelSuffix ?? "")],
    ]),
    ...headerLeft.map((t): [string, string] => ["header", t]),
    ...headerRight.map((t): [string, string] => ["header", t]),
    ...footer.filter((f) => !f.line.bold).map((f): [string, string] => ["footer", f.text]),
    ["title.en", layout.title.en ?? ""],
    ["qr.caption", layout.qr.caption ?? ""],
    ["attachment page", attachmentStaticText() + CONTINUED_MARK + attachmentTitle(type)],
    ["attachment page holder line", holderLine(type, licence)],
    ["attachment page identifier", licence.identifier],
  ];
  const boldTexts: [string, string][] = [
    ["title.zh", layout.title.zh],
    ["issuer.name (seal)", sealText(sealSpec)],
    ...footer.filter((f) => f.line.bold).map((f): [string, string] => ["footer", f.text]),
  ];
  // With a fallback font configured (useFallbackFont) a character Noto Sans SC lacks is drawn with it; the seal's
  // ring of text is one font's glyphs (seal.ts), so the department's name must be the licence font's own.
  assertCovered(fonts.regular, regularTexts);
  assertCovered(fonts.bold, boldTexts);
  assertCovered(primaryFont(fonts.bold), boldTexts.slice(1, 2));

  const { widthMm, heightMm } = pageSizeMm(layout.page);
  const W = mm(widthMm);
  const H = mm(heightMm);
  const first: DescribedPageDraft = { width: W, height: H, items: [] };
  const ctx: DrawContext = { items: first.items, H, fonts };

  drawFrame(ctx, layout, W);
  drawTitle(ctx, layout, W);
  drawHeader(ctx, layout, W, headerLeft, headerRight);
  const body = drawBody(ctx, layout, rows);
  drawFooter(ctx, layout, W, footer);
  const attachment: AttachmentSpec = {
    width: W,
    height: H,
    margins: {
      top: mm(layout.marginsMm.top),
      right: mm(layout.marginsMm.right),
      bottom: mm(layout.marginsMm.bottom),
      left: mm(layout.marginsMm.left),
    },
    title: attachmentTitle(type),
    identifier: licence.identifier,
    holderLine: holderLine(type, licence),
    body: {
      sizePt: layout.body.sizePt,
      lineHeight: layout.body.lineHeight,
      rowGap: mm(layout.body.rowGapMm),
    },
  };
  const attachments = planAttachmentPages(fonts.regular, attachment, body.continued);
  const pageCount = 1 + attachments.length;
  if (pageCount > 1) drawMainPageMark(ctx, layout, W, pageMark(1, pageCount));

  const matrix = qrMatrix(input.qrText);
  const qrSide = mm(layout.qr.sizeMm);
  ctx.items.push({ kind: "qr", matrix, x: mm(layout.qr.leftMm), top: mm(layout.qr.topMm), side: qrSide });
  if (layout.qr.caption) {
    const size = layout.qr.captionSizePt ?? 8;
    const w = textWidth(fonts.regular, layout.qr.caption, size);
    const x = mm(layout.qr.leftMm) + qrSide / 2 - w / 2;
    drawLine(ctx, {
      text: layout.qr.caption,
      x,
      baselineTop: mm(layout.qr.topMm) + qrSide + CAP_EM * size + 1,
      size,
      bold: false,
      color: { red: 0.2, green: 0.2, blue: 0.2 },
    });
  }

  const [cxMm, cyMm] = layout.seal.centerMm;
  const pages = [first];
  const placements = [...body.placements];
  attachments.forEach((planned, i) => {
    const extra: DrawContext = { ...ctx, items: [] };
    pages.push({ width: W, height: H, items: extra.items });
    drawFrame(extra, layout, W);
    for (const line of [...planned.lines, markFor(fonts.regular, attachment, i + 2, pageCount)])
      drawLine(extra, { ...line, bold: false, color: BLACK });
    placements.push(...planned.placements);
  });

  return {
    pages,
    seal: { spec: sealSpec, centerX: mm(cxMm), centerY: mm(cyMm), onPage: input.drawSealOnPage === true },
    glyphs: {
      regular: regularTexts.map((t) => t[1]).join("") + " ",
      bold: boldTexts.map((t) => t[1]).join("") + " ",
    },
    meta: {
      title: `${type.name.zh} ${licence.identifier}`,
      subject: licence.identifier,
      keywords: [licence.identifier, type.code, type.name.zh, "电子证照"],
      author: licence.issuer.name,
      language: "zh-CN",
      identifier: licence.identifier,
      created: input.now,
    },
    placements,
    qrVersion: matrix.version,
  };
}

interface DescribedPageDraft {
  width: number;
  height: number;
  items: PageItem[];
}

function attachmentTitle(type: RenderType): string {
  return `${type.name.zh}${ATTACHMENT_TITLE_SUFFIX}`;
}

/** The holder as attachment pages name them: 名称：… 统一社会信用代码：… (the type's own holder titles). */
function holderLine(type: RenderType, licence: RenderLicenceData): string {
  return (
    `${defaultLabel(type, "holder.name")}：${oneLine(licence.holder.name)}\u3000` +
    `${defaultLabel(type, "holder.code")}：${oneLine(licence.holder.code)}`
  );
}

function oneLine(s: string): string {
  return s.replace(/\s+/gu, " ").trim();
}

/** "第 1 页 共 M 页" on the licence page, where the layout puts it (default: bottom right, inside the frame). */
function drawMainPageMark(ctx: DrawContext, layout: Layout, W: number, text: string): void {
  const spec = layout.pageMark ?? {
    xMm: pageSizeMm(layout.page).widthMm - layout.marginsMm.right - 4,
    topMm: pageSizeMm(layout.page).heightMm - layout.marginsMm.bottom - 6,
    align: "right" as const,
  };
  const size = spec.sizePt ?? 9;
  const w = textWidth(ctx.fonts.regular, text, size);
  const anchor = mm(spec.xMm);
  const x = spec.align === "right" ? anchor - w : spec.align === "center" ? anchor - w / 2 : anchor;
  drawLine(ctx, {
    text,
    x: Math.min(Math.max(x, mm(layout.marginsMm.left + 1)), W - mm(layout.marginsMm.right + 1) - w),
    baselineTop: mm(spec.topMm) + CAP_EM * size,
    size,
    bold: false,
    color: BLACK,
  });
}

interface DrawContext {
  /** The page being described: items are appended in painting order. */
  items: PageItem[];
  H: number;
  /** Measures text (widths, wrapping, shrinking); a writer draws it with its own embedding of the same faces. */
  fonts: FontSet;
}

function isText(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== "";
}

function resolveRows(layout: Layout, type: RenderType, licence: RenderLicenceData): ResolvedRow[] {
  const out: ResolvedRow[] = [];
  const missing: string[] = [];
  for (const row of layout.rows) {
    const lookup = (key: string, join: string | undefined) =>
      licenceValue(licence, key, join ?? row.join ?? DEFAULT_JOIN);
    const value = fillTemplate(row.text ?? `{${row.field}}`, lookup);
    if (!isText(value)) {
      if (!row.optional) missing.push(row.field);
      continue;
    }
    const label =
      fillTemplate(row.label ?? defaultLabel(type, row.field), lookup) ?? defaultLabel(type, row.field);
    out.push({ row, column: row.column ?? 0, label, value: value.trim() });
  }
  if (missing.length > 0) {
    throw new RenderError(
      "SIG_RENDER_FIELD_MISSING",
      `licence ${licence.identifier} has no value for ${missing.join(", ")}, which the ${type.code} layout prints; ` +
        'supply the value or mark the layout row "optional": true',
    );
  }
  return out;
}

/** Every text the font cannot draw, all at once: one line per place, `details` naming each place and code point. */
function assertCovered(font: LoadedFont, texts: [string, string][]): void {
  const problems: { path: string; message: string }[] = [];
  for (const [where, text] of texts) {
    const missing = missingChars(font, text);
    if (missing.length === 0 || problems.some((p) => p.path === where)) continue;
    const list = missing
      .map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`)
      .join(", ");
    problems.push({ path: where, message: `the licence font (Noto Sans SC) has no glyph for ${list}` });
  }
  if (problems.length === 0) return;
  throw new RenderError(
    "SIG_RENDER_GLYPH_MISSING",
    problems.map((p) => `${p.path}: ${p.message}`).join("\n") +
      "\nrecord the values with characters the font covers",
    problems,
  );
}

function drawLine(ctx: DrawContext, line: PlacedLine): void {
  ctx.items.push({
    kind: "text",
    text: line.text,
    x: line.x,
    baselineTop: line.baselineTop,
    size: line.size,
    weight: line.bold ? "bold" : "regular",
    color: line.color,
  });
}

function drawFrame(ctx: DrawContext, layout: Layout, W: number): void {
  if (!layout.frame) return;
  const { top, right, bottom, left } = layout.marginsMm;
  const color = hexColor(layout.frame.color ?? "#9C7A3C");
  const width = layout.frame.widthPt ?? 1.2;
  const box = (inset: number, strokeWidth: number) =>
    ctx.items.push({
      kind: "box",
      x: mm(left) + inset,
      top: mm(top) + inset,
      width: W - mm(left) - mm(right) - 2 * inset,
      height: ctx.H - mm(top) - mm(bottom) - 2 * inset,
      strokeWidth,
      color,
    });
  box(0, width);
  if (layout.frame.style === "double") box(mm(1.5), width / 2.5);
}

function drawTitle(ctx: DrawContext, layout: Layout, W: number): void {
  const { title } = layout;
  const size = title.sizePt;
  const spacing = (title.letterSpacingEm ?? 0) * size;
  const chars = [...title.zh];
  const widths = chars.map((c) => textWidth(ctx.fonts.bold, c, size));
  const total = widths.reduce((a, b) => a + b, 0) + spacing * (chars.length - 1);
  let x = W / 2 - total / 2;
  const baselineTop = mm(title.topMm) + CAP_EM * size;
  const color = hexColor(title.color);
  // One character at a time: pdf-lib has no character spacing, and centring must ignore the last gap.
  chars.forEach((char, i) => {
    drawLine(ctx, { text: char, x, baselineTop, size, bold: true, color });
    x += (widths[i] ?? 0) + spacing;
  });
  if (title.en) {
    const enSize = title.enSizePt ?? 11;
    const w = textWidth(ctx.fonts.regular, title.en, enSize);
    drawLine(ctx, {
      text: title.en,
      x: W / 2 - w / 2,
      baselineTop: baselineTop + size * 0.25 + enSize * 1.3,
      size: enSize,
      bold: false,
      color,
    });
  }
}

function drawHeader(ctx: DrawContext, layout: Layout, W: number, left: string[], right: string[]): void {
  const header = layout.header;
  if (!header) return;
  const xLeft = mm(layout.marginsMm.left + HEADER_INSET_MM);
  const xRight = W - mm(layout.marginsMm.right + HEADER_INSET_MM);
  const half = (xRight - xLeft) / 2 - mm(3);
  const place = (lines: string[], alignRight: boolean) => {
    let baselineTop = mm(header.topMm) + CAP_EM * header.sizePt;
    for (const text of lines) {
      const size = fitSingleLine(ctx.fonts.regular, text, half, header.sizePt, 5);
      const w = textWidth(ctx.fonts.regular, text, size);
      drawLine(ctx, {
        text,
        x: alignRight ? xRight - w : xLeft,
        baselineTop,
        size,
        bold: false,
        color: BLACK,
      });
      baselineTop += header.sizePt * 1.5;
    }
  };
  place(left, false);
  place(right, true);
}

function drawFooter(
  ctx: DrawContext,
  layout: Layout,
  W: number,
  footer: { line: FooterLine; text: string }[],
): void {
  for (const f of footer) {
    const font = f.line.bold ? ctx.fonts.bold : ctx.fonts.regular;
    const anchor = mm(f.line.xMm);
    // Room between the anchor and the margins for this alignment, so a long department name never leaves the page.
    const left = anchor - mm(layout.marginsMm.left + 1);
    const right = W - mm(layout.marginsMm.right + 1) - anchor;
    const room =
      f.line.align === "right" ? left : f.line.align === "center" ? 2 * Math.min(left, right) : right;
    const maxWidth = Math.min(room, f.line.maxWidthMm !== undefined ? mm(f.line.maxWidthMm) : Infinity);
    const size = fitSingleLine(font, f.text, maxWidth, f.line.sizePt, Math.min(f.line.sizePt, 5));
    const w = textWidth(font, f.text, size);
    const x = f.line.align === "right" ? anchor - w : f.line.align === "center" ? anchor - w / 2 : anchor;
    drawLine(ctx, {
      text: f.text,
      x,
      baselineTop: mm(f.line.topMm) + CAP_EM * size,
      size,
      bold: f.line.bold === true,
      color: hexColor(f.line.color),
    });
  }
}

/**
 * Draws the rows column by column. A value is wrapped at the preferred size and shrinks down to the minimum when it
 * needs more than its row's maxLines or the column's remaining height; a value that does not fit even then shows the
 * lines that fit at the preferred size, the last ending with （续见附页）, and the rest is returned to continue on an
 * attachment page.
 */
function drawBody(
  ctx: DrawContext,
  layout: Layout,
  rows: ResolvedRow[],
): { continued: ContinuedValue[]; placements: TextPlacement[] } {
  const body = layout.body;
  const labelSize = body.labelSizePt ?? body.sizePt;
  const suffix = body.labelSuffix ?? "";
  const gap = mm(body.rowGapMm);
  const continued: ContinuedValue[] = [];
  const placements: TextPlacement[] = [];
  body.columns.forEach((column, index) => {
    const mine = rows.filter((r) => r.column === index);
    if (mine.length === 0) return;
    const labelRoom =
      mm(column.labelWidthMm - LABEL_GAP_MM) - textWidth(ctx.fonts.regular, suffix, labelSize);
    const widest = Math.max(...mine.map((r) => textWidth(ctx.fonts.regular, r.label, labelSize)));
    const justifyTo = Math.min(
      body.labelJustifyEm !== undefined ? body.labelJustifyEm * labelSize : widest,
      labelRoom,
    );
    const bottom = mm(column.bottomMm);
    // Each row may take the column's remaining height, less one line for every row still to come.
    const oneLine = Math.max(labelSize, body.sizePt) * body.lineHeight;
    let top = mm(column.topMm);
    mine.forEach((r, i) => {
      const reserve = (mine.length - 1 - i) * (oneLine + gap);
      const firstBoxExtra = Math.max(0, labelSize - body.sizePt) * body.lineHeight;
      const maxWidth = mm(r.row.widthMm);
      const room = bottom - top - reserve;
      const heightOf = (f: { fontSize: number; lines: string[]; lineHeightPt: number }) =>
        Math.max(labelSize, f.fontSize) * body.lineHeight + (f.lines.length - 1) * f.lineHeightPt;
      const fit = (fontSize: number, labelExtra: number) =>
        fitText(ctx.fonts.regular, r.value, {
          maxWidth,
          fontSize,
          minFontSize: body.minSizePt,
          lineHeight: body.lineHeight,
          maxHeight: room - labelExtra,
          ...(r.row.maxLines !== undefined ? { maxLines: r.row.maxLines } : {}),
        });
      // The label may be taller than a shrunk value's first line: fit again, leaving room for it, until it holds.
      let labelExtra = firstBoxExtra;
      let fitted = fit(body.sizePt, labelExtra);
      while (!fitted.overflow && heightOf(fitted) > room + 0.01) {
        const needed = Math.max(0, labelSize - fitted.fontSize) * body.lineHeight;
        if (needed <= labelExtra) break;
        labelExtra = needed;
        fitted = fit(fitted.fontSize, labelExtra);
      }
      if (fitted.overflow || heightOf(fitted) > room + 0.01) {
        const size = body.sizePt;
        const lineHeightPt = size * body.lineHeight;
        const firstBox = Math.max(labelSize, size) * body.lineHeight;
        let lines = room + 0.01 >= firstBox ? 1 + Math.floor((room + 0.01 - firstBox) / lineHeightPt) : 0;
        if (r.row.maxLines !== undefined) lines = Math.min(lines, r.row.maxLines);
        if (lines === 0) {
          throw new RenderError(
            "SIG_RENDER_TEXT_OVERFLOW",
            `${r.row.field}: no room for even one line above the end of column ${index} (${column.bottomMm} mm); ` +
              "give the column more room in layout.json",
          );
        }
        const split = splitForContinuation(ctx.fonts.regular, r.value, maxWidth, size, lines);
        if (split.rest !== "") continued.push({ field: r.row.field, label: r.label, text: split.rest });
        fitted = {
          lines: split.head,
          fontSize: size,
          lineHeightPt,
          height: split.head.length * lineHeightPt,
          overflow: false,
        };
      }
      const firstBox = Math.max(labelSize, fitted.fontSize) * body.lineHeight;
      const height = heightOf(fitted);
      const baseline = top + firstBox / 2 + MID_EM * fitted.fontSize;
      drawLabel(ctx, r.label, mm(column.leftMm), baseline, {
        size: labelSize,
        suffix,
        room: labelRoom,
        justifyTo,
        justify: body.labelAlign !== "left",
      });
      const valueX = mm(column.leftMm + column.labelWidthMm);
      const placed: PlannedLine[] = fitted.lines.map((line, k) => ({
        text: line,
        x: valueX,
        baselineTop: baseline + k * fitted.lineHeightPt,
        size: fitted.fontSize,
      }));
      for (const line of placed) drawLine(ctx, { ...line, bold: false, color: BLACK });
      placements.push({
        page: 1,
        field: r.row.field,
        box: { left: valueX, top, right: valueX + maxWidth, bottom: top + height },
        lines: placed,
      });
      top += height + gap;
    });
  });
  return { continued, placements };
}

interface LabelStyle {
  size: number;
  suffix: string;
  /** Width available to the label (without its suffix). */
  room: number;
  justifyTo: number;
  justify: boolean;
}

function drawLabel(ctx: DrawContext, label: string, x: number, baselineTop: number, style: LabelStyle): void {
  const font = ctx.fonts.regular;
  // A label too long for its column shrinks rather than running into the value.
  const size = fitSingleLine(font, label, style.room, style.size, Math.min(style.size, 6));
  const natural = textWidth(font, label, size);
  const chars = [...label];
  if (!style.justify || chars.length < 2 || natural >= style.justifyTo) {
    drawLine(ctx, { text: label + style.suffix, x, baselineTop, size, bold: false, color: BLACK });
    return;
  }
  // Spread short labels to a common width, as printed certificates do (名称 as wide as 法定代表人).
  const offsets = justifyOffsets(font, label, size, style.justifyTo);
  chars.forEach((char, k) =>
    drawLine(ctx, { text: char, x: x + (offsets[k] ?? 0), baselineTop, size, bold: false, color: BLACK }),
  );
  if (style.suffix)
    drawLine(ctx, {
      text: style.suffix,
      x: x + style.justifyTo,
      baselineTop,
      size,
      bold: false,
      color: BLACK,
    });
}

function hexColor(hex: string | undefined): Rgb {
  if (!hex) return BLACK;
  const n = Number.parseInt(hex.slice(1), 16);
  return { red: ((n >> 16) & 0xff) / 255, green: ((n >> 8) & 0xff) / 255, blue: (n & 0xff) / 255 };
}
