// The public base URL from the operator's side: `init --base-url` records it with the PKI, whose certificates carry
// it; a different ELICENCE_BASE_URL makes init, serve and reseal refuse in one line naming both URLs and the fix;
// NODE_ENV=production refuses a loopback one; serve's first start asks on a terminal and warns about loopback.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "@elicence/registry/offline";
import { chooseFirstBaseUrl, type Terminal } from "./base-url-choice.js";
import { cliEnv } from "../../test-support/cli-process.js";
import { runMain, tempDirs } from "./in-process.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tempDir = tempDirs("base-url");

const run = runMain;

const PUBLIC = "https://licences.gov.example/elicence";

describe("elicence init --base-url, then a different ELICENCE_BASE_URL", () => {
  const dataDir = path.join(tempDir(), "data");

  it("init records the base URL next to the PKI, whose seal certificates carry it", async () => {
    const r = await run(["init", "--base-url", `${PUBLIC}/`], cliEnv(dataDir));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`public base URL: ${PUBLIC} (recorded now`);
    const record = JSON.parse(readFileSync(path.join(dataDir, "pki", "base-url.json"), "utf8")) as {
      baseUrl: string;
    };
    expect(record.baseUrl).toBe(PUBLIC);
    const state = JSON.parse(readFileSync(path.join(dataDir, "pki", "state.json"), "utf8")) as {
      baseUrl: string;
      certificates: { role: string; file: string }[];
    };
    expect(state.baseUrl).toBe(PUBLIC);
    const seal = state.certificates.find((c) => c.role === "seal");
    const pem = readFileSync(path.join(dataDir, "pki", seal?.file ?? "missing"), "utf8");
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/gu, ""), "base64").toString("latin1");
    expect(der).toContain(`${PUBLIC}/pki/`);
  }, 120_000);

  it("init again with the same URL from the environment: as recorded", async () => {
    const r = await run(["init"], cliEnv(dataDir, { ELICENCE_BASE_URL: PUBLIC }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`public base URL: ${PUBLIC} (as recorded`);
  }, 60_000);

  for (const command of [["serve"], ["init"], ["reseal", "--since", "2026-01-01"]])
    it(`${command[0]} with another ELICENCE_BASE_URL: one line naming both URLs and the fix, exit 2`, async () => {
      const other = "https://other.gov.example";
      const r = await run(command, cliEnv(dataDir, { ELICENCE_BASE_URL: other, PORT: "0" }));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^elicence: REG_BASE_URL_CHANGED: /u);
      expect(lines[0]).toContain(`(${other})`);
      expect(lines[0]).toContain(`(${PUBLIC})`);
      expect(lines[0]).toContain(`ELICENCE_BASE_URL=${PUBLIC}`);
      expect(lines[0]).toContain("--accept-new-base-url");
      expect(JSON.parse(readFileSync(path.join(dataDir, "pki", "base-url.json"), "utf8"))).toMatchObject({
        baseUrl: PUBLIC,
      });
    }, 60_000);

  it("init --base-url and a different ELICENCE_BASE_URL: a usage error before anything is opened", async () => {
    const parent = tempDir();
    const r = await run(
      ["init", "--base-url", PUBLIC],
      cliEnv(path.join(parent, "data"), { ELICENCE_BASE_URL: "https://x.example" }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatch(
      /--base-url .* differs from ELICENCE_BASE_URL=https:\/\/x\.example/u,
    );
    expect(existsSync(path.join(parent, "data"))).toBe(false);
  });

  it("reseal on a registry without licences reports zero counts; an unknown --type is a usage error", async () => {
    const r = await run(
      ["reseal", "--since", "2026-01-01", "--json"],
      cliEnv(dataDir, { ELICENCE_BASE_URL: PUBLIC }),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ baseUrl: PUBLIC, examined: 0, matched: 0, resealed: 0 });
    const bad = await run(["reseal", "--since", "2026-01-01", "--type", "NOPE"], cliEnv(dataDir));
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toMatch(/--type "NOPE" is no licence type/u);
  }, 60_000);

  it("serve --accept-new-base-url records the new one (audited) and issues the seals again with its links", async () => {
    const moved = "https://registry.gov.example";
    const child = spawn(
      process.execPath,
      [path.join(REPO, "scripts/elicence.mjs"), "serve", "--accept-new-base-url"],
      {
        cwd: REPO,
        env: cliEnv(dataDir, { ELICENCE_BASE_URL: moved, PORT: "0" }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      // A ceiling, not a cost: on a loaded machine the start takes a while.
      for (let i = 0; i < 900 && !stdout.includes("listening on") && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(stdout, stderr).toContain(`recorded the new public base URL ${moved} (was ${PUBLIC})`);
      expect(stdout).toContain(`public base URL ${moved}`);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dataDir, "pki", "base-url.json"), "utf8"))).toMatchObject({
      baseUrl: moved,
    });
    const state = JSON.parse(readFileSync(path.join(dataDir, "pki", "state.json"), "utf8")) as {
      baseUrl: string;
    };
    expect(state.baseUrl).toBe(moved);
    const seals = readdirSync(path.join(dataDir, "pki", "certs")).filter((f) => /^seal-.*\.pem$/u.test(f));
    expect(seals.length).toBeGreaterThan(0);
    for (const f of seals) {
      const pem = readFileSync(path.join(dataDir, "pki", "certs", f), "utf8");
      expect(Buffer.from(pem.replace(/-----[^-]+-----|\s/gu, ""), "base64").toString("latin1")).toContain(
        `${moved}/pki/`,
      );
    }
    const store = openSqliteStore(path.join(dataDir, "registry.sqlite"));
    try {
      const events = await store.auditByAction(
        "config.base-url.change",
        "2000-01-01T00:00:00Z",
        "9999-01-01T00:00:00Z",
        10,
      );
      expect(events.items.map((e) => e.detail)).toEqual([{ from: PUBLIC, to: moved }]);
    } finally {
      await store.close();
    }
  }, 150_000);
});

describe("NODE_ENV=production refuses a loopback base URL", () => {
  it.each([
    [["init"], {}],
    [["init", "--base-url", "http://localhost:8080"], {}],
    [["serve"], { ELICENCE_BASE_URL: "http://127.0.0.1:8080" }],
  ])(
    "%j",
    async (argv, extra: Record<string, string>) => {
      const dataDir = path.join(tempDir(), "data");
      const r = await run(argv, cliEnv(dataDir, { NODE_ENV: "production", PORT: "0", ...extra }));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^elicence: REG_BASE_URL_INVALID: .*loopback address, which NODE_ENV=production refuses/u,
      );
      expect(existsSync(dataDir)).toBe(false);
    },
    60_000,
  );
});

describe("serve's first start: which base URL it records", () => {
  const out = () => {
    const o = { log: [] as string[], err: [] as string[] };
    return { o, out: { log: (s: string) => o.log.push(s), err: (s: string) => o.err.push(s) } };
  };
  const terminal = (answers: string[], interactive = true): Terminal & { asked: string[] } => {
    const asked: string[] = [];
    return {
      interactive,
      asked,
      question: (prompt) => {
        asked.push(prompt);
        return Promise.resolve(answers.shift() ?? "");
      },
    };
  };

  it("on a terminal with no ELICENCE_BASE_URL: asks, showing the default, until the answer is a base URL", async () => {
    const { o, out: sink } = out();
    const t = terminal(["licences.gov.example", `${PUBLIC}/`]);
    const env = await chooseFirstBaseUrl("http://127.0.0.1:8080", {}, sink, t);
    expect(t.asked).toEqual([
      "public base URL [http://127.0.0.1:8080]: ",
      "public base URL [http://127.0.0.1:8080]: ",
    ]);
    expect(o.err[0]).toMatch(/not an absolute URL/u);
    expect(env.ELICENCE_BASE_URL).toBe(PUBLIC);
    expect(o.err.join("\n")).not.toMatch(/WARNING/u);
  });

  it("Enter keeps the default; a loopback one is warned about", async () => {
    const { o, out: sink } = out();
    const env = await chooseFirstBaseUrl("http://127.0.0.1:8080", {}, sink, terminal([""]));
    expect(env.ELICENCE_BASE_URL).toBeUndefined();
    expect(o.err.join("\n")).toMatch(
      /WARNING: recording the public base URL http:\/\/127\.0\.0\.1:8080, a loopback/u,
    );
  });

  it("not on a terminal, or with ELICENCE_BASE_URL set: no question; the configured one, warned about when loopback", async () => {
    const quiet = terminal([], false);
    const a = out();
    expect(await chooseFirstBaseUrl("http://localhost:8080", {}, a.out, quiet)).toEqual({});
    expect(quiet.asked).toEqual([]);
    expect(a.o.err.join("\n")).toMatch(/WARNING: .*loopback/u);

    const set = terminal(["https://never.example"]);
    const b = out();
    const env = { ELICENCE_BASE_URL: PUBLIC };
    expect(await chooseFirstBaseUrl(PUBLIC, env, b.out, set)).toEqual(env);
    expect(set.asked).toEqual([]);
    expect(b.o.err).toEqual([]);
  });
});
