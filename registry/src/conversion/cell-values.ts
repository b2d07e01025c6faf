// Turns register cells into licence values: dates in the forms registers use, lists, numbers, yes/no, paper
// numbers. Only what is unambiguous is converted; anything else is left for validation to reject with a reason.
import type { FieldProperty } from "../catalogue/index.js";

const EDGE_SPACE = /^[\s\u3000\u200B-\u200D\u2060\uFEFF]+|[\s\u3000\u200B-\u200D\u2060\uFEFF]+$/gu;
const FULL_WIDTH = /[\uFF01-\uFF5E]/gu;
/** How a long number looks after a spreadsheet turned it into a float. */
const FLOAT_FORM = /^[+-]?\d+(?:\.\d+)?E\+?\d+$/iu;

/**
 * Trims a cell and undoes the tricks spreadsheets use to keep long numbers as text: a leading apostrophe
 * ('441521…) and the formula form ="441521…".
 */
export function cleanCell(raw: string | undefined): string {
  if (raw === undefined) return "";
  let v = raw.replace(EDGE_SPACE, "");
  const formula = /^="(.*)"$/su.exec(v);
  if (formula) v = (formula[1] ?? "").replace(/""/g, '"').replace(EDGE_SPACE, "");
  else if (v.startsWith("'")) v = v.slice(1).replace(EDGE_SPACE, "");
  return v;
}

export function halfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ");
}

export function looksLikeFloat(text: string): boolean {
  return FLOAT_FORM.test(halfWidth(text).replace(/\s+/g, ""));
}

/** The paper number as compared and stored: half-width, no spaces, upper-case letters. */
export function normalisePaperNumber(text: string): string {
  return halfWidth(text).replace(/\s+/gu, "").toUpperCase();
}

export type DateCell =
  { ok: true; date: string } | { ok: true; longTerm: true } | { ok: false; reason: string };

const pad = (n: number) => String(n).padStart(2, "0");

function realDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

// Spreadsheet day numbers (1900 date system) of 1950-01-01 and 2099-12-31: a bare number in this range in a
// date column is a date cell exported without its format.
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73050;

/**
 * Reads a date as registers write it: 2019-03-12, 2019/3/12, 2019.3.12, 2019年3月12日, 20190312, a spreadsheet
 * day number (43536), with or without a time. 长期 / 永久 (long-term) only where `longTermAllowed`.
 * Day-first or month-first forms (03/04/2019) are refused: they cannot be read without guessing.
 */
export function parseDateCell(text: string, longTermAllowed = false): DateCell {
  const v = halfWidth(text).trim();
  if (/^(长期|长期有效|永久|永久有效|无固定期限)$/u.test(v)) {
    return longTermAllowed
      ? { ok: true, longTerm: true }
      : { ok: false, reason: `"${v}" (long-term) is not a date; only the end of validity may be long-term` };
  }
  let m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/u.exec(
      v,
    );
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/u.exec(v);
  if (m) {
    const date = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { ok: true, date } : { ok: false, reason: `"${v}" is not a real calendar date` };
  }
  const serial = /^(\d{5})(?:\.0+)?$/u.exec(v);
  if (serial) {
    const n = Number(serial[1]);
    if (n >= SERIAL_MIN && n <= SERIAL_MAX) {
      // Day 1 is 1900-01-01, and day 60 the 1900-02-29 that never was, so later days count from 1899-12-30.
      const dt = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
      return { ok: true, date: dt.toISOString().slice(0, 10) };
    }
  }
  if (/^\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}$/u.test(v))
    return {
      ok: false,
      reason: `"${v}" puts the day and month first, so it could be read two ways; write the year first: YYYY-MM-DD`,
    };
  return { ok: false, reason: `"${v}" is not a date in a form that can be read; write YYYY-MM-DD` };
}

const OPEN = new Set(["(", "（", "[", "【", "〔", "《"]);
const CLOSE = new Set([")", "）", "]", "】", "〕", "》"]);
const SEPARATORS = new Set(["、", "，", ",", "；", ";", "\n", "\r", "|", "｜"]);

/**
 * Splits a list cell (经营项目 …) at 、，,；; | or line breaks, but not inside brackets:
 * "散装食品（含冷藏冷冻食品、含熟食）销售" stays one entry.
 */
export function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of text) {
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && SEPARATORS.has(c)) {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.replace(EDGE_SPACE, "")).filter((s) => s !== "");
}

const YES = new Set(["是", "有", "y", "yes", "true", "1", "√", "✓"]);
const NO = new Set(["否", "无", "n", "no", "false", "0", "×", "✗"]);

function scalar(text: string, schema: Readonly<Record<string, unknown>> | undefined): unknown {
  switch (schema?.type) {
    case "integer":
    case "number": {
      const v = halfWidth(text).replace(/[,\s]/g, "");
      const n = Number(v);
      // Anything that is not plainly a number goes through as text, for validation to name the field.
      return v !== "" && Number.isFinite(n) ? n : text;
    }
    case "boolean": {
      const v = halfWidth(text).trim().toLowerCase();
      return YES.has(v) ? true : NO.has(v) ? false : text;
    }
    case "string": {
      if (schema.format === "date") {
        const d = parseDateCell(text);
        return d.ok && "date" in d ? d.date : text;
      }
      // Codes and numbers with a pattern (许可证编号, 电话) are typed with IME full-width digits now and then.
      return typeof schema.pattern === "string" ? halfWidth(text) : text;
    }
    default:
      return text;
  }
}

/** The field value of a non-empty cell, typed by the field's schema. */
export function fieldValue(text: string, property: FieldProperty): unknown {
  if (property.type === "array") return splitList(text).map((item) => scalar(item, property.items));
  return scalar(text, property);
}
