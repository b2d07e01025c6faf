// The declarative page layout of a licence type (templates/<type code>/layout.json): its TypeScript shape and a
// validator that reports every problem at once, naming the file and the field.
import { RenderError } from "./render-errors.js";
import type { LayoutIssue } from "./render-errors.js";
import { placeholderKeys } from "./template.js";

/**
 * Values a row or a template can show besides the type's own field keys. validUntil shows 长期 when the licence
 * has no end date; dates show as 2024年03月15日.
 */
export const LICENCE_REFS = [
  "holder.name",
  "holder.code",
  "issuer.name",
  "issuer.code",
  "validFrom",
  "validUntil",
  "identifier",
  "issuedOn",
] as const;
export type LicenceRef = (typeof LICENCE_REFS)[number];

export type PageSize = "A3" | "A4" | "A5" | { widthMm: number; heightMm: number };

/** All positions are millimetres from the top-left corner of the page; sizes of text are in points. */
export interface Layout {
  /** Optional editor hint; ignored. */
  $comment?: string;
  version: 1;
  page: { size: PageSize; orientation?: "portrait" | "landscape" };
  marginsMm: { top: number; right: number; bottom: number; left: number };
  /** A frame drawn along the margins, as printed certificates have. */
  frame?: { style: "single" | "double"; color?: string; widthPt?: number };
  title: {
    zh: string;
    en?: string;
    /** Top of the Chinese title. */
    topMm: number;
    sizePt: number;
    enSizePt?: number;
    /** Extra space between title characters, in em (营 业 执 照). */
    letterSpacingEm?: number;
    color?: string;
  };
  /** Small lines above the body, e.g. 统一社会信用代码 on the left and 证照编号 on the right, 5 mm inside the margins; `text` is a template. */
  header?: { topMm: number; sizePt: number; left?: HeaderLine[]; right?: HeaderLine[] };
  body: BodyStyle;
  rows: Row[];
  seal: { centerMm: [number, number]; diameterMm: number; caption?: string };
  qr: { leftMm: number; topMm: number; sizeMm: number; caption?: string; captionSizePt?: number };
  footer: FooterLine[];
  /**
   * Where the licence page prints "第 1 页 共 M 页" when values continue on attachment pages (附页); default: bottom
   * right, inside the frame. Choose a free spot: nothing else is moved for it.
   */
  pageMark?: { xMm: number; topMm: number; sizePt?: number; align?: "left" | "center" | "right" };
  /**
   * Where an annotated copy's note (加注件) draws: a free spot of the licence page, inside the frame. Default: 12 mm
   * high, at most 120 mm wide, centred on the first body column and resting on its bottom line (signer's
   * annotationRect).
   */
  annotation?: { leftMm: number; topMm: number; widthMm: number; heightMm: number };
}

export interface HeaderLine {
  text: string;
}

export interface BodyStyle {
  sizePt: number;
  /** Floor for shrinking a value that needs more than its row's maxLines. */
  minSizePt: number;
  labelSizePt?: number;
  /** Baseline distance as a multiple of the font size. */
  lineHeight: number;
  rowGapMm: number;
  /** "justify" spreads short labels to a common width (名称 as wide as 法定代表人); default justify. */
  labelAlign?: "justify" | "left";
  /** The common width of justified labels, in em of the label size; default: the column's widest label. */
  labelJustifyEm?: number;
  /** Appended to every label, e.g. "：". */
  labelSuffix?: string;
  columns: Column[];
}

export interface Column {
  leftMm: number;
  /** Width reserved for labels; the value box starts at leftMm + labelWidthMm. */
  labelWidthMm: number;
  /** Top of the column's first row. */
  topMm: number;
  /** Rows end above this line; what does not fit even at body.minSizePt continues on an attachment page (附页). */
  bottomMm: number;
}

export interface Row {
  /** Label template; defaults to the field's schema title (or holderTitles for holder.name / holder.code). */
  label?: string;
  /** A key of the type's schema properties, or one of LICENCE_REFS. */
  field: string;
  /** Value template, e.g. "{establishedOn} 至 {operatingPeriodTo??长期}"; defaults to "{field}". */
  text?: string;
  /** Width of the value box. */
  widthMm: number;
  maxLines?: number;
  /** An absent optional field leaves no row and no gap. */
  optional?: boolean;
  /** Index into body.columns; default 0. */
  column?: number;
  /** Separator for array values; default "；". */
  join?: string;
}

export interface FooterLine {
  /** Template, e.g. "{issuer.name}" or "{issuedOn}". */
  text: string;
  xMm: number;
  /** Top of the line's text. */
  topMm: number;
  sizePt: number;
  align?: "left" | "center" | "right";
  bold?: boolean;
  color?: string;
  /** The line shrinks to fit this width; it always shrinks to stay between xMm and the margins. */
  maxWidthMm?: number;
}

/** What validation knows about the type the layout is for. */
export interface LayoutTypeInfo {
  fieldKeys: readonly string[];
  requiredKeys: readonly string[];
}

const PAGE_SIZES_MM: Record<"A3" | "A4" | "A5", [number, number]> = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
};

/** Page width and height in millimetres after orientation. */
export function pageSizeMm(page: Layout["page"]): { widthMm: number; heightMm: number } {
  const [w, h] =
    typeof page.size === "string" ? PAGE_SIZES_MM[page.size] : [page.size.widthMm, page.size.heightMm];
  const landscape = page.orientation === "landscape";
  return landscape ? { widthMm: Math.max(w, h), heightMm: Math.min(w, h) } : { widthMm: w, heightMm: h };
}

/**
 * Checks `json` against the layout format and, when `type` is given, against the type's fields. Throws one
 * SIG_RENDER_LAYOUT_INVALID RenderError listing every problem as "<source>: <path>: <message>".
 */
export function parseLayout(json: unknown, source: string, type?: LayoutTypeInfo): Layout {
  const issues: LayoutIssue[] = [];
  const v = new Checker(issues);
  const root = v.object(json, "");
  if (root) checkLayout(v, root, type);
  if (issues.length > 0) {
    const lines = issues.map((i) => `${source}: ${i.path || "(root)"}: ${i.message}`);
    throw new RenderError("SIG_RENDER_LAYOUT_INVALID", `invalid layout\n${lines.join("\n")}`, issues);
  }
  return json as Layout;
}

function checkLayout(v: Checker, root: Record<string, unknown>, type: LayoutTypeInfo | undefined): void {
  v.onlyKeys(root, "", [
    "$comment",
    "$schema",
    "version",
    "page",
    "marginsMm",
    "frame",
    "title",
    "header",
    "body",
    "rows",
    "seal",
    "qr",
    "footer",
    "pageMark",
    "annotation",
  ]);
  if (root.version !== 1) v.issue("version", "must be 1");

  let pageW = 0;
  let pageH = 0;
  const page = v.object(root.page, "page");
  if (page) {
    v.onlyKeys(page, "page", ["size", "orientation"]);
    if (typeof page.size === "string") {
      if (!["A3", "A4", "A5"].includes(page.size))
        v.issue(
          "page.size",
          `"${page.size}" is not A3, A4 or A5; give { "widthMm", "heightMm" } for other sizes`,
        );
    } else {
      const size = v.object(page.size, "page.size");
      if (size) {
        v.onlyKeys(size, "page.size", ["widthMm", "heightMm"]);
        v.number(size.widthMm, "page.size.widthMm", 50, 1000);
        v.number(size.heightMm, "page.size.heightMm", 50, 1000);
      }
    }
    v.optionalEnum(page.orientation, "page.orientation", ["portrait", "landscape"]);
    if (v.clean("page")) ({ widthMm: pageW, heightMm: pageH } = pageSizeMm(page as Layout["page"]));
  }
  const inPage = (x: unknown, y: unknown, path: string) => {
    if (pageW > 0 && typeof x === "number" && (x < 0 || x > pageW))
      v.issue(path, `x ${x} mm is outside the page (0–${pageW} mm)`);
    if (pageH > 0 && typeof y === "number" && (y < 0 || y > pageH))
      v.issue(path, `y ${y} mm is outside the page (0–${pageH} mm)`);
  };

  const margins = v.object(root.marginsMm, "marginsMm");
  if (margins) {
    v.onlyKeys(margins, "marginsMm", ["top", "right", "bottom", "left"]);
    for (const side of ["top", "right", "bottom", "left"])
      v.number(margins[side], `marginsMm.${side}`, 0, 100);
  }

  if (root.frame !== undefined) {
    const frame = v.object(root.frame, "frame");
    if (frame) {
      v.onlyKeys(frame, "frame", ["style", "color", "widthPt"]);
      v.enumOf(frame.style, "frame.style", ["single", "double"]);
      v.optionalColor(frame.color, "frame.color");
      if (frame.widthPt !== undefined) v.number(frame.widthPt, "frame.widthPt", 0.1, 10);
    }
  }

  const title = v.object(root.title, "title");
  if (title) {
    v.onlyKeys(title, "title", ["zh", "en", "topMm", "sizePt", "enSizePt", "letterSpacingEm", "color"]);
    v.text(title.zh, "title.zh");
    if (title.en !== undefined) v.text(title.en, "title.en");
    v.number(title.topMm, "title.topMm", 0, 1000);
    inPage(undefined, title.topMm, "title.topMm");
    v.number(title.sizePt, "title.sizePt", 8, 96);
    if (title.enSizePt !== undefined) v.number(title.enSizePt, "title.enSizePt", 5, 48);
    if (title.letterSpacingEm !== undefined) v.number(title.letterSpacingEm, "title.letterSpacingEm", 0, 3);
    v.optionalColor(title.color, "title.color");
  }

  const known = new Set<string>([...LICENCE_REFS, ...(type?.fieldKeys ?? [])]);
  const checkTemplate = (template: unknown, path: string) => {
    if (!v.text(template, path)) return;
    let keys: string[];
    try {
      keys = placeholderKeys(template as string);
    } catch (err) {
      v.issue(path, (err as Error).message);
      return;
    }
    if (!type) return;
    for (const key of keys) {
      if (!known.has(key)) v.issue(path, `unknown placeholder {${key}}; ${knownList(type)}`);
    }
  };

  if (root.header !== undefined) {
    const header = v.object(root.header, "header");
    if (header) {
      v.onlyKeys(header, "header", ["topMm", "sizePt", "left", "right"]);
      v.number(header.topMm, "header.topMm", 0, 1000);
      inPage(undefined, header.topMm, "header.topMm");
      v.number(header.sizePt, "header.sizePt", 5, 24);
      for (const side of ["left", "right"] as const) {
        if (header[side] === undefined) continue;
        const lines = v.array(header[side], `header.${side}`);
        lines?.forEach((line, i) => {
          const l = v.object(line, `header.${side}[${i}]`);
          if (!l) return;
          v.onlyKeys(l, `header.${side}[${i}]`, ["text"]);
          checkTemplate(l.text, `header.${side}[${i}].text`);
        });
      }
    }
  }

  let columnCount = 0;
  const body = v.object(root.body, "body");
  if (body) {
    v.onlyKeys(body, "body", [
      "sizePt",
      "minSizePt",
      "labelSizePt",
      "lineHeight",
      "rowGapMm",
      "labelAlign",
      "labelJustifyEm",
      "labelSuffix",
      "columns",
    ]);
    v.number(body.sizePt, "body.sizePt", 5, 36);
    v.number(body.minSizePt, "body.minSizePt", 4, 36);
    if (
      typeof body.sizePt === "number" &&
      typeof body.minSizePt === "number" &&
      body.minSizePt > body.sizePt
    ) {
      v.issue("body.minSizePt", `must not exceed body.sizePt (${body.sizePt})`);
    }
    if (body.labelSizePt !== undefined) v.number(body.labelSizePt, "body.labelSizePt", 5, 36);
    v.number(body.lineHeight, "body.lineHeight", 1, 3);
    v.number(body.rowGapMm, "body.rowGapMm", 0, 50);
    v.optionalEnum(body.labelAlign, "body.labelAlign", ["justify", "left"]);
    if (body.labelJustifyEm !== undefined) v.number(body.labelJustifyEm, "body.labelJustifyEm", 1, 20);
    if (body.labelSuffix !== undefined && typeof body.labelSuffix !== "string")
      v.issue("body.labelSuffix", "must be a string");
    const columns = v.array(body.columns, "body.columns");
    if (columns) {
      if (columns.length === 0) v.issue("body.columns", "needs at least one column");
      columnCount = columns.length;
      columns.forEach((c, i) => {
        const p = `body.columns[${i}]`;
        const col = v.object(c, p);
        if (!col) return;
        v.onlyKeys(col, p, ["leftMm", "labelWidthMm", "topMm", "bottomMm"]);
        v.number(col.leftMm, `${p}.leftMm`, 0, 1000);
        v.number(col.labelWidthMm, `${p}.labelWidthMm`, 0, 200);
        v.number(col.topMm, `${p}.topMm`, 0, 1000);
        v.number(col.bottomMm, `${p}.bottomMm`, 0, 1000);
        inPage(col.leftMm, col.topMm, p);
        inPage(undefined, col.bottomMm, `${p}.bottomMm`);
        if (typeof col.topMm === "number" && typeof col.bottomMm === "number" && col.bottomMm <= col.topMm) {
          v.issue(`${p}.bottomMm`, "must be below topMm");
        }
      });
    }
  }

  const rows = v.array(root.rows, "rows");
  rows?.forEach((r, i) => {
    const p = `rows[${i}]`;
    const row = v.object(r, p);
    if (!row) return;
    v.onlyKeys(row, p, ["label", "field", "text", "widthMm", "maxLines", "optional", "column", "join"]);
    if (v.text(row.field, `${p}.field`) && type && !known.has(row.field as string)) {
      v.issue(`${p}.field`, `unknown field "${row.field as string}"; ${knownList(type)}`);
    }
    if (row.label !== undefined) checkTemplate(row.label, `${p}.label`);
    if (row.text !== undefined) checkTemplate(row.text, `${p}.text`);
    v.number(row.widthMm, `${p}.widthMm`, 5, 1000);
    if (row.maxLines !== undefined) v.integer(row.maxLines, `${p}.maxLines`, 1, 100);
    if (row.optional !== undefined && typeof row.optional !== "boolean")
      v.issue(`${p}.optional`, "must be true or false");
    if (row.join !== undefined && typeof row.join !== "string") v.issue(`${p}.join`, "must be a string");
    if (
      row.column !== undefined &&
      v.integer(row.column, `${p}.column`, 0, 20) &&
      columnCount > 0 &&
      (row.column as number) >= columnCount
    ) {
      v.issue(
        `${p}.column`,
        `column ${row.column as number} does not exist (body.columns has ${columnCount})`,
      );
    }
    if (
      type &&
      typeof row.field === "string" &&
      type.fieldKeys.includes(row.field) &&
      !type.requiredKeys.includes(row.field) &&
      row.optional !== true
    ) {
      v.issue(
        `${p}.optional`,
        `field "${row.field}" is not required by the type schema: mark the row "optional": true`,
      );
    }
  });

  const seal = v.object(root.seal, "seal");
  if (seal) {
    v.onlyKeys(seal, "seal", ["centerMm", "diameterMm", "caption"]);
    const c = v.array(seal.centerMm, "seal.centerMm");
    if (c && (c.length !== 2 || !c.every((n) => typeof n === "number" && Number.isFinite(n))))
      v.issue("seal.centerMm", "must be [x, y] in millimetres");
    else if (c) inPage(c[0], c[1], "seal.centerMm");
    v.number(seal.diameterMm, "seal.diameterMm", 20, 60);
    if (seal.caption !== undefined && typeof seal.caption !== "string")
      v.issue("seal.caption", "must be a string");
  }

  const qr = v.object(root.qr, "qr");
  if (qr) {
    v.onlyKeys(qr, "qr", ["leftMm", "topMm", "sizeMm", "caption", "captionSizePt"]);
    v.number(qr.leftMm, "qr.leftMm", 0, 1000);
    v.number(qr.topMm, "qr.topMm", 0, 1000);
    // Below ~20 mm a version 6–8 symbol gets too fine for cheap phone cameras.
    v.number(qr.sizeMm, "qr.sizeMm", 20, 100);
    inPage(qr.leftMm, qr.topMm, "qr");
    if (typeof qr.leftMm === "number" && typeof qr.sizeMm === "number")
      inPage(qr.leftMm + qr.sizeMm, undefined, "qr.sizeMm");
    if (typeof qr.topMm === "number" && typeof qr.sizeMm === "number")
      inPage(undefined, qr.topMm + qr.sizeMm, "qr.sizeMm");
    if (qr.caption !== undefined && typeof qr.caption !== "string") v.issue("qr.caption", "must be a string");
    if (qr.captionSizePt !== undefined) v.number(qr.captionSizePt, "qr.captionSizePt", 5, 24);
  }

  const footer = v.array(root.footer, "footer");
  footer?.forEach((f, i) => {
    const p = `footer[${i}]`;
    const line = v.object(f, p);
    if (!line) return;
    v.onlyKeys(line, p, ["text", "xMm", "topMm", "sizePt", "align", "bold", "color", "maxWidthMm"]);
    checkTemplate(line.text, `${p}.text`);
    v.number(line.xMm, `${p}.xMm`, 0, 1000);
    v.number(line.topMm, `${p}.topMm`, 0, 1000);
    inPage(line.xMm, line.topMm, p);
    v.number(line.sizePt, `${p}.sizePt`, 5, 36);
    v.optionalEnum(line.align, `${p}.align`, ["left", "center", "right"]);
    if (line.bold !== undefined && typeof line.bold !== "boolean")
      v.issue(`${p}.bold`, "must be true or false");
    v.optionalColor(line.color, `${p}.color`);
    if (line.maxWidthMm !== undefined) v.number(line.maxWidthMm, `${p}.maxWidthMm`, 5, 1000);
  });
  checkPageMark(v, root, inPage);
  checkAnnotation(v, root, pageW, pageH);
}

function checkAnnotation(v: Checker, root: Record<string, unknown>, pageW: number, pageH: number): void {
  if (root.annotation === undefined) return;
  const a = v.object(root.annotation, "annotation");
  if (!a) return;
  v.onlyKeys(a, "annotation", ["leftMm", "topMm", "widthMm", "heightMm"]);
  const ok = [
    v.number(a.leftMm, "annotation.leftMm", 0, 1000),
    v.number(a.topMm, "annotation.topMm", 0, 1000),
    v.number(a.widthMm, "annotation.widthMm", 40, 1000),
    v.number(a.heightMm, "annotation.heightMm", 7, 100),
  ].every(Boolean);
  const m = root.marginsMm as Record<string, unknown> | undefined;
  if (!ok || pageW === 0 || !m || ![m.top, m.right, m.bottom, m.left].every((n) => typeof n === "number"))
    return;
  const [left, top, width, height] = [a.leftMm, a.topMm, a.widthMm, a.heightMm] as number[];
  const margins = m as Record<"top" | "right" | "bottom" | "left", number>;
  if (
    left! < margins.left ||
    top! < margins.top ||
    left! + width! > pageW - margins.right ||
    top! + height! > pageH - margins.bottom
  )
    v.issue("annotation", "must lie inside the margins (the printable area the frame encloses)");
}

function checkPageMark(
  v: Checker,
  root: Record<string, unknown>,
  inPage: (x: unknown, y: unknown, path: string) => void,
): void {
  if (root.pageMark === undefined) return;
  const mark = v.object(root.pageMark, "pageMark");
  if (!mark) return;
  v.onlyKeys(mark, "pageMark", ["xMm", "topMm", "sizePt", "align"]);
  v.number(mark.xMm, "pageMark.xMm", 0, 1000);
  v.number(mark.topMm, "pageMark.topMm", 0, 1000);
  inPage(mark.xMm, mark.topMm, "pageMark");
  if (mark.sizePt !== undefined) v.number(mark.sizePt, "pageMark.sizePt", 5, 24);
  v.optionalEnum(mark.align, "pageMark.align", ["left", "center", "right"]);
}

function knownList(type: LayoutTypeInfo): string {
  return `the type's fields are ${type.fieldKeys.join(", ")}; licence values are ${LICENCE_REFS.join(", ")}`;
}

/** Small collecting validator: each method records an issue and returns whether the value was acceptable. */
class Checker {
  private readonly issues: LayoutIssue[];
  constructor(issues: LayoutIssue[]) {
    this.issues = issues;
  }
  issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }
  /** True when no issue has been recorded under `prefix`. */
  clean(prefix: string): boolean {
    return !this.issues.some((i) => i.path === prefix || i.path.startsWith(`${prefix}.`));
  }
  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    this.issue(path, value === undefined ? "is required" : "must be an object");
    return undefined;
  }
  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.issue(path, value === undefined ? "is required" : "must be an array");
    return undefined;
  }
  onlyKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key))
        this.issue(path ? `${path}.${key}` : key, `unknown property; allowed: ${allowed.join(", ")}`);
    }
  }
  number(value: unknown, path: string, min: number, max: number): boolean {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.issue(path, value === undefined ? "is required" : "must be a number");
      return false;
    }
    if (value < min || value > max) {
      this.issue(path, `${value} is outside ${min}–${max}`);
      return false;
    }
    return true;
  }
  integer(value: unknown, path: string, min: number, max: number): boolean {
    if (!this.number(value, path, min, max)) return false;
    if (!Number.isInteger(value)) {
      this.issue(path, "must be a whole number");
      return false;
    }
    return true;
  }
  text(value: unknown, path: string): boolean {
    if (typeof value === "string" && value.trim() !== "") return true;
    this.issue(path, value === undefined ? "is required" : "must be a non-empty string");
    return false;
  }
  enumOf(value: unknown, path: string, allowed: readonly string[]): void {
    if (typeof value !== "string" || !allowed.includes(value))
      this.issue(path, `must be one of ${allowed.join(", ")}`);
  }
  optionalEnum(value: unknown, path: string, allowed: readonly string[]): void {
    if (value !== undefined) this.enumOf(value, path, allowed);
  }
  optionalColor(value: unknown, path: string): void {
    if (value !== undefined && (typeof value !== "string" || !/^#[0-9A-Fa-f]{6}$/u.test(value)))
      this.issue(path, 'must be a colour like "#E60012"');
  }
}
