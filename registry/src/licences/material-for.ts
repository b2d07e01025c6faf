// The materials check for one required licence type: which of the holder's current licences is the evidence that the
// applicant need not bring a copy (exempt), or the most telling reason they must (not yet in force, suspended,
// revoked, expired, none held). Judged at `today` with the same standing as the status API.
import type { LicenceRecord } from "../domain/licence.js";
import { LicenceState, type LicenceStateCode } from "../domain/states.js";
import { standing } from "./in-force.js";

export type MaterialStatus =
  "exempt" | "must_submit" | "not_yet_in_force" | "expired" | "suspended" | "revoked";
export interface MaterialResult {
  typeCode: string;
  typeName: string;
  status: MaterialStatus;
  /** The licence that is the evidence (exempt) or the reason (expired / suspended / revoked). */
  identifier?: string;
  validUntil?: string | null;
  message: string;
}

/** Ranks a holder's licences of one type: a valid one exempts; otherwise the most telling reason. */
export function materialFor(
  typeCode: string,
  typeName: string,
  held: LicenceRecord[],
  today: string,
): MaterialResult {
  const ofType = held.filter((r) => r.typeCode === typeCode).map((r) => ({ r, s: standing(r, today) }));
  const pick = (s: LicenceStateCode | "not-yet-in-force") =>
    ofType
      .filter((x) => (s === "not-yet-in-force" ? x.s.status === s : x.s.state === s))
      .sort((a, b) => (b.r.validUntil ?? "9999").localeCompare(a.r.validUntil ?? "9999"))[0]?.r;
  const valid = pick(LicenceState.VALID);
  if (valid)
    return {
      typeCode,
      typeName,
      status: "exempt",
      identifier: valid.identifier,
      validUntil: valid.validUntil,
      message: `免于提交：证照库已有有效的${typeName} (${valid.identifier})`,
    };
  // Not yet in force does not exempt: the applicant cannot yet rely on it. It says from when it will.
  const upcoming = pick("not-yet-in-force");
  if (upcoming)
    return {
      typeCode,
      typeName,
      status: "not_yet_in_force",
      identifier: upcoming.identifier,
      validUntil: upcoming.validUntil,
      message: `${typeName}尚未生效（自 ${upcoming.validFrom} 起生效），须另行提交`,
    };
  const suspended = pick(LicenceState.SUSPENDED);
  if (suspended)
    return {
      typeCode,
      typeName,
      status: "suspended",
      identifier: suspended.identifier,
      validUntil: suspended.validUntil,
      message: `${typeName}已被暂扣，须另行提交或待发还`,
    };
  const revoked = pick(LicenceState.REVOKED);
  if (revoked)
    return {
      typeCode,
      typeName,
      status: "revoked",
      identifier: revoked.identifier,
      validUntil: revoked.validUntil,
      message: `${typeName}已被吊销`,
    };
  const expired = pick(LicenceState.EXPIRED);
  if (expired)
    return {
      typeCode,
      typeName,
      status: "expired",
      identifier: expired.identifier,
      validUntil: expired.validUntil,
      message: `${typeName}已于 ${expired.validUntil ?? ""} 过期，须办理延续或另行提交`,
    };
  return {
    typeCode,
    typeName,
    status: "must_submit",
    message: `证照库中没有该申请人有效的${typeName}，须提交`,
  };
}
