// What the renderer needs to know about a licence type, and how to read it from a templates/<code>/type.json.
import type { Bilingual } from "@elicence/core";
import type { LayoutTypeInfo } from "./layout.js";

export interface RenderType {
  /** Type code (证照类型代码), e.g. 11100000MB0143028R001. */
  code: string;
  name: Bilingual;
  /** Field key → schema title (the default row label). */
  titles: Record<string, string>;
  /** Default labels for holder.name / holder.code (名称 / 统一社会信用代码, 姓名 / 身份证件号码). */
  holderTitles?: { name: string; code: string };
}

/** Default labels of the licence values, used when neither the row nor the type gives one. */
export const DEFAULT_REF_LABELS: Record<string, string> = {
  "holder.name": "持证主体",
  "holder.code": "持证主体代码",
  "issuer.name": "发证机关",
  "issuer.code": "发证机关代码",
  validFrom: "有效期自",
  validUntil: "有效期至",
  identifier: "证照标识",
  issuedOn: "发证日期",
};

/**
 * Reads the parts of a type.json the renderer and the layout validator use. Tolerant by design: the catalogue
 * loader owns type.json validation; missing parts simply give fewer defaults.
 */
export function renderTypeFromTypeJson(json: unknown): RenderType & LayoutTypeInfo {
  const t = (json ?? {}) as {
    code?: unknown;
    name?: { zh?: unknown; en?: unknown };
    holderTitles?: { name?: unknown; code?: unknown };
    schema?: { properties?: Record<string, { title?: unknown }>; required?: unknown };
  };
  const properties = t.schema?.properties ?? {};
  const titles: Record<string, string> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (typeof prop.title === "string") titles[key] = prop.title;
  }
  const required = Array.isArray(t.schema?.required)
    ? t.schema.required.filter((k): k is string => typeof k === "string")
    : [];
  const out: RenderType & LayoutTypeInfo = {
    code: typeof t.code === "string" ? t.code : "",
    name: {
      zh: typeof t.name?.zh === "string" ? t.name.zh : "",
      en: typeof t.name?.en === "string" ? t.name.en : "",
    },
    titles,
    fieldKeys: Object.keys(properties),
    requiredKeys: required,
  };
  if (typeof t.holderTitles?.name === "string" && typeof t.holderTitles.code === "string") {
    out.holderTitles = { name: t.holderTitles.name, code: t.holderTitles.code };
  }
  return out;
}

/** The label a row shows when its layout gives none. */
export function defaultLabel(type: RenderType, field: string): string {
  if (field === "holder.name" && type.holderTitles) return type.holderTitles.name;
  if (field === "holder.code" && type.holderTitles) return type.holderTitles.code;
  return type.titles[field] ?? DEFAULT_REF_LABELS[field] ?? field;
}
