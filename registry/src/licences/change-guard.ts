// What every change of a licence checks first (change-state.ts, replace-licences.ts): the licence exists and is the
// actor's department's to change (licence-access.ts), the lifecycle allows the action from its state today, and the
// refusal says why not in the same words for every action.
import type { LicenceRecord } from "../domain/licence.js";
import type { LicenceStateCode } from "../domain/states.js";
import { RegistryError } from "../errors.js";
import { isSuperseded, supersededWording } from "./in-force.js";
import { changeableLicence } from "./licence-access.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import {
  checkTransition,
  describeState,
  effectiveState,
  LIFECYCLE,
  type LifecycleAction,
} from "./lifecycle.js";

/** The record to change, checked against the state machine at today's effective state. */
export async function loadForTransition(
  ctx: LicenceContext,
  actor: Actor,
  identifier: string,
  action: LifecycleAction,
) {
  const rec = await changeableLicence(ctx, actor, identifier);
  const today = ctx.today();
  const current = effectiveState(rec, today);
  const check = checkTransition(action, current);
  if (!check.ok) illegal(action, rec, current, today);
  return { rec, today, current, rule: check.rule };
}

/** 409 REG_ILLEGAL_TRANSITION: `action` is not allowed for `rec` today, and why. */
export function illegal(
  action: LifecycleAction,
  rec: LicenceRecord,
  current: LicenceStateCode,
  today: string,
): never {
  const where = isSuperseded(rec, today)
    ? `it ${supersededWording(rec)}`
    : rec.nextIdentifier !== null
      ? `it was already renewed by ${rec.nextIdentifier}, which takes effect on ${rec.supersededOn ?? "its validFrom"}; change that version instead`
      : rec.takesEffectOn !== undefined && rec.takesEffectOn > today
        ? `it is a renewal that takes effect on ${rec.takesEffectOn}; ${action} it from that day, or cancel it (the version in force keeps its term) and renew that again`
        : `its current state is ${describeState(current)}`;
  throw new RegistryError(
    "REG_ILLEGAL_TRANSITION",
    `Cannot ${action} licence ${rec.identifier}: ${where}; ${action} is allowed from ${LIFECYCLE[action].from.map((s) => describeState(s)).join(", ")}.`,
    [{ field: "state", code: "REG_ILLEGAL_TRANSITION", message: `current state ${current}` }],
  );
}
