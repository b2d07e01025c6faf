// `elicence reseal --since DATE [--type CODE] [--dry-run] [--json]`: new sealed documents, carrying the current public
// base URL, for the licence versions issued or changed since DATE (see registry/src/licences/reseal.ts).
import path from "node:path";
import { parseArgs } from "node:util";
import { isIsoDate, startOfChinaDay } from "@elicence/core";
import {
  DocumentStore,
  loadConfig,
  openSigning,
  RegistryDocumentSealer,
  resealSince,
  type ResealReport,
} from "@elicence/registry";
import { CLI_ACTOR, REPO_ROOT, withRuntime, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

function describe(r: ResealReport, dryRun: boolean): string {
  return `${r.examined} licence versions examined, ${r.matched} issued or changed since the date: ${dryRun ? "would reseal" : "resealed"} ${r.resealed}, already resealed ${r.alreadyDone}, not sealed yet ${r.unsealed} (serve seals them), changed meanwhile ${r.conflicts}${r.conflicts > 0 ? " (run again)" : ""}`;
}

export const resealCommand: Command = async (args, out, env) => {
  const usage = COMMAND_USAGE.reseal;
  // A mistyped option is a usage error (ERR_PARSE_ARGS): main.ts prints it with this command's usage.
  const { values } = parseArgs({
    args,
    options: {
      since: { type: "string" },
      type: { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
    },
    allowPositionals: false,
    strict: true,
  });
  const since = values.since?.trim();
  if (!since) throw new UsageError("--since DATE is required (e.g. --since 2026-01-01)", usage);
  if (!isIsoDate(since))
    throw new UsageError(`--since "${since}" is not a date: write it as YYYY-MM-DD (e.g. 2026-01-01)`, usage);
  const dryRun = values["dry-run"] === true;
  const config = loadConfig(env, REPO_ROOT);
  return await withRuntime(config, async (rt) => {
    const typeCode = values.type?.trim();
    if (typeCode !== undefined && !rt.catalogue.get(typeCode))
      throw new UsageError(
        `--type "${typeCode}" is no licence type of the catalogue; known: ${rt.catalogue
          .list()
          .map((t) => t.code)
          .join(", ")}`,
        usage,
      );
    // Settles the base URL as serve does: a configured one differing from the recorded one is refused here too.
    const signing = await openSigning(config, rt.catalogue, new Date(), {
      store: rt.store,
      actor: CLI_ACTOR,
    });
    try {
      const sealer = new RegistryDocumentSealer(
        signing.sealer,
        new DocumentStore(path.join(config.dataDir, "documents")),
        config.baseUrl,
      );
      // The date is a day in China (UTC+8), as every date of the registry.
      const sinceIso = startOfChinaDay(since);
      const report = await resealSince(rt.store, sealer, () => new Date(), {
        sinceIso,
        ...(typeCode ? { typeCode } : {}),
        baseUrl: config.baseUrl,
        dryRun,
        actor: CLI_ACTOR,
      });
      if (values.json)
        out.log(
          JSON.stringify({ since, typeCode: typeCode ?? null, dryRun, baseUrl: config.baseUrl, ...report }),
        );
      else {
        out.log(`public base URL: ${config.baseUrl}`);
        out.log(describe(report, dryRun));
      }
      return report.conflicts > 0 ? 1 : 0;
    } finally {
      await signing.close();
    }
  });
};
