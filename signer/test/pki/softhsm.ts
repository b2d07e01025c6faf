// Test helper: throwaway SoftHSM2 tokens in a temp directory, and checks for the external programs tests use.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

export function has(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;
}

export const softHsmMissingReason = !has("softhsm2-util")
  ? "softhsm2-util is not installed (apt-get install softhsm2)"
  : !existsSync(SOFTHSM_LIBRARY)
    ? `the SoftHSM2 module ${SOFTHSM_LIBRARY} is missing`
    : undefined;

export interface TestToken {
  label: string;
  pin: string;
  dir: string;
  /** Initialises another token in the same store; do it before a store opens the module (SoftHSM scans at start). */
  addToken(label: string, pin: string): void;
  remove(): void;
}

/**
 * Creates a fresh token and points SOFTHSM2_CONF at its private config. The library reads SOFTHSM2_CONF when the
 * module is initialised, so each test file (vitest runs files in separate processes) gets its own token store.
 */
export function createTestToken(label = "test", pin = "1234"): TestToken {
  const dir = mkdtempSync(join(tmpdir(), "elicence-softhsm-"));
  const tokens = join(dir, "tokens");
  mkdirSync(tokens);
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const addToken = (tokenLabel: string, tokenPin: string): void => {
    execFileSync(
      "softhsm2-util",
      ["--init-token", "--free", "--label", tokenLabel, "--pin", tokenPin, "--so-pin", "5678"],
      {
        env: { ...process.env, SOFTHSM2_CONF: conf },
        stdio: "ignore",
      },
    );
  };
  addToken(label, pin);
  return { label, pin, dir, addToken, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
