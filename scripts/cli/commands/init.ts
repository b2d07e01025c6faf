// `elicence init`: create the data directory, database and dev PKI, then exit.
import path from "node:path";
import { loadConfig, openSigning } from "@elicence/registry";
import { REPO_ROOT, say, withRuntime, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

export const initCommand: Command = async (args, out, env) => {
  if (args.length > 0)
    throw new UsageError(`elicence init takes no arguments; unexpected "${args[0]}"`, COMMAND_USAGE.init);
  const config = loadConfig(env, REPO_ROOT);
  return await withRuntime(config, async (rt) => {
    const signing = await openSigning(config, rt.catalogue, new Date());
    await signing.close();
    const pkiDir = path.join(config.dataDir, "pki");
    const seals = signing.pki.departments().length;
    out.log(say(out, `data directory: ${config.dataDir}`, `数据目录：${config.dataDir}`));
    out.log(
      say(
        out,
        `PKI: ${signing.created ? "created" : "present"} in ${pkiDir} (${seals} department e-seals)`,
        `PKI：${signing.created ? "已创建于" : "已存在于"} ${pkiDir}（${seals} 枚部门电子印章）`,
      ),
    );
    out.log(
      say(
        out,
        `store: ${rt.store.kind}, schema version ${rt.migrated.to}`,
        `存储：${rt.store.kind}，结构版本 ${rt.migrated.to}`,
      ),
    );
    out.log(
      say(out, `licence types: ${rt.catalogue.list().length}`, `证照类型：${rt.catalogue.list().length} 种`),
    );
    return 0;
  });
};
