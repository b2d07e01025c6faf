// Rule: one unified social credit code has one name at a time across its live licences (any type, any issuer).
//
// The holder's name is the one on its live licences; while a name change is being recorded they carry two, and the
// name of the most recently created version is the current one. So:
// - a new licence must carry the current name;
// - an amendment that changes the name is accepted when it starts a name change (every other live licence carries
//   the name this licence had: the first licence amended) or follows one (the new name is the current name); any other
//   name is refused. A change is finished by amending the holder's other live licences one after another.
// Citizen ID numbers are not covered: a person's name is checked against the population register, not here.
import type { Holder, LicenceRecord } from "../../domain/licence.js";
import type { ErrorDetail } from "../../errors.js";

/** The name the holder's live licences say is current: that of the most recently created version. */
export function currentHolderName(live: readonly LicenceRecord[]): string | null {
  let newest: LicenceRecord | null = null;
  for (const r of live) if (newest === null || r.createdAt > newest.createdAt) newest = r;
  return newest?.holder.name ?? null;
}

/**
 * `others`: the holder's live licences other than the one being issued or amended (live-licence.ts). `previousName`:
 * for an amendment, the name the licence carried until now; absent for a new licence.
 */
export function holderNameProblem(
  holder: Pick<Holder, "name" | "code" | "codeType">,
  others: readonly LicenceRecord[],
  previousName?: string,
): ErrorDetail | null {
  if (holder.codeType !== "001" || others.length === 0) return null;
  const current = currentHolderName(others)!;
  if (holder.name === current) return null;
  // The first licence amended in a name change: every other live licence still carries this licence's old name.
  if (previousName !== undefined && others.every((r) => r.holder.name === previousName)) return null;
  const carrying = others.filter((r) => r.holder.name === current).map((r) => r.identifier);
  const listed =
    carrying.slice(0, 3).join(", ") + (carrying.length > 3 ? ` and ${carrying.length - 3} more` : "");
  return {
    field: "holder.name",
    code: "REG_HOLDER_NAME_CONFLICT",
    message:
      previousName === undefined
        ? `credit code ${holder.code} is named "${current}" on its live licences (${listed}), not "${holder.name}"; use that name, or, if the holder has changed its name, amend those licences to the new name first`
        : `credit code ${holder.code} is named "${current}" on its live licences (${listed}); a name change starts on a licence whose other licences all carry its old name, and the others follow it: amend to "${current}", or amend the others first`,
    suggestion: current,
  };
}
