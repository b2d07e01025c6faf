// What the desk reads from the registry: service items (GET /api/v1/service-items) and the materials check's answer
// (POST /api/v1/materials/check).
import type { Text } from "../i18n.js";

export interface ServiceItem {
  code: string;
  name: Text;
  department: { name: string; code: string };
  holderKind: "person" | "organisation";
  required: { typeCode: string; typeName: Text; note: Text }[];
}

export type MaterialStatus = "exempt" | "must_submit" | "expired" | "suspended" | "revoked";

export interface MaterialResult {
  typeCode: string;
  typeName: string;
  status: MaterialStatus;
  identifier?: string;
  validUntil?: string | null;
  message: string;
  note?: Text;
}

export interface MaterialsAnswer {
  holderCode: string;
  exemptCount: number;
  serviceItem?: { code: string; name: Text; department: { name: string; code: string } };
  results: MaterialResult[];
}
