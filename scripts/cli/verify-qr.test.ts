// `elicence verify --qr`: with --offline, a QR text signed by a department of the data directory's PKI verifies
// (exit 0, saying it is offline); a changed one fails (1); a stale or forged trust-list file, or a legacy link, cannot
// decide (3); usage errors are 2. By default the live status comes from the data directory's store, with --online
// from the configured registry (never the unsigned host written in the code): revoked, suspended, replaced or not yet in force exits 1 with its state, and a
// payload carrying another licence's genuine status token is refused (1), never shown as valid.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTrustList, encodeQrPayload, kidOf, qrUrl, type DevPki } from "@elicence/signer";
import {
  buildApp,
  LicenceService,
  loadConfig,
  openRuntime,
  openSigning,
  type Actor,
  type RegistryConfig,
  type Runtime,
  DocumentStore,
  loadCatalogue,
} from "@elicence/registry";
import { exampleIssue, TYPES } from "../../registry/test/support/harness.js";
import { buildLicenceIdentifier } from "@elicence/core";
import { main } from "./main.js";
import { verifyQrCommand } from "./verify-qr.js";
import { askLiveStatus } from "./qr-live-status.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MARKET = { code: "11441521MB2C97310M" };
const DAY = 86_400_000;

let dir: string;
let env: Record<string, string>;
let config: RegistryConfig;
let pki: DevPki;
let text: string;
let close: () => Promise<void>;
let signing: Awaited<ReturnType<typeof openSigning>>;

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
  signing = await openSigning(
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
  it("exits 0 offline for a genuine QR code, naming the department and saying the live status was not asked", async () => {
    const c = capture();
    expect(await main(["verify", "--qr", text, "--offline"], c.out, env)).toBe(0);
    const printed = c.lines.join("\n");
    expect(printed).toContain("VALID  VER_QR_OK");
    expect(printed).toContain(pki.departments().find((d) => d.code === MARKET.code)?.name ?? "?");
    expect(printed).toContain("https://verify.elicence.example/api/v1/status/q83vEjRWeJCrze8SNFZ4kA");
    expect(printed).toContain("live status: not asked (--offline)");
    expect(c.lines.at(-1)).toMatch(/^result: genuine signature; the live status was not asked/u);
  });

  it("prints JSON with --json", async () => {
    const c = capture();
    expect(await verifyQrCommand(["--qr", text, "--json", "--offline"], c.out, config)).toBe(0);
    const r = JSON.parse(c.lines.join(""));
    expect(r).toMatchObject({
      status: "VALID",
      claims: { issuerCode: MARKET.code },
      trustList: { stale: false },
      live: { asked: false, offline: true },
      exit: 0,
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
      await verifyQrCommand(
        ["--qr", `${config.baseUrl}/v/q83vEjRWeJCrze8SNFZ4kA`, "--offline"],
        legacy.out,
        config,
      ),
    ).toBe(3);
    expect(legacy.lines.join("\n")).toContain("VER_QR_LEGACY_LINK");

    const fresh = await buildTrustList(pki, new Date());
    const file = path.join(dir, "trust-list.json");
    writeFileSync(file, JSON.stringify(fresh));
    const offline = ["--offline"];
    expect(
      await verifyQrCommand(["--qr", text, "--trust-list", file, ...offline], capture().out, config),
    ).toBe(0);

    writeFileSync(
      file,
      JSON.stringify(await buildTrustList(pki, new Date(Date.now() - DAY / 2), { validityHours: 1 })),
    );
    const stale = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", file, ...offline], stale.out, config)).toBe(
      3,
    );
    expect(stale.lines.join("\n")).toContain("VER_QR_TRUST_LIST_STALE");

    // Freshness extended by a day (within the longest lifetime a list may claim): a changed member, a bad signature.
    const extended = new Date(Date.parse(fresh.nextUpdate) + DAY).toISOString();
    writeFileSync(file, JSON.stringify({ ...fresh, nextUpdate: extended }));
    const forged = capture();
    expect(await verifyQrCommand(["--qr", text, "--trust-list", file, ...offline], forged.out, config)).toBe(
      3,
    );
    expect(forged.errors.join("\n")).toContain("VER_TL_BAD_SIGNATURE");
  });

  it("exits 2 without --qr TEXT, with stray arguments, or with neither a PKI nor a trust-list file", async () => {
    expect(await verifyQrCommand(["--qr"], capture().out, config)).toBe(2);
    expect(await verifyQrCommand(["--qr", text, "extra"], capture().out, config)).toBe(2);
    expect(await verifyQrCommand(["--qr", text, "--offline", "--online"], capture().out, config)).toBe(2);
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

describe("elicence verify --qr, live status", () => {
  let runtime: Runtime;
  let service: LicenceService;
  const issuer: Actor = { id: "test-issuer", role: "issuer", department: MARKET.code };

  beforeAll(async () => {
    runtime = await openRuntime(config);
    service = new LicenceService(runtime.store, runtime.catalogue, () => new Date());
  });
  afterAll(async () => {
    await runtime?.close();
  });

  async function issue(extra: Record<string, unknown> = {}) {
    const r = await service.issue(issuer, { ...exampleIssue(runtime.catalogue, TYPES.food), ...extra }, null);
    const record = await runtime.store.getLicence(r.body.identifier);
    if (!record) throw new Error("not stored");
    return record;
  }

  /** The QR text the department would print: its e-seal over these claims. */
  async function qrFor(identifier: string, publicToken: string, base = config.baseUrl) {
    const seal = await pki.sealFor(MARKET.code);
    const cose = await encodeQrPayload(
      {
        identifier,
        holderName: "海****",
        holderCode: "91441521******TBXR",
        validFrom: "2026-01-01",
        validUntil: "2030-12-31",
        issuedAt: new Date().toISOString(),
        publicToken,
      },
      { kid: await kidOf(new Uint8Array(seal.certificate.rawData)), sign: (d) => seal.keyHandle.sign(d) },
    );
    return qrUrl(base, cose);
  }

  it("asks the data directory's store: a valid licence exits 0 and says so", async () => {
    const lic = await issue();
    const c = capture();
    expect(await verifyQrCommand(["--qr", await qrFor(lic.identifier, lic.publicToken)], c.out, config)).toBe(
      0,
    );
    expect(c.lines.join("\n")).toMatch(/live status: valid \(有效, valid\)/u);
  });

  it("exits 1 with the state for a revoked, a suspended and a replaced licence", async () => {
    for (const [action, shown] of [
      ["revoke", "revoked"],
      ["suspend", "suspended"],
      ["amend", "superseded"],
    ] as const) {
      const lic = await issue();
      if (action === "amend")
        await service.replace(
          issuer,
          lic.identifier,
          "amend",
          { reason: "法定代表人变更", fields: { legalRepresentative: "陈海峰" } },
          null,
        );
      else
        await service.transition(issuer, lic.identifier, action, { reason: "other", note: "依法处理" }, null);
      const c = capture();
      expect(
        await verifyQrCommand(["--qr", await qrFor(lic.identifier, lic.publicToken)], c.out, config),
        action,
      ).toBe(1);
      const printed = c.lines.join("\n");
      expect(printed).toContain("VALID  VER_QR_OK"); // the signature is genuine: the licence is what fails
      expect(printed).toContain(`live status: ${shown}`);
      expect(c.lines.at(-1)).toMatch(/^result: not to be relied on.*\(exit 1\)$/u);
      const json = capture();
      await verifyQrCommand(
        ["--qr", await qrFor(lic.identifier, lic.publicToken), "--json"],
        json.out,
        config,
      );
      expect(JSON.parse(json.lines.join(""))).toMatchObject({
        exit: 1,
        live: { answer: { view: { status: shown } } },
      });
    }
  });

  it("says not yet in force for a licence whose validity begins later (exit 1)", async () => {
    const lic = await issue({ validFrom: "2099-01-01", validUntil: "2103-12-31" });
    const c = capture();
    expect(await verifyQrCommand(["--qr", await qrFor(lic.identifier, lic.publicToken)], c.out, config)).toBe(
      1,
    );
    expect(c.lines.join("\n")).toContain("live status: not-yet-in-force (尚未生效, not yet in force)");
    expect(c.lines.join("\n")).toContain("valid from 2099-01-01");
  });

  it("refuses a genuinely signed payload that carries another licence's genuine status token", async () => {
    // The attacker holds a valid licence B and a signed payload naming licence A (revoked, say), re-signed or not: the
    // payload names A but carries B's token, so the registry's "valid" is B's. It must not be shown as A's.
    const a = await issue();
    await service.transition(issuer, a.identifier, "revoke", { reason: "revoked-by-law" }, null);
    const b = await issue();
    const forged = await qrFor(a.identifier, b.publicToken);
    const c = capture();
    expect(await verifyQrCommand(["--qr", forged], c.out, config)).toBe(1);
    const printed = c.lines.join("\n");
    expect(printed).toContain("REFUSED  VER_QR_STATUS_OTHER_LICENCE");
    expect(printed).not.toMatch(/live status: valid/u);
    // Offline it cannot know: it says it is offline, as before.
    const offline = capture();
    expect(await verifyQrCommand(["--qr", forged, "--offline"], offline.out, config)).toBe(0);
    expect(offline.lines.join("\n")).toContain("not asked (--offline)");
  });

  it("with --online never asks the host written in the code: a forger's registry cannot make a revoked licence valid", async () => {
    const revoked = await issue();
    await service.transition(issuer, revoked.identifier, "revoke", { reason: "revoked-by-law" }, null);
    // The forger takes the genuine QR code of a revoked licence and writes their own host in front of its fragment
    // (not signed); their registry answers "valid", naming the right identifier (its SHA-256 is no secret).
    const genuine = await qrFor(revoked.identifier, revoked.publicToken);
    const forged = genuine.replace(/^https:\/\/[^/]+/u, "https://registry.forger.example");
    const asked: string[] = [];
    const fetchImpl = (async (input: string | URL) => {
      const url = new URL(input);
      asked.push(url.origin);
      if (url.origin === "https://registry.forger.example")
        return Response.json({
          state: "01",
          status: "valid",
          stateName: { zh: "正常", en: "valid" },
          identifierSha256: createHash("sha256").update(revoked.identifier).digest("base64url"),
          version: "001",
          validFrom: "2026-01-01",
          validUntil: "2030-12-31",
          checkedAt: new Date().toISOString(),
        });
      return new Response(null, { status: 503 });
    }) as typeof fetch;
    const c = capture();
    expect(await verifyQrCommand(["--qr", forged, "--online"], c.out, config, fetchImpl)).not.toBe(0);
    expect(asked).toEqual([new URL(config.baseUrl).origin]);
    expect(c.lines.join("\n")).toContain("the code names https://registry.forger.example, not this registry");
    // From the store (the default) it is revoked whatever the code's host says.
    expect(await verifyQrCommand(["--qr", forged], capture().out, config, fetchImpl)).toBe(1);
  });

  it("with --online refuses a registry that redirects, floods or trickles, and a --registry that is not http(s)", async () => {
    const valid = await issue();
    const qr = await qrFor(valid.identifier, valid.publicToken);
    const base = config.baseUrl;
    const redirect = (async () =>
      new Response(null, {
        status: 302,
        headers: { location: "http://169.254.169.254/latest/meta-data/" },
      })) as typeof fetch;
    const moved = capture();
    expect(await verifyQrCommand(["--qr", qr, "--online"], moved.out, config, redirect)).toBe(3);
    expect(moved.lines.join("\n")).toContain("redirect not followed");
    // A stream that never stops: refused once past the limit, never read whole.
    let sent = 0;
    const flood = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(ctrl) {
            sent += 65_536;
            ctrl.enqueue(new Uint8Array(65_536).fill(0x20));
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      )) as typeof fetch;
    const flooded = await askLiveStatus(
      { kind: "online", base },
      config,
      valid.publicToken,
      new Date(),
      flood,
    );
    expect(flooded).toMatchObject({ kind: "unavailable", why: expect.stringContaining("larger than") });
    expect(sent).toBeLessThan(1_000_000);
    // A registry that sends headers and then nothing: the time limit covers the body too.
    const trickle = (async (_url: string | URL, init?: RequestInit) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(ctrl) {
            ctrl.enqueue(new TextEncoder().encode('{"state":'));
            init?.signal?.addEventListener("abort", () => ctrl.error(init.signal?.reason));
          },
        }),
        { status: 200 },
      )) as typeof fetch;
    const started = Date.now();
    const slow = await askLiveStatus(
      { kind: "online", base },
      config,
      valid.publicToken,
      new Date(),
      trickle,
      200,
    );
    expect(slow.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(5000);
    for (const registry of [
      "file:///etc/passwd",
      "ftp://registry.example",
      "https://user:pw@registry.example",
    ]) {
      const e = capture();
      expect(await verifyQrCommand(["--qr", qr, "--online", "--registry", registry], e.out, config)).toBe(2);
    }
    // An answer naming the licence but missing what the report reads is no answer (3), not a crash.
    const digest = createHash("sha256").update(valid.identifier).digest("base64url");
    for (const partial of [
      { state: "01", status: "valid", identifierSha256: digest, checkedAt: new Date().toISOString() },
      { state: "01", status: "valid", identifierSha256: digest, stateName: "正常", checkedAt: "x" },
      [{ state: "01" }],
    ]) {
      const broken = (async () => Response.json(partial)) as typeof fetch;
      const c = capture();
      expect(await verifyQrCommand(["--qr", qr, "--online"], c.out, config, broken)).toBe(3);
      expect(c.lines.join("\n")).toContain("malformed status answer");
    }
    // --registry without --online is a usage error, not silently ignored.
    expect(await verifyQrCommand(["--qr", qr, "--registry", base], capture().out, config)).toBe(2);
  });

  it("with --online --registry asks that registry over HTTP, with the same answers", async () => {
    const built = await buildApp({
      store: runtime.store,
      catalogue: runtime.catalogue,
      baseUrl: config.baseUrl,
      signing: {
        pki,
        sealer: signing.sealer,
        documents: new DocumentStore(path.join(dir, "documents-online")),
      },
    });
    const asked: string[] = [];
    // Routes the CLI's fetch to the app in this process, recording where it went.
    const fetchImpl = (async (input: string | URL) => {
      const url = new URL(input);
      asked.push(url.href);
      const res = await built.app.inject({ method: "GET", url: url.pathname });
      return new Response(res.body, {
        status: res.statusCode,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
    try {
      const valid = await issue();
      const revoked = await issue();
      await service.transition(issuer, revoked.identifier, "revoke", { reason: "revoked-by-law" }, null);
      const base = "https://registry.county.example";
      expect(
        await verifyQrCommand(
          ["--qr", await qrFor(valid.identifier, valid.publicToken, base), "--online", "--registry", base],
          capture().out,
          config,
          fetchImpl,
        ),
      ).toBe(0);
      expect(asked.at(-1)).toBe(`https://registry.county.example/api/v1/status/${valid.publicToken}`);
      const c = capture();
      expect(
        await verifyQrCommand(
          [
            "--qr",
            await qrFor(revoked.identifier, revoked.publicToken, base),
            "--online",
            "--registry",
            base,
          ],
          c.out,
          config,
          fetchImpl,
        ),
      ).toBe(1);
      expect(c.lines.join("\n")).toContain("live status: revoked");
      const swapped = capture();
      expect(
        await verifyQrCommand(
          ["--qr", await qrFor(revoked.identifier, valid.publicToken, base), "--online", "--registry", base],
          swapped.out,
          config,
          fetchImpl,
        ),
      ).toBe(1);
      expect(swapped.lines.join("\n")).toContain("VER_QR_STATUS_OTHER_LICENCE");
      // A registry that cannot be reached leaves a genuine code undecided (3), never valid.
      const down = (async () => {
        throw new TypeError("fetch failed");
      }) as typeof fetch;
      const unreachable = capture();
      expect(
        await verifyQrCommand(
          ["--qr", await qrFor(valid.identifier, valid.publicToken, base), "--online", "--registry", base],
          unreachable.out,
          config,
          down,
        ),
      ).toBe(3);
      expect(unreachable.lines.join("\n")).toContain("UNAVAILABLE");
    } finally {
      await built.app.close();
    }
  });
});
