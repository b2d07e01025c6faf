// A licence type's fields as the issuing office's form shows them, and the checks made as they are typed: read from
// the same type.json schema the registry validates with (GET /api/v1/licence-types/{code}), with the registry's own
// problem codes and field paths (registry/src/catalogue/field-problems.ts), so the page's problems and the server's
// all-problems-at-once answer land on the same inputs. The registry stays the judge: what passes here is checked again.

import { isIsoDate } from "@elicence/core";

interface SchemaProperty {
  title?: string;
  description?: string;
  type?: string;
  enum?: string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: { type?: string; enum?: string[]; minLength?: number; maxLength?: number };
}

export interface TypeSchema {
  properties: Record<string, SchemaProperty>;
  required?: readonly string[];
}

export type FieldKind =
  /** One line of text. */
  | "text"
  /** One of the type's values: a select. */
  | "choice"
  /** YYYY-MM-DD: a date input. */
  | "date"
  /** Several lines of free text, one entry per line. */
  | "list"
  /** Several of the type's values: checkboxes. */
  | "multi";

export interface FieldSpec {
  key: string;
  title: string;
  kind: FieldKind;
  required: boolean;
  options: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  itemMaxLength?: number;
}

/** A field's value as the form holds it: text, or the entries of a list. */
export type FieldValue = string | string[];

export interface RuleProblem {
  /** The registry's path: fields.licenceNumber, holder.name, validUntil. */
  field: string;
  code:
    | "REG_FIELD_REQUIRED"
    | "REG_FIELD_TOO_LONG"
    | "REG_FIELD_ENUM"
    | "REG_FIELD_FORMAT"
    | "REG_FIELD_INVALID"
    | "REG_DATE_INVALID";
  /** For the words: the limit broken (characters or entries). */
  limit?: number;
}

export function fieldSpecs(schema: TypeSchema): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([key, p]) => {
    const spec: FieldSpec = {
      key,
      title: p.title ?? key,
      kind:
        p.type === "array"
          ? p.items?.enum
            ? "multi"
            : "list"
          : p.enum
            ? "choice"
            : p.format === "date"
              ? "date"
              : "text",
      required: required.has(key),
      options: p.enum ?? p.items?.enum ?? [],
    };
    if (p.minLength !== undefined) spec.minLength = p.minLength;
    if (p.maxLength !== undefined) spec.maxLength = p.maxLength;
    if (p.pattern !== undefined) spec.pattern = p.pattern;
    if (p.minItems !== undefined) spec.minItems = p.minItems;
    if (p.maxItems !== undefined) spec.maxItems = p.maxItems;
    if (p.items?.maxLength !== undefined) spec.itemMaxLength = p.items.maxLength;
    return spec;
  });
}

/** The registry's own date rule (one home, in @elicence/core), re-exported for the issuing forms. */
export { isIsoDate };

const isEmpty = (v: FieldValue | undefined) =>
  v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim().length === 0);

/** Every problem of the typed values at once, in the schema's order. */
export function checkFields(
  specs: readonly FieldSpec[],
  values: Readonly<Record<string, FieldValue>>,
): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (const s of specs) {
    const field = `fields.${s.key}`;
    const v = values[s.key];
    if (v === undefined || isEmpty(v)) {
      if (s.required) out.push({ field, code: "REG_FIELD_REQUIRED" });
      continue;
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems)
        out.push({ field, code: "REG_FIELD_INVALID", limit: s.minItems });
      if (s.maxItems !== undefined && v.length > s.maxItems)
        out.push({ field, code: "REG_FIELD_TOO_LONG", limit: s.maxItems });
      v.forEach((item, i) => {
        if (s.options.length > 0 && !s.options.includes(item))
          out.push({ field: `${field}[${i}]`, code: "REG_FIELD_ENUM" });
        if (s.itemMaxLength !== undefined && [...item].length > s.itemMaxLength)
          out.push({ field: `${field}[${i}]`, code: "REG_FIELD_TOO_LONG", limit: s.itemMaxLength });
      });
      continue;
    }
    const text = v.trim();
    const length = [...text].length;
    if (s.maxLength !== undefined && length > s.maxLength)
      out.push({ field, code: "REG_FIELD_TOO_LONG", limit: s.maxLength });
    else if (s.minLength !== undefined && length < s.minLength)
      out.push({ field, code: "REG_FIELD_REQUIRED" });
    if (s.options.length > 0 && !s.options.includes(text)) out.push({ field, code: "REG_FIELD_ENUM" });
    if (s.kind === "date" && !isIsoDate(text)) out.push({ field, code: "REG_FIELD_FORMAT" });
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(text))
      out.push({ field, code: "REG_FIELD_FORMAT" });
  }
  return out;
}

/** The `fields` object of an issue body: trimmed text, lists as arrays, empty optional fields left out. */
export function fieldsBody(
  specs: readonly FieldSpec[],
  values: Readonly<Record<string, FieldValue>>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const s of specs) {
    const v = values[s.key];
    if (isEmpty(v) || v === undefined) continue;
    out[s.key] = Array.isArray(v) ? v : v.trim();
  }
  return out;
}

/**
 * The `fields` of an amendment: only what changed, and null for a field emptied (the registry merges the amendment
 * into the licence's fields and drops the nulls).
 */
export function fieldsChanged(
  specs: readonly FieldSpec[],
  before: Readonly<Record<string, unknown>>,
  values: Readonly<Record<string, FieldValue>>,
): Record<string, string | string[] | null> {
  const now = fieldsBody(specs, values);
  const out: Record<string, string | string[] | null> = {};
  for (const s of specs) {
    const was = before[s.key];
    const is = now[s.key];
    if (is === undefined) {
      if (was !== undefined) out[s.key] = null;
    } else if (JSON.stringify(is) !== JSON.stringify(was)) out[s.key] = is;
  }
  return out;
}

/** A licence's stored field as the form shows it. */
export function formValue(spec: FieldSpec, stored: unknown): FieldValue {
  if (spec.kind === "list" || spec.kind === "multi") return Array.isArray(stored) ? stored.map(String) : [];
  if (typeof stored === "string") return stored;
  return typeof stored === "number" || typeof stored === "boolean" ? String(stored) : "";
}
