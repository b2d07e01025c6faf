// `elicence audit verify`: recompute the audit hash chain.
import { parseArgs } from "node:util";
import { loadConfig, verifyAuditChain } from "@elicence/registry/offline";
import { REPO_ROOT, say, withRuntime, type Command } from "../context.js";
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
      out.log(
        say(
          out,
          `audit chain intact: ${r.events} events, head #${r.head?.seq ?? 0} ${r.head?.hash ?? ""}`,
          `审计链完整：${r.events} 条事件，末条 #${r.head?.seq ?? 0} ${r.head?.hash ?? ""}`,
        ),
      );
    else
      out.err(
        say(
          out,
          `audit chain BROKEN at event #${r.firstBreak?.seq ?? "?"}: ${r.firstBreak?.message ?? ""} (${r.events} events before it verified)`,
          `审计链在第 #${r.firstBreak?.seq ?? "?"} 条事件处断裂：${r.firstBreak?.message ?? ""}（此前 ${r.events} 条事件校验无误）`,
        ),
      );
    return r.ok ? 0 : 1;
  });
};
