// The materials check as the window asks it: for a service item (its required licence types, with a note per
// material) or for an explicit list of licence types. Every problem of the request is reported at once.
import type { Bilingual } from "@elicence/core";
import { RegistryError, type ErrorDetail } from "../errors.js";
import type { Actor, LicenceService, MaterialResult } from "../licences/licence-service.js";
import type { ServiceItem } from "./service-item.js";
import type { ServiceItems } from "./service-items.js";

export interface MaterialsRequest {
  holderCode: string;
  purpose: string;
  /** Licence type codes; exactly one of required and serviceItem. */
  required?: string[];
  /** A service item code from GET /api/v1/service-items. */
  serviceItem?: string;
}

export interface MaterialsAnswer {
  holderCode: string;
  exemptCount: number;
  results: (MaterialResult & { note?: Bilingual })[];
  serviceItem?: { code: string; name: ServiceItem["name"]; department: ServiceItem["department"] };
}

const CODE_TYPE = { person: "111", organisation: "001" } as const;

export async function checkMaterialsRequest(
  service: LicenceService,
  items: ServiceItems,
  actor: Actor,
  request: MaterialsRequest,
): Promise<MaterialsAnswer> {
  const { holderCode, purpose, required, serviceItem } = request;
  // An explicit list: the service checks the holder code and the types together already.
  if (required !== undefined && serviceItem === undefined)
    return service.checkMaterials(actor, { holderCode, purpose, required });

  const details: ErrorDetail[] = [];
  let holder: { code: string; codeType: "111" | "001" } | null = null;
  try {
    holder = service.holderCode(holderCode, "holderCode");
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    details.push(...e.details);
  }
  let item: ServiceItem | undefined;
  if (required !== undefined)
    details.push({
      field: "serviceItem",
      code: "REG_MATERIALS_LIST_AMBIGUOUS",
      message: "give serviceItem or required, not both",
    });
  else if (serviceItem === undefined)
    details.push({
      field: "serviceItem",
      code: "REG_MATERIALS_LIST_REQUIRED",
      message:
        "give serviceItem (a code from GET /api/v1/service-items) or required (a list of licence type codes)",
    });
  else {
    item = items.get(serviceItem);
    if (!item)
      details.push({
        field: "serviceItem",
        code: "REG_SERVICE_ITEM_UNKNOWN",
        message: `"${serviceItem}" is not a service item of this registry; known: ${items
          .list()
          .map((i) => `${i.code} (${i.name.zh})`)
          .join(", ")}`,
      });
    else if (holder && CODE_TYPE[item.holderKind] !== holder.codeType)
      details.push({
        field: "holderCode",
        code: "REG_SERVICE_ITEM_HOLDER_MISMATCH",
        message:
          item.holderKind === "person"
            ? `${item.name.zh} is applied for by a person: give the applicant's citizen ID number, not a credit code`
            : `${item.name.zh} is applied for by an organisation: give its unified social credit code, not a citizen ID number`,
      });
  }
  if (details.length > 0 || !item || !holder)
    throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);

  const answer = await service.checkMaterials(actor, {
    holderCode: holder.code,
    purpose,
    required: item.required.map((m) => m.typeCode),
    serviceItem: item.code,
  });
  const notes = new Map(item.required.map((m) => [m.typeCode, m.note]));
  return {
    ...answer,
    results: answer.results.map((r) => {
      const note = notes.get(r.typeCode);
      return note ? { ...r, note } : r;
    }),
    serviceItem: { code: item.code, name: item.name, department: item.department },
  };
}
