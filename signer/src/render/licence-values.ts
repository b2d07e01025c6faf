// Turns licence data into the strings a certificate prints: dates as 2024年03月15日, no end date as 长期, arrays joined.
import { dateZh } from "@elicence/core";
import type { LicenceRef } from "./layout.js";

/** The licence data the renderer prints (a subset of the registry's LicenceRecord). */
export interface RenderLicenceData {
  identifier: string;
  holder: { name: string; code: string };
  issuer: { name: string; code: string };
  /** ISO dates (YYYY-MM-DD). */
  issuedOn: string;
  validFrom: string;
  /** null = long-term (长期). */
  validUntil: string | null;
  fields: Record<string, unknown>;
}

export const LONG_TERM = "长期";
const DEFAULT_JOIN = "；";

/** A field value as printed, or undefined when it is absent (undefined, null, blank string, empty array). */
export function formatValue(value: unknown, join: string = DEFAULT_JOIN): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    const s = value.trim();
    return s === "" ? undefined : dateZh(s);
  }
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) {
    const items = value.map((v) => formatValue(v, join)).filter((v): v is string => v !== undefined);
    return items.length === 0 ? undefined : items.join(join);
  }
  if (value instanceof Date) return dateZh(value.toISOString().slice(0, 10));
  const items = Object.values(value as Record<string, unknown>)
    .map((v) => formatValue(v, join))
    .filter((v): v is string => v !== undefined);
  return items.length === 0 ? undefined : items.join(" ");
}

/** Looks up a row field or template key: a LicenceRef or a key of the type's fields. */
export function licenceValue(licence: RenderLicenceData, key: string, join?: string): string | undefined {
  switch (key as LicenceRef) {
    case "holder.name":
      return formatValue(licence.holder.name);
    case "holder.code":
      return formatValue(licence.holder.code);
    case "issuer.name":
      return formatValue(licence.issuer.name);
    case "issuer.code":
      return formatValue(licence.issuer.code);
    case "identifier":
      return formatValue(licence.identifier);
    case "issuedOn":
      return formatValue(licence.issuedOn);
    case "validFrom":
      return formatValue(licence.validFrom);
    case "validUntil":
      return licence.validUntil === null ? LONG_TERM : formatValue(licence.validUntil);
    default:
      return Object.prototype.hasOwnProperty.call(licence.fields, key)
        ? formatValue(licence.fields[key], join)
        : undefined;
  }
}
