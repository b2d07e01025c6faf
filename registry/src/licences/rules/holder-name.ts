// Rules of the holder's name, for every route and the register import:
// - it is 1–HOLDER_NAME_MAX_LENGTH characters once trimmed (REG_HOLDER_NAME_REQUIRED, REG_HOLDER_NAME_TOO_LONG); the
//   HTTP schemas take only an outer bound (HOLDER_NAME_SCHEMA_MAX_LENGTH) so that this rule answers, with the others;
// - one unified social credit code has one name at a time across its live licences (any type, any issuer).
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

/** The longest holder name a licence carries (the layout's name box is sized for it: signer schema-bounds test). */
export const HOLDER_NAME_MAX_LENGTH = 200;
/** What the HTTP schemas accept, so that a name a little too long is reported by holderNameFormProblem. */
export const HOLDER_NAME_SCHEMA_MAX_LENGTH = 1000;

/** The trimmed name, or the problem with it: empty or longer than HOLDER_NAME_MAX_LENGTH. */
export function holderNameForm(
  raw: string,
): { ok: true; name: string } | { ok: false; problem: ErrorDetail } {
  const name = raw.trim();
  if (name.length === 0)
    return {
      ok: false,
      problem: {
        field: "holder.name",
        code: "REG_HOLDER_NAME_REQUIRED",
        message: "holder.name is empty; give the holder's name as printed on the licence",
      },
    };
  if (name.length > HOLDER_NAME_MAX_LENGTH)
    return {
      ok: false,
      problem: {
        field: "holder.name",
        code: "REG_HOLDER_NAME_TOO_LONG",
        message: `holder.name is ${name.length} characters long; at most ${HOLDER_NAME_MAX_LENGTH} are allowed`,
      },
    };
  return { ok: true, name };
}

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
