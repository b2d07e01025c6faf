// `elicence init`: create the data directory, database and dev PKI, then exit.
import path from "node:path";
import { loadConfig, openSigning } from "@elicence/registry";
import { REPO_ROOT, withRuntime, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

export const initCommand: Command = async (args, out, env) => {
  if (args.length > 0)
    throw new UsageError(`elicence init takes no arguments; unexpected "${args[0]}"`, COMMAND_USAGE.init);
  const config = loadConfig(env, REPO_ROOT);
  return await withRuntime(config, async (rt) => {
    const signing = await openSigning(config, rt.catalogue, new Date());
    await signing.close();
    out.log(`data directory: ${config.dataDir}`);
    out.log(
      `PKI: ${signing.created ? "created" : "present"} in ${path.join(config.dataDir, "pki")} (${signing.pki.departments().length} department e-seals)`,
    );
    out.log(`store: ${rt.store.kind}, schema version ${rt.migrated.to}`);
    out.log(`licence types: ${rt.catalogue.list().length}`);
    return 0;
  });
};
