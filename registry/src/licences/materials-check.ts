// Use case: the materials check (免提交) — which of the licence types a service needs the holder already has,
// current and valid, so that the applicant need not bring them. Logged as a read of the holder, with the purpose.
import { RegistryError, type ErrorDetail } from "../errors.js";
import { isCurrentVersion } from "./in-force.js";
import { holderCodeOf } from "./licence-access.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import { materialFor, type MaterialResult } from "./material-for.js";

export async function checkMaterials(
  ctx: LicenceContext,
  actor: Actor,
  input: { holderCode: string; purpose: string; required: string[]; serviceItem?: string },
): Promise<{ holderCode: string; results: MaterialResult[]; exemptCount: number }> {
  const details: ErrorDetail[] = [];
  let holder: { code: string; codeType: "111" | "001" } = { code: "", codeType: "111" };
  try {
    holder = holderCodeOf(input.holderCode, "holderCode", ctx.clock());
  } catch (e) {
    if (e instanceof RegistryError) details.push(...e.details);
    else throw e;
  }
  input.required.forEach((t, i) => {
    if (!ctx.catalogue.get(t))
      details.push({
        field: `required[${i}]`,
        code: "REG_LICENCE_TYPE_UNKNOWN",
        message: `"${t}" is not a licence type of this registry`,
      });
  });
  if (details.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);

  const today = ctx.today();
  const code = holder.code;
  const held = (await ctx.store.licencesByHolder(code)).filter((r) => isCurrentVersion(r, today));
  const results: MaterialResult[] = [...new Set(input.required)].map((typeCode) =>
    materialFor(typeCode, ctx.catalogue.get(typeCode)!.name.zh, held, today),
  );
  const exempt = results.filter((r) => r.status === "exempt");
  await ctx.logRead(actor, "materials.check", code, code, input.purpose, {
    required: input.required,
    exempt: exempt.map((r) => r.identifier),
    // The exemption figures group by it (GET /api/v1/stats/exemptions).
    serviceItem: input.serviceItem ?? null,
  });
  ctx.events.onMaterialsChecked?.(exempt.length, actor.department, input.serviceItem ?? null);
  return { holderCode: ctx.shownCode(holder, actor), results, exemptCount: exempt.length };
}
