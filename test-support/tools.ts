// For tests that need an outside program (pdfsig, openssl, softhsm2-util, redis-server …): find it, or say why the
// suite skips. Under ELICENCE_REQUIRE_TOOLS=1 (set by .ci/run) a missing program fails instead of skipping.
import { execFileSync } from "node:child_process";

const cache = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let found = cache.get(name);
  if (found === undefined) {
    try {
      execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
      found = true;
    } catch {
      found = false;
    }
    cache.set(name, found);
  }
  return found;
}

/** True when every tool is present; otherwise prints why the suite skips (or throws when tools are required). */
export function toolsAvailable(suite: string, ...names: string[]): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length === 0) return true;
  const msg = `${suite}: skipped because ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not installed (apt-get install the Debian packages listed in .ci/run)`;
  if (process.env.ELICENCE_REQUIRE_TOOLS === "1") throw new Error(msg.replace("skipped", "cannot run"));
  console.warn(msg);
  return false;
}
