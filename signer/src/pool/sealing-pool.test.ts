// The sealing pool end to end: a dev PKI on disk, two workers, four licences that pdfsig accepts; job errors keep
// their codes, a closed pool refuses work, a warm-up runs before ready, and a worker that cannot load its PKI fails
// the start.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import { FileKeyStore } from "../keys/file-key-store.js";
import { createDevPki } from "../pki/create-dev-pki.js";
import { readPkiSpec } from "../pki/pki-spec.js";
import type { SealJob } from "./pool-messages.js";
import { SealingPool } from "./sealing-pool.js";
import { SealJobError, SealingPoolError } from "./sealing-pool-error.js";

const TEMPLATES = fileURLToPath(new URL("../../../templates", import.meta.url));
const TYPE = "11100000MB0143028R001";
const PASSPHRASE = "pool test passphrase";

interface TypeJson {
  example: Record<string, unknown>;
  exampleHolder: { name: string; code: string };
  issuers: { name: string; code: string }[];
}
const typeJson = JSON.parse(readFileSync(join(TEMPLATES, TYPE, "type.json"), "utf8")) as TypeJson;
const issuer = typeJson.issuers[0] as { name: string; code: string };

function job(serial: number, now: Date): SealJob {
  const identifier = `1.2.156.3005.2.${TYPE}.${issuer.code}.${2430000 + serial}.001.X`;
  return {
    typeCode: TYPE,
    licence: {
      identifier,
      holder: typeJson.exampleHolder,
      issuer,
      issuedOn: "2024-03-15",
      validFrom: "2024-03-15",
      validUntil: null,
      fields: structuredClone(typeJson.example),
    },
    qrText: `https://verify.elicence.example/v/${identifier}`,
    now,
  };
}

const tools = toolsAvailable("sealing pool", "pdfsig", "certutil");

describe.skipIf(!tools)("SealingPool", () => {
  // pdfsig checks certificates against the real clock, so the PKI is issued now.
  const now = new Date();
  let dir: string;
  let nss: string;
  let pool: SealingPool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sealing-pool-"));
    const pkiDir = join(dir, "pki");
    await createDevPki({
      dir: pkiDir,
      spec: await readPkiSpec(),
      departments: [issuer],
      baseUrl: "http://localhost:3000/",
      now,
      keyStore: new FileKeyStore(join(pkiDir, "keys"), PASSPHRASE, { scrypt: { log2N: 10, r: 8, p: 1 } }),
    });
    const rootPem = join(dir, "root.pem");
    writeFileSync(rootPem, readFileSync(join(pkiDir, "certs", "root.pem")));
    nss = `sql:${join(dir, "nss")}`;
    mkdirSync(join(dir, "nss"));
    execFileSync("certutil", ["-N", "-d", nss, "--empty-password"]);
    execFileSync("certutil", ["-A", "-d", nss, "-n", "root", "-t", "CT,C,C", "-i", rootPem]);
    pool = await SealingPool.start({
      pkiDir,
      passphrase: PASSPHRASE,
      templatesDir: TEMPLATES,
      size: 2,
      preloadTypes: [TYPE],
    });
  });
  afterAll(async () => {
    await pool?.terminate();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("seals four licences on two workers; each is a timestamped PDF that pdfsig validates", async () => {
    const sealed = await Promise.all([0, 1, 2, 3].map((i) => pool.seal(job(i, now))));
    expect(new Set(sealed.map((s) => s.workerId)).size).toBe(2);
    for (const [i, s] of sealed.entries()) {
      expect(s.level).toBe("B-T");
      expect(Buffer.from(s.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      const file = join(dir, `licence-${i}.pdf`);
      writeFileSync(file, s.bytes);
      // -no-ocsp: the certificates name an OCSP responder on localhost:3000, which no server answers here.
      const out = execFileSync("pdfsig", ["-no-ocsp", "-nssdir", nss, file], { encoding: "utf8" });
      expect(out).toContain("Signature Validation: Signature is Valid.");
      expect(out).toContain("Certificate Validation: Certificate is Trusted.");
      expect(out).toContain("Total document signed");
    }
    // Different identifiers and QR texts: four different documents, not one copied.
    expect(new Set(sealed.map((s) => s.sha256)).size).toBe(4);
    const stats = await pool.stats();
    expect(stats.map((w) => w.jobs).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("rejects a failing job with the worker's error code and keeps serving", async () => {
    const bad = { ...job(9, now), typeCode: "99999999999999999X999" };
    const err = await pool.seal(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SealJobError);
    expect((err as SealJobError).code).toBe("SIG_RENDER_LAYOUT_INVALID");
    expect((await pool.seal(job(10, now))).level).toBe("B-T");
  });

  it("closes gracefully: queued jobs finish, later ones are refused", async () => {
    const running = [pool.seal(job(20, now)), pool.seal(job(21, now)), pool.seal(job(22, now))];
    await pool.close();
    expect((await Promise.all(running)).every((s) => s.bytes.length > 0)).toBe(true);
    const err = await pool.seal(job(23, now)).catch((e: unknown) => e);
    expect((err as SealingPoolError).code).toBe("SIG_POOL_CLOSED");
  });

  it("warms up: each worker seals the asked synthetic documents of each template before ready, outside its job count", async () => {
    const warm = await SealingPool.start({
      pkiDir: join(dir, "pki"),
      passphrase: PASSPHRASE,
      templatesDir: TEMPLATES,
      size: 1,
      tsaUrl: null,
      preloadTypes: [TYPE],
      warmUp: { now, perTemplate: 2 },
    });
    try {
      expect((await warm.stats()).map((w) => [w.warmUpJobs, w.jobs])).toEqual([[2, 0]]);
      const s = await warm.seal(job(30, now));
      expect(s.level).toBe("B-B");
      expect((await warm.stats()).map((w) => [w.warmUpJobs, w.jobs])).toEqual([[2, 1]]);
    } finally {
      await warm.close();
    }
  });

  it("fails to start when a worker cannot load the PKI", async () => {
    const err = await SealingPool.start({
      pkiDir: join(dir, "no-such-pki"),
      passphrase: PASSPHRASE,
      templatesDir: TEMPLATES,
      size: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SealingPoolError);
    expect((err as SealingPoolError).code).toBe("SIG_POOL_START_FAILED");
  });
});
