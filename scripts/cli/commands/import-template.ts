// `elicence import template --type CODE [--xlsx] [--out FILE]`: the register template of a licence type, to fill in
// and import. Reads only the licence-type catalogue: no data directory is opened or created.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, loadCatalogue, templateColumns, templateCsv, templateXlsx } from "@elicence/registry";
import { REPO_ROOT, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

export const importTemplateCommand: Command = async (args, out, env) => {
  const usage = COMMAND_USAGE["import template"];
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { type: { type: "string" }, xlsx: { type: "boolean" }, out: { type: "string" } },
  });
  if (positionals.length > 0)
    throw new UsageError(
      `import template takes no FILE; unexpected "${positionals[0]}" (write the file with --out)`,
      usage,
    );
  if (!values.type) throw new UsageError("--type CODE (the licence type) is required", usage);
  const target = values.out;
  const xlsx = values.xlsx === true || (target !== undefined && /\.xlsx$/iu.test(target));
  if (xlsx && target === undefined)
    throw new UsageError("an XLSX template is a binary file: name it with --out FILE.xlsx", usage);
  if (xlsx && target !== undefined && !/\.xlsx$/iu.test(target))
    throw new UsageError(`--xlsx writes a workbook: name it FILE.xlsx, not "${target}"`, usage);
  if (!xlsx && target !== undefined && !/\.csv$/iu.test(target))
    throw new UsageError(
      `--out names the template FILE.csv (or FILE.xlsx with --xlsx), not "${target}"`,
      usage,
    );

  const catalogue = loadCatalogue(loadConfig(env, REPO_ROOT).templatesDir);
  const type = catalogue.get(values.type);
  if (!type)
    throw new UsageError(
      `no licence type has the code "${values.type}"; the loaded types are ${catalogue
        .list()
        .map((t) => `${t.code} ${t.name.zh}`)
        .join(", ")}`,
      usage,
    );
  const columns = templateColumns(type);
  const bytes = xlsx ? await templateXlsx(type) : templateCsv(type);
  if (target === undefined) {
    // The CSV itself on stdout (to redirect into a file), without the line break out.log adds.
    out.log(bytes.toString("utf8").replace(/\r\n$/u, ""));
    return 0;
  }
  writeFileSync(path.resolve(target), bytes);
  out.log(
    `wrote ${path.resolve(target)}: ${type.name.zh} ${type.code}, ${columns.length} columns (${columns.map((c) => c.header).join(", ")}) and an example row to replace`,
  );
  out.log(
    `fill in one row per licence, then: elicence import ${target} --type ${type.code} --department USCC --dry-run`,
  );
  return 0;
};
