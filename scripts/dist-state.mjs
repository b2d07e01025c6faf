// Whether dist/ (scripts/build/build.ts) may run: it exists and none of the source files that went into it is newer
// than the build. Plain JavaScript: the bin asks before anything can compile TypeScript.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * @param {string} root the repository root
 * @returns {{ fresh: true } | { fresh: false, why: string }}
 */
export function distState(root) {
  let info;
  let builtAt;
  try {
    const file = path.join(root, "dist", "build-info.json");
    builtAt = statSync(file).mtimeMs;
    info = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { fresh: false, why: "dist/ is missing" };
  }
  for (const input of Array.isArray(info.inputs) ? info.inputs : []) {
    let mtime;
    try {
      mtime = statSync(path.join(root, input)).mtimeMs;
    } catch {
      return { fresh: false, why: `${input} (in dist/) is gone` };
    }
    if (mtime > builtAt) return { fresh: false, why: `${input} is newer than dist/` };
  }
  return { fresh: true };
}
