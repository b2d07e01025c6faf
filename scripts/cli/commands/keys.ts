// `elicence keys`: create, list and revoke API keys in the data directory's store.
import path from "node:path";
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { loadConfig, KeyService, ROLES } from "@elicence/registry/offline";
import { CLI_ACTOR, describeStore, REPO_ROOT, say, withRuntime, type Command } from "../context.js";
import { COMMAND_USAGE, groupUsage, UsageError } from "../usage.js";

/** `elicence keys create|list|revoke`. */
export const keysCommand: Command = async (args, out, env) => {
  const config = loadConfig(env, REPO_ROOT);
  const [sub, ...rest] = args;
  if (sub !== "create" && sub !== "list" && sub !== "revoke")
    throw new UsageError(
      sub === undefined
        ? "elicence keys needs a subcommand: create, list or revoke"
        : `unknown subcommand "keys ${sub}": use create, list or revoke`,
      groupUsage("keys"),
    );
  const usage = COMMAND_USAGE[`keys ${sub}`];
  // Each subcommand accepts only its own options, so a misplaced one is named rather than ignored.
  const options = {
    create: {
      role: { type: "string" },
      department: { type: "string" },
      label: { type: "string" },
      json: { type: "boolean" },
      init: { type: "boolean" },
    },
    list: { json: { type: "boolean" } },
    revoke: { reason: { type: "string" } },
  } as const;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: sub === "revoke",
    strict: true,
    options: { ...options.create, ...options.list, ...options.revoke },
  });
  const allowed: Record<string, unknown> = options[sub];
  const foreign = Object.keys(values).find((k) => !(k in allowed));
  if (foreign) throw new UsageError(`elicence keys ${sub} does not take --${foreign}`, usage);
  if (sub === "create") {
    if (!values.role)
      throw new UsageError(
        say(out, `--role is required (${ROLES.join(", ")})`, `须给出 --role（${ROLES.join("、")}）`),
        usage,
      );
    if (config.store.kind === "sqlite" && !existsSync(config.store.path)) {
      // A fresh store here would hold a key that the running server (on its own store) rejects: say where we
      // looked, and create one only when asked.
      if (!values.init)
        throw new UsageError(
          say(
            out,
            `no store in the data directory ${config.dataDir} (no ${path.basename(config.store.path)}): start the registry once (npm start), set ELICENCE_DATA_DIR to its data directory, or pass --init to create a new store there`,
            `数据目录 ${config.dataDir} 中没有存储（没有 ${path.basename(config.store.path)}）：请先启动一次证照库（npm start），或把 ELICENCE_DATA_DIR 设为其数据目录，或加 --init 在此新建存储`,
          ),
          usage,
        );
    }
    // With MONGODB_URL the store is a database the operator provisioned, shared by serve and this command; an
    // empty one is what a first deployment looks like, so it is not refused (nothing in the data directory decides).
  }
  if (sub === "revoke") {
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length ? "elicence keys revoke takes one key id" : "the key id is missing",
        usage,
      );
    if (!values.reason) throw new UsageError("--reason is required", usage);
  }
  return withRuntime(config, async (rt) => {
    const svc = new KeyService(rt.store, () => new Date());
    switch (sub) {
      case "create": {
        const { key, record } = await svc.create(CLI_ACTOR, {
          role: values.role!,
          department: values.department ?? null,
          label: values.label ?? null,
        });
        if (values.json) out.log(JSON.stringify({ key, ...record }));
        else {
          out.log(key);
          out.err(
            say(
              out,
              `created ${record.role} key ${record.id}${record.department ? ` for ${record.department}` : ""} in ${describeStore(config)}; store it now, it is not shown again`,
              `已在${describeStore(config, "zh")}创建 ${record.role} 密钥 ${record.id}${record.department ? `（部门 ${record.department}）` : ""}；请立即妥善保存，它不会再次显示`,
            ),
          );
        }
        return 0;
      }
      case "list": {
        const list = await svc.list();
        if (values.json) out.log(JSON.stringify(list));
        else
          for (const k of list)
            out.log(
              `${k.id}  ${k.role.padEnd(7)}  ${k.department ?? "-".padEnd(18)}  ${k.revokedAt ? say(out, `revoked ${k.revokedAt}`, `已吊销 ${k.revokedAt}`) : say(out, "active", "有效")}  ${k.label ?? ""}`,
            );
        return 0;
      }
      case "revoke": {
        const r = await svc.revoke(CLI_ACTOR, positionals[0]!, values.reason!);
        out.log(
          say(out, `revoked ${r.id} at ${r.revokedAt ?? ""}`, `已吊销 ${r.id}，时间 ${r.revokedAt ?? ""}`),
        );
        return 0;
      }
    }
  });
};
