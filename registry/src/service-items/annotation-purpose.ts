// The words of an annotated copy's note ("仅供<purpose>使用，有效期至<date>"), which the platform seal signs: they come
// from the service-item catalogue (templates/service-items/), chosen by code, never typed. A typed purpose could
// rewrite what the signed note means ("食品经营许可，并授权第三方…"), so a request that still sends one is refused
// with a detail saying what to send instead.
import type { ErrorDetail } from "../errors.js";
import type { ServiceItems } from "./service-items.js";

export type AnnotationPurpose =
  | {
      ok: true;
      purpose: string;
      serviceItem: string;
      /** The licence types the item asks for: a copy is made only of a licence of one of them. */
      typeCodes: readonly string[];
    }
  | { ok: false; details: ErrorDetail[] };

export function annotationPurpose(
  items: ServiceItems,
  body: { serviceItem?: unknown; purpose?: unknown },
): AnnotationPurpose {
  const details: ErrorDetail[] = [];
  if (body.purpose !== undefined)
    details.push({
      field: "purpose",
      code: "REG_ANNOTATION_PURPOSE_RETIRED",
      message:
        "the note's words are not typed: send serviceItem (GET /api/v1/service-items) instead of purpose",
    });
  const code = typeof body.serviceItem === "string" ? body.serviceItem.trim() : "";
  const item = code.length > 0 ? items.get(code) : undefined;
  if (code.length === 0)
    details.push({
      field: "serviceItem",
      code: "REG_FIELD_REQUIRED",
      message:
        "say which service item the copy is for, e.g. serviceItem=food-business-new (GET /api/v1/service-items)",
    });
  else if (!item)
    details.push({
      field: "serviceItem",
      code: "REG_SERVICE_ITEM_UNKNOWN",
      message: `"${code.slice(0, 80)}" is not a service item; GET /api/v1/service-items lists them`,
    });
  if (details.length > 0 || !item) return { ok: false, details };
  return {
    ok: true,
    purpose: item.name.zh,
    serviceItem: item.code,
    typeCodes: item.required.map((r) => r.typeCode),
  };
}

/**
 * The refusal of a copy whose service item does not ask for this licence's type, or undefined. The platform seal signs
 * "仅供<item>使用": on a licence the item never needs (a food business licence "for teacher qualification only", an
 * item of another department) the signed note vouches for a use the catalogue does not know.
 */
export function itemMismatch(
  chosen: { serviceItem: string; typeCodes: readonly string[] },
  typeCode: string,
): ErrorDetail | undefined {
  if (chosen.typeCodes.includes(typeCode)) return undefined;
  return {
    field: "serviceItem",
    code: "REG_SERVICE_ITEM_NOT_FOR_LICENCE",
    message: `service item ${chosen.serviceItem} does not ask for a licence of type ${typeCode}; choose an item whose required materials list it (GET /api/v1/service-items)`,
  };
}
