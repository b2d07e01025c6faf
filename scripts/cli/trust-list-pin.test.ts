// `elicence verify --qr … --trust-list FILE` from the attacker's side: a list under a root the attacker made is
// refused against the pinned root; the genuine list from before a seal's keyCompromise revocation (rollback) is refused
// with its own code once the data directory has numbered a newer one; a pin given by --root-fingerprint works where
// there is no data directory, and a wrong one refuses.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildTrustList,
  encodeQrPayload,
  kidOf,
  qrUrl,
  rootFingerprint,
  type DevPki,
} from "@elicence/signer";
import { loadConfig, openSigning, type RegistryConfig, loadCatalogue } from "@elicence/registry";
import { buildLicenceIdentifier } from "@elicence/core";
import { verifyQrCommand } from "./verify-qr.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MARKET = "11441521MB2C97310M";
const DAY = 86_400_000;

let dir: string;
let attackerDir: string;
let config: RegistryConfig;
let pki: DevPki;
let text: string;
let oldFile: string;
let newFile: string;
let forgedFile: string;
const closers: (() => Promise<void>)[] = [];

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: { log: (s: string) => lines.push(s), err: (s: string) => errors.push(s) }, lines, errors };
}

async function signing(dataDir: string) {
  const c = loadConfig(
    { ELICENCE_DATA_DIR: dataDir, ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret" },
    REPO,
  );
  const s = await openSigning(c, loadCatalogue(path.join(REPO, "templates")), new Date(Date.now() - DAY));
  closers.push(() => s.close());
  return { config: c, pki: s.pki };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-tl-pin-"));
  attackerDir = mkdtempSync(path.join(os.tmpdir(), "elicence-tl-attacker-"));
  ({ config, pki } = await signing(dir));
  const seal = await pki.sealFor(MARKET);
  const cose = await encodeQrPayload(
    {
      identifier: buildLicenceIdentifier({
        typeCode: "11100000MB0143028R013",
        issuerCode: MARKET,
        serial: "7K2M9QX4ZP1A",
        version: 1,
      }),
      holderName: "海****",
      holderCode: "91441521******TBXR",
      validFrom: "2026-01-01",
      validUntil: "2030-12-31",
      issuedAt: new Date(Date.now() - DAY / 2).toISOString(),
      publicToken: "q83vEjRWeJCrze8SNFZ4kA",
    },
    { kid: await kidOf(new Uint8Array(seal.certificate.rawData)), sign: (d) => seal.keyHandle.sign(d) },
  );
  text = qrUrl(config.baseUrl, cose);
  const now = new Date();
  oldFile = path.join(dir, "old.json");
  writeFileSync(oldFile, JSON.stringify(await buildTrustList(pki, new Date(now.getTime() - 60_000))));
  await pki.revokeCertificate(MARKET, "keyCompromise", new Date(now.getTime() - 30_000));
  newFile = path.join(dir, "new.json");
  writeFileSync(newFile, JSON.stringify(await buildTrustList(pki, now)));
  // The attacker's own PKI, with the same catalogue, departments and seals: a complete, well-signed list.
  const attacker = await signing(attackerDir);
  forgedFile = path.join(attackerDir, "forged.json");
  writeFileSync(forgedFile, JSON.stringify(await buildTrustList(attacker.pki, now)));
});
afterAll(async () => {
  for (const c of closers) await c();
  for (const d of [dir, attackerDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("elicence verify --qr against a pinned root", () => {
  it("refuses a list under a root the attacker made: exit 3, VER_TL_ROOT_MISMATCH", async () => {
    const c = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", forgedFile], c.out, config)).toBe(3);
    expect(c.errors.join("\n")).toContain("VER_TL_ROOT_MISMATCH");
  });

  it("refuses the genuine list from before the keyCompromise revocation: exit 3, VER_TL_ROLLBACK, not a bad signature", async () => {
    const c = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", oldFile], c.out, config)).toBe(3);
    const said = c.errors.join("\n");
    expect(said).toContain("VER_TL_ROLLBACK");
    expect(said).not.toContain("VER_TL_BAD_SIGNATURE");
    expect(c.lines.join("\n")).not.toContain("VALID  VER_QR_OK");
  });

  it("with the current list the revoked seal's QR code is INVALID, naming the list's sequence and the anchor", async () => {
    const c = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", newFile], c.out, config)).toBe(1);
    const printed = c.lines.join("\n");
    expect(printed).toContain("VER_QR_SEAL_REVOKED");
    expect(printed).toContain(`sequence ${pki.knownTrustListSequence()}`);
    expect(printed).toContain(`root SPKI SHA-256 ${await rootFingerprint(new Uint8Array(pki.root.rawData))}`);
  });

  it("without a data directory: --root-fingerprint anchors the file; a wrong one refuses; none at all is a usage error", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "elicence-tl-empty-"));
    try {
      const bare = loadConfig({ ELICENCE_DATA_DIR: empty }, REPO);
      const fp = (await rootFingerprint(new Uint8Array(pki.root.rawData))) ?? "";
      const ok = capture();
      expect(
        await verifyQrCommand(
          ["--qr", text, "--trust-list", newFile, "--root-fingerprint", fp],
          ok.out,
          bare,
        ),
      ).toBe(1);
      expect(ok.lines.join("\n")).toContain("VER_QR_SEAL_REVOKED");
      const wrong = capture();
      const other = fp.replace(/^./u, fp.startsWith("0") ? "1" : "0");
      expect(
        await verifyQrCommand(
          ["--qr", text, "--trust-list", newFile, "--root-fingerprint", other],
          wrong.out,
          bare,
        ),
      ).toBe(3);
      expect(wrong.errors.join("\n")).toContain("VER_TL_ROOT_MISMATCH");
      const none = capture();
      expect(await verifyQrCommand(["--qr", text, "--trust-list", newFile], none.out, bare)).toBe(2);
      expect(none.errors.join("\n")).toContain("--root-fingerprint");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
