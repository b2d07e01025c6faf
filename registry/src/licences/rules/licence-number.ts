// Rule: a licence number is unique among the live licences of its type, whoever issued them. The number is the field
// the type names as its numberField (许可证编号, 证书号码 …); a type without one numbers only its converted paper
// licences, by their paper number. Each version carries its number as `licenceNumber` (the store indexes it), so the
// rule asks the store for the versions with the same number and keeps the live ones of other licences.
import type { LicenceType } from "../../catalogue/index.js";
import type { LicenceRecord, Provenance } from "../../domain/licence.js";
import type { ErrorDetail } from "../../errors.js";
import { maskHolderCode } from "@elicence/core";
import { liveOthers } from "./live-licence.js";

/** The number a licence with these fields and provenance carries, or null when it has none. */
export function licenceNumberOf(
  type: Pick<LicenceType, "numberField">,
  fields: Record<string, unknown>,
  provenance: Provenance,
): string | null {
  if (type.numberField !== undefined) {
    const value = fields[type.numberField];
    return typeof value === "string" && value.length > 0 ? value : null;
  }
  return provenance.kind === "paper" && provenance.paperNumber.length > 0 ? provenance.paperNumber : null;
}

/** The request member a number problem is about: the number field, or the paper number. */
export function licenceNumberField(type: Pick<LicenceType, "numberField">): string {
  return type.numberField !== undefined ? `fields.${type.numberField}` : "provenance.paperNumber";
}

/**
 * The problem when `number` is already the number of another live licence among `sameNumber` (the store's versions
 * with that number); null when it is free. `lineage` is the licence being amended or renewed (null for a new one).
 */
export function licenceNumberProblem(
  type: Pick<LicenceType, "numberField" | "schema">,
  number: string,
  lineage: string | null,
  sameNumber: readonly LicenceRecord[],
  today: string,
): ErrorDetail | null {
  const taken = liveOthers(
    sameNumber.filter((r) => r.licenceNumber === number),
    lineage,
    today,
  )[0];
  if (taken === undefined) return null;
  const title =
    type.numberField !== undefined
      ? `${type.schema.properties[type.numberField]?.title ?? type.numberField} (${type.numberField})`
      : "the paper licence number";
  return {
    field: licenceNumberField(type),
    code: "REG_LICENCE_NUMBER_TAKEN",
    message: `${title} ${number} is already the number of live licence ${taken.identifier} (${taken.issuer.name}, holder ${maskHolderCode(taken.holder.code, taken.holder.codeType)}); a number belongs to one live licence of a type: check it against the paper archive, or end (cancel, deregister) the other licence first`,
  };
}
