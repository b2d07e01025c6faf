// How a licence record is shown through the API: state as code + name, effective expiry, and masking by role.
import type { LicenceRecord } from "../domain/licence.js";
import { STATE_NAMES, type LicenceStateCode } from "../domain/states.js";
import { maskHolderCode, maskName, type Bilingual } from "@elicence/core";
import { NOT_YET_IN_FORCE_NAME, standing } from "./in-force.js";
import { documentState, type DocumentState } from "./sealing-failures.js";

export interface LicenceView {
  identifier: string;
  typeCode: string;
  typeName: string;
  version: string;
  state: LicenceStateCode;
  stateName: Bilingual;
  stateText?: string;
  superseded: boolean;
  holder: { name: string; code: string; codeType: string; masked: boolean };
  issuer: { name: string; code: string };
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  longTerm: boolean;
  previousIdentifier: string | null;
  nextIdentifier: string | null;
  fields: Record<string, unknown>;
  provenance?: LicenceRecord["provenance"];
  documentSha256: string | null;
  /** Sealed, pending, retrying or parked, with the reason of the last failure (no personal data in it). */
  document: DocumentState;
  publicToken?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ViewOptions {
  today: string;
  typeName: string;
  /** Clerks and the public see masked holder data and only the type's public fields. */
  masked: boolean;
  publicFields: readonly string[];
}

export function toView(r: LicenceRecord, o: ViewOptions): LicenceView {
  // Superseded also when a renewal made in advance has taken effect but is not swept yet; 99 "not yet in force"
  // before validFrom, never 01.
  const { state, status } = standing(r, o.today);
  const superseded = status === "superseded";
  const fields = o.masked
    ? Object.fromEntries(Object.entries(r.fields).filter(([k]) => o.publicFields.includes(k)))
    : r.fields;
  return {
    identifier: r.identifier,
    typeCode: r.typeCode,
    typeName: o.typeName,
    version: String(r.version).padStart(3, "0"),
    state,
    stateName: superseded
      ? { zh: "已被新版本替代", en: "superseded" }
      : status === "not-yet-in-force"
        ? { ...NOT_YET_IN_FORCE_NAME }
        : STATE_NAMES[state],
    ...(r.stateText !== undefined ? { stateText: r.stateText } : {}),
    superseded,
    holder: o.masked
      ? {
          name: maskName(r.holder.name),
          code: maskHolderCode(r.holder.code, r.holder.codeType),
          codeType: r.holder.codeType,
          masked: true,
        }
      : { name: r.holder.name, code: r.holder.code, codeType: r.holder.codeType, masked: false },
    issuer: r.issuer,
    issuedOn: r.issuedOn,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    longTerm: r.validUntil === null,
    previousIdentifier: r.previousIdentifier,
    nextIdentifier: r.nextIdentifier,
    fields,
    ...(o.masked ? {} : { provenance: r.provenance, publicToken: r.publicToken }),
    documentSha256: r.documentSha256,
    document: documentState(r),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
