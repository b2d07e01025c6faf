// `elicence audit verify`: recompute the audit hash chain.
import { parseArgs } from "node:util";
import { loadConfig } from "@elicence/registry/config.js";
import { verifyAuditChain } from "@elicence/registry/audit/verify-audit.js";
import { REPO_ROOT, withRuntime, type Command } from "../context.js";
import { groupUsage, UsageError } from "../usage.js";

/** `elicence audit verify`. */
export const auditCommand: Command = async (args, out, env) => {
  const [sub, ...rest] = args;
  if (sub !== "verify")
    throw new UsageError(
      sub === undefined
        ? "elicence audit needs a subcommand: verify"
        : `unknown subcommand "audit ${sub}": use verify`,
      groupUsage("audit"),
    );
  const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
  const config = loadConfig(env, REPO_ROOT);
  return withRuntime(config, async (rt) => {
    const r = await verifyAuditChain(rt.store);
    if (values.json) out.log(JSON.stringify(r));
    else if (r.ok)
      out.log(`audit chain intact: ${r.events} events, head #${r.head?.seq ?? 0} ${r.head?.hash ?? ""}`);
    else
      out.err(
        `audit chain BROKEN at event #${r.firstBreak?.seq ?? "?"}: ${r.firstBreak?.message ?? ""} (${r.events} events before it verified)`,
      );
    return r.ok ? 0 : 1;
  });
};
