#!/usr/bin/env node
// The `elicence` command: runs the compiled CLI in dist/ (built by `npm ci` / `npm run build`), or, when dist/ is
// missing or older than a source file in it, or ELICENCE_FROM_SOURCE=1, the TypeScript sources through tsx (slower
// start; a terminal gets a one-line note saying why).
import { fileURLToPath } from "node:url";
import { distState } from "./dist-state.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const state = process.env.ELICENCE_FROM_SOURCE === "1" ? { fresh: false } : distState(root);
let main;
if (state.fresh) {
  ({ main } = await import("../dist/elicence.js"));
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
