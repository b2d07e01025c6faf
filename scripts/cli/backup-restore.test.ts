// `elicence backup` against a serving registry under concurrent writers, then `elicence restore` into a fresh data
// directory: the audit chain verifies, every licence acknowledged (201) before the backup started is there with its
// sealed document, and one acknowledged during the backup is there whole (with its document) or not at all.
// Then the commands' refusals and --help, in process.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, freePort, runCli, startCli as start, type Run } from "../../test-support/cli-process.js";
import { runMain, tempDirs } from "./in-process.js";
import { COMMAND_USAGE } from "./usage.js";

/** Runs the CLI to completion; never rejects (a hung command is killed after 90 s and reports code null). */
const cli = (args: string[], env: NodeJS.ProcessEnv): Promise<Run> => runCli(args, env, 90_000);

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MARKET = "11441521MB2C97310M";
const FOOD = "11100000MB0143028R013";
const WRITERS = 4;

const tempDir = tempDirs("backup-e2e");

const inProcess = runMain;

const example = JSON.parse(readFileSync(path.join(REPO, "templates", FOOD, "type.json"), "utf8")) as {
  example: Record<string, unknown>;
  exampleHolder: { name: string; code: string };
};

let dataDir: string;
let base: string;
let issuer: string;
let server: ReturnType<typeof start>;

beforeAll(async () => {
  dataDir = path.join(tempDir("data"), "data");
  const port = await freePort();
  const env = cliEnv(dataDir, { PORT: String(port) });
  base = `http://127.0.0.1:${port}`;
  server = start(["serve"], env);
  const created = await cli(
    ["keys", "create", "--init", "--role", "issuer", "--department", MARKET, "--json"],
    env,
  );
  expect(created.code, created.stderr).toBe(0);
  issuer = (JSON.parse(created.stdout) as { key: string }).key;
  // A ceiling, not a cost: a start takes seconds, more on a shared machine.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.child.exitCode !== null)
      throw new Error(`elicence serve exited:\n${server.out.stdout}\n${server.out.stderr}`);
    if (Date.now() > deadline) throw new Error(`elicence serve not ready:\n${server.out.stderr}`);
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
});

let seq = 0;
/** Issues one licence; its identifier once the server acknowledged it (201), null for any other answer. */
async function issueOne(): Promise<string | null> {
  const res = await fetch(`${base}/api/v1/licences`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${issuer}`,
      "content-type": "application/json",
      "idempotency-key": `backup-e2e-${process.pid}-${++seq}`,
    },
    // A licence number belongs to one live licence of its type: each write has its own.
    body: JSON.stringify({
      typeCode: FOOD,
      holder: example.exampleHolder,
      fields: { ...example.example, licenceNumber: `JY2441521${String(seq).padStart(7, "0")}` },
    }),
  });
  const body = (await res.json()) as { identifier?: string };
  return res.status === 201 && body.identifier ? body.identifier : null;
}

describe("elicence backup while the registry serves concurrent writers, then elicence restore", () => {
  it("restores a consistent registry: every licence acknowledged before the backup, each one during it whole or absent", async () => {
    const acknowledged: { id: string; at: number }[] = [];
    let failures = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const id = await issueOne();
        if (id) acknowledged.push({ id, at: performance.now() });
        else failures++;
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    while (acknowledged.length < 8) {
      // A write the registry refuses would leave this waiting for ever: fail at once, saying so.
      if (failures > 0) throw new Error(`the registry refused ${failures} writes before the backup started`);
      await new Promise((r) => setTimeout(r, 50));
    }

    const target = path.join(tempDir("bk"), "bk");
    const startedAt = performance.now();
    const before = acknowledged.map((a) => a.id);
    const backup = await cli(["backup", target], cliEnv(dataDir));
    const endedAt = performance.now();
    stop = true;
    await Promise.all(writers);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`backup written to ${target}`);
    expect(backup.stdout).toContain("pki/passphrase) IS in the backup");
    expect(failures).toBe(0);
    const during = acknowledged.filter((a) => a.at > startedAt && a.at <= endedAt).map((a) => a.id);
    // Otherwise the test proves nothing about writes racing the backup.
    expect(during.length).toBeGreaterThan(0);

    const restored = path.join(tempDir("restored"), "data");
    const restore = await cli(["restore", target], cliEnv(restored));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/audit chain intact: \d+ events/u);
    const verify = await cli(["audit", "verify", "--json"], cliEnv(restored));
    expect(verify.code, verify.stderr).toBe(0);

    const db = new Database(path.join(restored, "registry.sqlite"), { readonly: true });
    const documentOf = (id: string): string | null | undefined => {
      const row = db.prepare("SELECT record FROM licences WHERE identifier = ?").get(id) as
        { record: string } | undefined;
      return row ? (JSON.parse(row.record) as { documentSha256: string | null }).documentSha256 : undefined;
    };
    const whole = (id: string) => {
      const sha = documentOf(id);
      if (!sha) return false;
      const file = path.join(restored, "documents", sha.slice(0, 2), `${sha}.pdf`);
      return existsSync(file) && createHash("sha256").update(readFileSync(file)).digest("hex") === sha;
    };
    try {
      for (const id of before) expect(whole(id), `acknowledged before the backup: ${id}`).toBe(true);
      for (const id of during)
        expect(documentOf(id) === undefined || whole(id), `acknowledged during the backup: ${id}`).toBe(true);
      // Every audit event of an issue names a licence that is there.
      const issued = db.prepare("SELECT count(*) AS n FROM licences").get() as { n: number };
      expect(issued.n).toBeGreaterThanOrEqual(before.length);
    } finally {
      db.close();
    }
  }, 300_000);
});

describe("elicence backup and restore refuse, naming what to do", () => {
  it("backup refuses a MongoDB store, naming mongodump, documents and pki", async () => {
    const env = {
      ...cliEnv(path.join(tempDir("m"), "data")),
      MONGODB_URL: "mongodb://127.0.0.1:1/?replicaSet=rs0",
    };
    const r = await inProcess(["backup", path.join(tempDir("m-bk"), "bk")], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("REG_BACKUP_MONGODB");
    for (const word of ["mongodump", "documents", "pki"]) expect(r.stderr).toContain(word);
  });

  it("backup refuses a non-empty directory; restore refuses a damaged backup listing each problem, and a non-empty data directory", async () => {
    const target = tempDir("full");
    writeFileSync(path.join(target, "x"), "x");
    const full = await inProcess(["backup", target], cliEnv(dataDir));
    expect(full.code).toBe(2);
    expect(full.stderr).toContain("REG_BACKUP_TARGET_NOT_EMPTY");

    const bk = path.join(tempDir("bk2"), "bk");
    expect((await inProcess(["backup", bk], cliEnv(dataDir))).code).toBe(0);
    const restoreEnv = cliEnv(path.join(tempDir("r2"), "data"));
    rmSync(path.join(bk, "pki", "passphrase"));
    writeFileSync(path.join(bk, "registry.sqlite"), "tampered");
    const damaged = await inProcess(["restore", bk], restoreEnv);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain("REG_BACKUP_DAMAGED");
    expect(damaged.stderr).toContain("pki/passphrase: missing");
    expect(damaged.stderr).toContain("registry.sqlite: 8 bytes");
    expect(existsSync(restoreEnv.ELICENCE_DATA_DIR ?? "")).toBe(false);

    const partial = path.join(tempDir("bk3"), "bk");
    mkdirSync(partial);
    writeFileSync(path.join(partial, "registry.sqlite"), "");
    const noManifest = await inProcess(["restore", partial], restoreEnv);
    expect(noManifest.code).toBe(2);
    expect(noManifest.stderr).toContain("manifest.json is missing");

    const busy = await inProcess(["restore", bk], cliEnv(dataDir));
    expect(busy.code).toBe(2);
  });

  it("says when the PKI's passphrase comes from ELICENCE_KEY_PASSPHRASE and is therefore not in the backup", async () => {
    const env = { ...cliEnv(dataDir), ELICENCE_KEY_PASSPHRASE: "a-passphrase-kept-elsewhere" };
    const r = await inProcess(["backup", path.join(tempDir("env-bk"), "bk")], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("comes from ELICENCE_KEY_PASSPHRASE and is NOT in the backup");
    expect(r.stdout).not.toContain("IS in the backup");
  });

  it("needs exactly one directory (exit 2 and the usage)", async () => {
    const env = cliEnv(path.join(tempDir("u"), "data"));
    for (const [argv, usage] of [
      [["backup"], COMMAND_USAGE.backup],
      [["restore"], COMMAND_USAGE.restore],
      [["backup", "a", "b"], COMMAND_USAGE.backup],
      [["restore", "--nope", "a"], COMMAND_USAGE.restore],
    ] as const) {
      const r = await inProcess([...argv], env);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toContain(usage);
    }
  });

  for (const argv of [["backup"], ["restore", "somewhere", "--force"]])
    it(`elicence ${argv.join(" ")} --help prints the usage and touches nothing`, async () => {
      const parent = tempDir("help");
      const r = await inProcess([...argv, "--help"], cliEnv(path.join(parent, "data")));
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(COMMAND_USAGE[argv[0] as "backup" | "restore"]);
      expect(readdirSync(parent)).toEqual([]);
    });
});
