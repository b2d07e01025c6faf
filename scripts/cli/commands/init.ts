// `elicence init [--base-url URL]`: create the data directory, database and dev PKI, record the public base URL the
// PKI's certificates and every sealed PDF carry, then exit.
import path from "node:path";
import { parseArgs } from "node:util";
import {
  baseUrlProblem,
  checkPublicBaseUrl,
  isLoopbackUrl,
  loadConfig,
  normaliseBaseUrl,
  openSigning,
} from "@elicence/registry";
import { CLI_ACTOR, REPO_ROOT, say, withRuntime, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

export const initCommand: Command = async (args, out, env) => {
  // A mistyped option is a usage error (ERR_PARSE_ARGS): main.ts prints it with this command's usage.
  const { values } = parseArgs({
    args,
    options: { "base-url": { type: "string" } },
    allowPositionals: false,
    strict: true,
  });
  const given = values["base-url"] === undefined ? undefined : normaliseBaseUrl(values["base-url"]);
  if (given !== undefined) {
    const problem = baseUrlProblem(given);
    if (problem) throw new UsageError(`--base-url: ${problem}`, COMMAND_USAGE.init);
    const configured = env.ELICENCE_BASE_URL?.trim();
    if (configured && normaliseBaseUrl(configured) !== given)
      throw new UsageError(
        `--base-url ${given} differs from ELICENCE_BASE_URL=${configured}: give one of them, or the same URL in both`,
        COMMAND_USAGE.init,
      );
  }
  const config = loadConfig(given === undefined ? env : { ...env, ELICENCE_BASE_URL: given }, REPO_ROOT);
  // Refused before the data directory is created.
  checkPublicBaseUrl(
    config.baseUrl,
    config.production,
    given === undefined ? "ELICENCE_BASE_URL" : "--base-url",
  );
  return await withRuntime(config, async (rt) => {
    const signing = await openSigning(config, rt.catalogue, new Date(), {
      store: rt.store,
      actor: CLI_ACTOR,
    });
    await signing.close();
    for (const notice of signing.notices) out.log(`recovered: ${notice}`);
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
    const now = signing.baseUrl.outcome === "recorded";
    out.log(
      say(
        out,
        `public base URL: ${config.baseUrl} (${now ? "recorded now" : "as recorded"}; in every QR code and certificate link)`,
        `公开访问地址：${config.baseUrl}（${now ? "本次记录" : "沿用已记录的"}；每个二维码和证书链接都使用它）`,
      ),
    );
    if (now && isLoopbackUrl(config.baseUrl))
      out.err(
        say(
          out,
          `elicence: WARNING: ${config.baseUrl} is a loopback address: no phone or verifier can follow the QR codes and certificate links of the licences sealed with it. Give the public address: elicence init --base-url https://…`,
          `elicence：警告：${config.baseUrl} 是本机回环地址，手机和核验方都无法访问用它盖章的证照中的二维码和证书链接。请给出公开地址：elicence init --base-url https://…`,
        ),
      );
    return 0;
  });
};
