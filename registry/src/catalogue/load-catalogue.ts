// Loads templates/<type code>/type.json files into a Catalogue, or throws one CatalogueError listing every problem
// of every file. Folders without a type.json (service-items/, say) and plain files are skipped.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import addFormatsModule from "ajv-formats";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Catalogue } from "./catalogue.js";
import { CatalogueError } from "./catalogue-error.js";
import type { CatalogueProblem } from "./catalogue-error.js";
import { checkLicenceType } from "./check-licence-type.js";
import { readJsonFile } from "./read-json-file.js";
import type { CheckedLicenceType } from "./check-licence-type.js";
import { TYPE_JSON_SCHEMA } from "./type-json-schema.js";

// ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
const addFormats = addFormatsModule.default;

export function loadCatalogue(dir: string): Catalogue {
  const root = resolve(dir);
  const metaAjv = new Ajv2020({ allErrors: true, strict: true });
  const checkStructure = metaAjv.compile(TYPE_JSON_SCHEMA);
  // Field schemas are compiled in strict mode so that a misspelt keyword (maxLenght) is an error, not a no-op.
  const fieldAjv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(fieldAjv);

  const problems: CatalogueProblem[] = [];
  const loaded: CheckedLicenceType[] = [];
  const codes: { code: string; file: string }[] = [];
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const folder of folders) {
    const file = join(root, folder, "type.json");
    if (!existsSync(file)) continue;
    const raw = readJsonFile(file, problems);
    if (raw === undefined) continue;
    if (typeof raw === "object" && raw !== null && "code" in raw && typeof raw.code === "string")
      codes.push({ code: raw.code, file });
    const metaErrors = checkStructure(raw) ? [] : [...(checkStructure.errors ?? [])];
    const result = checkLicenceType(raw, metaErrors, file, folder, fieldAjv);
    problems.push(...result.problems);
    if (result.checked !== undefined) loaded.push(result.checked);
  }

  // Folder name = code makes duplicates impossible among valid files; a copied folder still shows up here, so the
  // message says which file holds the code already.
  const byCode = new Map<string, string>();
  for (const { code, file } of codes) {
    const first = byCode.get(code);
    if (first !== undefined)
      problems.push({ file, pointer: "/code", message: `duplicates the code of ${first}` });
    else byCode.set(code, file);
  }

  if (problems.length > 0) throw CatalogueError.invalid(problems);
  return new Catalogue(loaded);
}
