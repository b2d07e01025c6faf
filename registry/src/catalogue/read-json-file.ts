// Reads one JSON file of the templates folder (type.json, a service item): a file that does not parse becomes a
// problem naming it, so start-up reports every broken file at once instead of stopping at the first.
import { readFileSync } from "node:fs";
import type { CatalogueProblem } from "./catalogue-error.js";

/** The parsed JSON, or undefined after pushing the problem onto `problems`. */
export function readJsonFile(file: string, problems: CatalogueProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (e) {
    problems.push({
      file,
      pointer: "",
      message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
    return undefined;
  }
}
