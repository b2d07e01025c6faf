#!/usr/bin/env node
// The `elicence` command: runs the compiled CLI in dist/ (built by `npm ci` / `npm run build`), or, when dist/ is
// missing or older than a source file in it, the TypeScript sources through tsx (slower start; a terminal gets a
// one-line note saying why). ELICENCE_RUN=source always runs the sources; ELICENCE_RUN=dist refuses to fall back.
import { fileURLToPath } from "node:url";
import { distState } from "./dist-state.mjs";

const run = process.env.ELICENCE_RUN ?? "";
if (!["", "auto", "dist", "source"].includes(run)) {
  process.stderr.write(`elicence: ELICENCE_RUN is "${run}": use dist, source or auto (the default)\n`);
  process.exit(2);
}
const state = run === "source" ? { fresh: false } : distState(fileURLToPath(new URL("..", import.meta.url)));
let main;
if (state.fresh) {
  ({ main } = await import("../dist/elicence.js"));
} else if (run === "dist") {
  process.stderr.write(`elicence: ${state.why} and ELICENCE_RUN=dist: run npm run build\n`);
  process.exit(1);
} else {
  if (state.why && process.stderr.isTTY)
    process.stderr.write(
      `elicence: ${state.why}: running the TypeScript sources (npm run build for a fast start)\n`,
    );
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("./cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
