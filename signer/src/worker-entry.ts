// The file a worker thread starts from. From the TypeScript sources: the worker's .mjs entry beside its pool, which
// registers tsx (a worker does not inherit the parent's loader). Compiled (scripts/build/build.ts defines
// ELICENCE_COMPILED): the worker's own bundle in dist/, so no worker pays TypeScript compilation either.

declare const ELICENCE_COMPILED: boolean | undefined;

const COMPILED = typeof ELICENCE_COMPILED === "boolean" && ELICENCE_COMPILED;
const DIST = new URL("../../dist/", import.meta.url);

/** `name` is the worker's entry name in scripts/build/build.ts (ENTRIES); `source` its tsx entry. */
export function workerEntry(name: "sealing-worker" | "validation-worker", source: URL): URL {
  return COMPILED ? new URL(`${name}.js`, DIST) : source;
}
