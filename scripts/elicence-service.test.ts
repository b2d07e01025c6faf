// scripts/elicence.service as systemd reads it: `systemd-analyze verify` finds nothing to warn about (it exits 0 on
// an unknown or misspelt directive, so its output must be empty too), and the hardening scores low exposure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../test-support/tools.js";

const UNIT = path.join(path.dirname(fileURLToPath(import.meta.url)), "elicence.service");
const tmp = mkdtempSync(path.join(os.tmpdir(), "elicence-unit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The unit with this machine's node in ExecStart (verify checks that the program exists). */
function unitHere(text = readFileSync(UNIT, "utf8")): string {
  const file = path.join(tmp, "elicence.service");
  writeFileSync(file, text.replace("ExecStart=/usr/bin/node ", `ExecStart=${process.execPath} `));
  return file;
}

const analyze = (...args: string[]) =>
  spawnSync("systemd-analyze", args, { encoding: "utf8", timeout: 60_000, cwd: tmp });

describe.runIf(toolsAvailable("elicence.service", "systemd-analyze"))("scripts/elicence.service", () => {
  it("passes systemd-analyze verify without a warning", () => {
    const r = analyze("verify", unitHere());
    expect(r.stderr + r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("is what verify warns about when a directive is wrong (the check above can fail)", () => {
    const r = analyze(
      "verify",
      unitHere(readFileSync(UNIT, "utf8").replace("ProtectSystem=strict", "ProtectSystem=stricter")),
    );
    expect(r.stderr).toMatch(/ProtectSystem|protect system/iu);
  });

  it("runs as its own user with a read-only system, writing only its data directory", () => {
    const text = readFileSync(UNIT, "utf8");
    for (const line of [
      "User=elicence",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/elicence",
      "PrivateTmp=yes",
      "EnvironmentFile=/etc/elicence/elicence.env",
      "Restart=on-failure",
    ])
      expect(text.split("\n")).toContain(line);
    const security = analyze("security", "--offline=yes", unitHere());
    const exposure = /Overall exposure level for [^:]+: (\d+(?:\.\d+)?)/u.exec(security.stdout);
    if (!exposure) {
      console.warn(
        `elicence.service: exposure not scored (systemd-analyze security --offline unsupported here)`,
      );
      return;
    }
    expect(Number(exposure[1])).toBeLessThanOrEqual(2.5);
  });
});
