// A licence as the registry's API shows it (LicenceView in registry/src/http/schemas.ts): masked for clerks, whole
// for the holder. Only what the pages read.
import type { Text } from "../i18n.js";

export interface LicenceView {
  identifier: string;
  typeCode: string;
  typeName: string;
  version: string;
  state: string;
  stateName: Text;
  stateText?: string;
  superseded: boolean;
  holder: { name: string; code: string; codeType: string; masked: boolean };
  issuer: { name: string; code: string };
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  longTerm: boolean;
  fields: Record<string, unknown>;
}
