// Use case: compare licences about to be stored with the live licences already in the register — a licence number
// taken by another live licence of the type, a credit code carrying another name. For issue, amend, renew and the
// register import alike.
import type { Holder, LicenceRecord } from "../domain/licence.js";
import type { ErrorDetail } from "../errors.js";
import type { LicenceContext } from "./licence-context.js";
import { holderNameProblem } from "./rules/holder-name.js";
import { licenceNumberProblem } from "./rules/licence-number.js";
import { liveOthers } from "./rules/live-licence.js";

/** What the rules that compare a licence with the register are given (rules/holder-name.ts, licence-number.ts). */
export interface RegisterCheckInput {
  typeCode: string;
  holder: Holder;
  licenceNumber: string | null;
  /** A licence already ended by date (a converted paper licence, say) is not live: the rules leave it alone. */
  validUntil: string | null;
  /** The licence being amended or renewed: its other versions are not compared; null for a new licence. */
  lineage: string | null;
  /** An amendment changing the holder's name: the name the licence carried until now. */
  previousName?: string;
}

/**
 * checkAgainstRegister for many licences at once (a register import's batch): one store query for the numbers of each
 * type and one per credit code. Each licence is compared with the register only, not with the others given.
 */
export async function checkManyAgainstRegister(
  ctx: LicenceContext,
  inputs: readonly RegisterCheckInput[],
): Promise<ErrorDetail[][]> {
  const today = ctx.today();
  const byType = new Map<string, string[]>();
  for (const i of inputs)
    if (i.licenceNumber !== null)
      byType.set(i.typeCode, [...(byType.get(i.typeCode) ?? []), i.licenceNumber]);
  const sameNumber = new Map<string, LicenceRecord[]>();
  for (const [typeCode, numbers] of byType)
    sameNumber.set(typeCode, await ctx.store.findByLicenceNumbers(typeCode, numbers));
  const byHolder = new Map<string, LicenceRecord[]>();
  for (const i of inputs)
    if (i.holder.codeType === "001" && !byHolder.has(i.holder.code))
      byHolder.set(i.holder.code, await ctx.store.licencesByHolder(i.holder.code));
  return inputs.map((input) => {
    const details: ErrorDetail[] = [];
    if (input.validUntil !== null && input.validUntil < today) return details;
    const type = ctx.catalogue.get(input.typeCode);
    if (type && input.licenceNumber !== null) {
      const same = sameNumber.get(type.code) ?? [];
      const taken = licenceNumberProblem(type, input.licenceNumber, input.lineage, same, today);
      if (taken) details.push(taken);
    }
    const held = byHolder.get(input.holder.code);
    if (held) {
      const named = holderNameProblem(
        input.holder,
        liveOthers(held, input.lineage, today),
        input.previousName,
      );
      if (named) details.push(named);
    }
    return details;
  });
}

/** The problems of one licence with the register; [] when there are none. */
export async function checkAgainstRegister(
  ctx: LicenceContext,
  input: RegisterCheckInput,
): Promise<ErrorDetail[]> {
  return (await checkManyAgainstRegister(ctx, [input]))[0] ?? [];
}
