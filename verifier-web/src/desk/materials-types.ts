// What the desk reads from the registry: service items (GET /api/v1/service-items) and the materials check's answer
// (POST /api/v1/materials/check, the registry's own types, imported as types only to keep registry code out of the bundle).
import type { MaterialsAnswer } from "@elicence/registry/api";
import type { Bilingual } from "@elicence/core";

export type { MaterialStatus } from "@elicence/registry/api";
export type { MaterialsAnswer };
/** One material's line of the answer, with the service item's note on it. */
export type MaterialResult = MaterialsAnswer["results"][number];

/**
 * A service item as GET /api/v1/service-items lists it: not the registry's ServiceItem, which is the loaded file
 * (its source path, no type names); the route adds each required type's name.
 */
export interface ServiceItem {
  code: string;
  name: Bilingual;
  department: { name: string; code: string };
  holderKind: "person" | "organisation";
  required: { typeCode: string; typeName: Bilingual; note: Bilingual }[];
}
