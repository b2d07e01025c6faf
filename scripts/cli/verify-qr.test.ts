// `elicence verify --qr`: a QR text signed by a department of the data directory's PKI verifies offline (exit 0);
// a changed one fails (1); a stale or forged trust-list file, or a legacy link, cannot decide (3); usage errors are 2.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTrustList, encodeQrPayload, kidOf, qrUrl, type DevPki } from "@elicence/signer";
import { loadConfig, openSigning, type RegistryConfig } from "@elicence/registry";
import { loadCatalogue } from "../../registry/src/catalogue/index.js";
import { buildLicenceIdentifier } from "../../registry/src/identifiers/index.js";
import { main } from "./main.js";
import { verifyQrCommand } from "./verify-qr.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MARKET = { code: "11441521MB2C97310M" };
const DAY = 86_400_000;

let dir: string;
let env: Record<string, string>;
let config: RegistryConfig;
let pki: DevPki;
let text: string;
let close: () => Promise<void>;

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: { log: (s: string) => lines.push(s), err: (s: string) => errors.push(s) }, lines, errors };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-verify-qr-"));
  env = {
    ELICENCE_DATA_DIR: dir,
    ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
    ELICENCE_BASE_URL: "https://verify.elicence.example",
  };
  config = loadConfig(env, REPO);
  const signing = await openSigning(
    config,
    loadCatalogue(path.join(REPO, "templates")),
    new Date(Date.now() - DAY),
  );
  pki = signing.pki;
  close = () => signing.close();
  const seal = await pki.sealFor(MARKET.code);
  const cose = await encodeQrPayload(
    {
      identifier: buildLicenceIdentifier({
        typeCode: "11100000MB0143028R013",
        issuerCode: MARKET.code,
        serial: "7K2M9QX4ZP1A",
        version: 1,
      }),
      holderName: "海****",
      holderCode: "91441521******TBXR",
      validFrom: "2026-01-01",
      validUntil: "2030-12-31",
      issuedAt: new Date().toISOString(),
      publicToken: "q83vEjRWeJCrze8SNFZ4kA",
    },
    { kid: await kidOf(new Uint8Array(seal.certificate.rawData)), sign: (d) => seal.keyHandle.sign(d) },
  );
  text = qrUrl(config.baseUrl, cose);
});
afterAll(async () => {
  await close?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("elicence verify --qr", () => {
  it("exits 0 for a genuine QR code, naming the department, with the live-status URL it did not fetch", async () => {
    const c = capture();
    expect(await main(["verify", "--qr", text], c.out, env)).toBe(0);
    const printed = c.lines.join("\n");
    expect(printed).toContain("VALID  VER_QR_OK");
    expect(printed).toContain(pki.departments().find((d) => d.code === MARKET.code)?.name ?? "?");
    expect(printed).toContain("https://verify.elicence.example/api/v1/status/q83vEjRWeJCrze8SNFZ4kA");
  });

  it("prints JSON with --json", async () => {
    const c = capture();
    expect(await verifyQrCommand(["--qr", text, "--json"], c.out, config)).toBe(0);
    const r = JSON.parse(c.lines.join(""));
    expect(r).toMatchObject({
      status: "VALID",
      claims: { issuerCode: MARKET.code },
      trustList: { stale: false },
    });
  });

  it("exits 1 for a changed QR code and for one that is not a QR payload at all", async () => {
    const fragment = text.slice(text.indexOf("#") + 1);
    const i = Math.floor(fragment.length / 2);
    const changed = `${text.slice(0, text.indexOf("#") + 1)}${fragment.slice(0, i)}${fragment[i] === "A" ? "B" : "A"}${fragment.slice(i + 1)}`;
    const c = capture();
    expect(await verifyQrCommand(["--qr", changed], c.out, config)).toBe(1);
    expect(c.lines[0]).toMatch(/^QR code: INVALID {2}VER_QR_/u);
    expect(await verifyQrCommand(["--qr", "hello"], capture().out, config)).toBe(1);
  });

  it("exits 3 for a legacy link, and for a stale or modified trust-list file", async () => {
    const legacy = capture();
    expect(
      await verifyQrCommand(["--qr", `${config.baseUrl}/v/q83vEjRWeJCrze8SNFZ4kA`], legacy.out, config),
    ).toBe(3);
    expect(legacy.lines.join("\n")).toContain("VER_QR_LEGACY_LINK");

    const fresh = await buildTrustList(pki, new Date());
    const file = path.join(dir, "trust-list.json");
    writeFileSync(file, JSON.stringify(fresh));
    expect(await verifyQrCommand(["--qr", text, "--trust-list", file], capture().out, config)).toBe(0);

    writeFileSync(
      file,
      JSON.stringify(await buildTrustList(pki, new Date(Date.now() - DAY / 2), { validityHours: 1 })),
    );
    const stale = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", file], stale.out, config)).toBe(3);
    expect(stale.lines.join("\n")).toContain("VER_QR_TRUST_LIST_STALE");

    // Freshness extended by a day (within the longest lifetime a list may claim): a changed member, a bad signature.
    const extended = new Date(Date.parse(fresh.nextUpdate) + DAY).toISOString();
    writeFileSync(file, JSON.stringify({ ...fresh, nextUpdate: extended }));
    const forged = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", file], forged.out, config)).toBe(3);
    expect(forged.errors.join("\n")).toContain("VER_TL_BAD_SIGNATURE");
  });

  it("exits 2 without --qr TEXT, with stray arguments, or with neither a PKI nor a trust-list file", async () => {
    expect(await verifyQrCommand(["--qr"], capture().out, config)).toBe(2);
    expect(await verifyQrCommand(["--qr", text, "extra"], capture().out, config)).toBe(2);
    const empty = mkdtempSync(path.join(os.tmpdir(), "elicence-verify-qr-empty-"));
    try {
      const c = capture();
      expect(
        await verifyQrCommand(["--qr", text], c.out, loadConfig({ ELICENCE_DATA_DIR: empty }, REPO)),
      ).toBe(2);
      expect(c.errors.join()).toContain("--trust-list FILE");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
