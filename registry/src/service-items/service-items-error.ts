// The start-up error for templates/service-items/: one error listing every problem of every file (file and JSON
// pointer of the member), so an operator fixes them all in one pass, as for the licence-type catalogue.
import type { CatalogueProblem } from "../catalogue/index.js";

export class ServiceItemsError extends Error {
  readonly code = "REG_SERVICE_ITEMS_INVALID" as const;

  constructor(readonly problems: readonly CatalogueProblem[]) {
    const byFile = new Map<string, CatalogueProblem[]>();
    for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    const lines = [`${problems.length} problem(s) in the service items (templates/service-items/):`];
    for (const [file, list] of byFile) {
      lines.push(`${file}:`);
      for (const p of list) lines.push(`  ${p.pointer === "" ? "(file)" : p.pointer}: ${p.message}`);
    }
    super(lines.join("\n"));
    this.name = "ServiceItemsError";
  }
}
