// The verifier page's trust anchor in a real browser (chromium, its own profile). The attack of finding 3: a forged
// trust list (a complete PKI of the attacker's, same departments) served to the page once, with a QR code the attacker
// signed carrying another licence's genuine status token. The page is pinned to the root the registry served it with:
// the forged list is refused, nothing is kept (localStorage, IndexedDB), the forged QR is never "真实有效", a later
// genuine list is accepted, an older genuine list (a lower sequence) is refused with its own words, zh and en, and so
// is a genuine list from the future.
import "reflect-metadata";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildTrustList, encodeQrPayload, kidOf, qrUrl, type TrustList } from "@elicence/signer";
import { toolsAvailable } from "../../test-support/tools.js";
import { auth, DEPTS, exampleIssue, TYPES, type Harness } from "../../registry/test/support/harness.js";
import { rootSpkiSha256Hex } from "@elicence/registry";
import { buildLicenceIdentifier } from "@elicence/core";
import { createTempPki, type TempPki } from "../../signer/test/pki/fixtures.js";
import { launchPersistent, serveHarness, watchErrors } from "./support/browser.js";
import { buildPages } from "./support/build-pages.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(HERE, "../../test-artifacts/verifier");
const RUN = toolsAvailable("verifier-web trust-anchor browser tests", "chromium");
const TRUST_LIST = "**/.well-known/elicence/trust-list.json";

let h: Harness;
let base: string;
let ctx: BrowserContext;
let work: string;
let attacker: TempPki;
/** A genuine licence: its QR fragment and status token. */
let genuine: { identifier: string; fragment: string; token: string };
/** The attacker's QR code: a made-up licence signed with the attacker's "market regulator" seal, the genuine token. */
let forgedFragment: string;
let forgedList: TrustList;
const pageErrors: string[] = [];

async function open(url: string): Promise<Page> {
  const page = watchErrors(await ctx.newPage(), pageErrors);
  await page.goto(url);
  return page;
}

const headline = async (page: Page): Promise<string | null> =>
  (await page.getByTestId("verdict").locator(".headline").allTextContents())[0] ?? null;
const basisList = async (page: Page): Promise<string> =>
  (await page.getByTestId("basis-trust-list").allTextContents())[0] ?? "";

/** What the page keeps: trust-list keys in localStorage and IndexedDB databases (strings: no DOM types here). */
async function kept(page: Page): Promise<{ local: Record<string, string>; idb: string[] }> {
  return {
    local: await page.evaluate<Record<string, string>>(`Object.fromEntries(Object.keys(localStorage)
      .filter((k) => k.startsWith("elicence.trustList")).map((k) => [k, localStorage.getItem(k)]))`),
    idb: await page.evaluate<string[]>(`indexedDB.databases().then((d) => d.map((x) => x.name))`),
  };
}

describe.skipIf(!RUN)("the verifier page's pinned trust anchor", () => {
  beforeAll(async () => {
    await buildPages();
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(path.join(os.tmpdir(), "elicence-web-anchor-"));
    ({ h, base } = await serveHarness());
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "idempotency-key": `anchor-${Date.now()}` }),
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    expect(res.statusCode, res.body).toBe(201);
    const lic = res.json<{ identifier: string; publicToken: string }>();
    // Its QR code as the registry's market regulator seal signs it (what the sealed PDF carries).
    const own = await h.signing?.pki.sealFor(DEPTS.market);
    if (!own) throw new Error("no signing");
    const genuineCose = await encodeQrPayload(
      {
        identifier: lic.identifier,
        holderName: "海****",
        holderCode: "91441521******TBXR",
        validFrom: "2026-01-01",
        validUntil: "2030-12-31",
        issuedAt: new Date().toISOString(),
        publicToken: lic.publicToken,
      },
      { kid: await kidOf(new Uint8Array(own.certificate.rawData)), sign: (d) => own.keyHandle.sign(d) },
    );
    const genuineUrl = qrUrl(base, genuineCose);
    genuine = {
      identifier: lic.identifier,
      fragment: genuineUrl.slice(genuineUrl.indexOf("#") + 1),
      token: lic.publicToken,
    };

    // The attacker: a PKI of their own with a seal for the same department, name and all.
    attacker = await createTempPki({
      departments: [{ code: DEPTS.market, name: "海丰县市场监督管理局", licenceTypes: [TYPES.food] }],
    });
    const seal = await attacker.pki.sealFor(DEPTS.market);
    const cose = await encodeQrPayload(
      {
        identifier: buildLicenceIdentifier({
          typeCode: TYPES.food,
          issuerCode: DEPTS.market,
          serial: "FORGED0ANCHR",
          version: 1,
        }),
        holderName: "假****",
        holderCode: "91441521******0000",
        validFrom: "2026-01-01",
        validUntil: "2030-12-31",
        // Before the registry's list (the harness clock stands at its start): "unknown seal", not "list too old".
        issuedAt: new Date(h.clock.now.getTime() - 3_600_000).toISOString(),
        publicToken: genuine.token,
      },
      { kid: await kidOf(new Uint8Array(seal.certificate.rawData)), sign: (d) => seal.keyHandle.sign(d) },
    );
    const forgedUrl = qrUrl(base, cose);
    forgedFragment = forgedUrl.slice(forgedUrl.indexOf("#") + 1);
    forgedList = await buildTrustList(attacker.pki, new Date());
    ctx = await launchPersistent(path.join(work, "profile"), [], {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await ctx?.close();
    await h?.close();
    attacker?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("shows the pinned root fingerprint the registry served it with", async () => {
    const page = await open(`${base}/`);
    const fp = rootSpkiSha256Hex(h.signing?.pki.root ?? { publicKey: { rawData: new ArrayBuffer(0) } });
    const meta = await page.locator('meta[name="elicence-trust-anchor"]').getAttribute("content");
    expect(meta).toBe(fp);
    const footer = await page.getByTestId("trust-anchor").innerText();
    expect(footer.replace(/\s+/gu, "")).toContain(fp);
    expect(footer).toMatch(/根证书公钥指纹/);
    await page.close();
  });

  it("refuses a forged trust list served to /, keeps nothing, and never calls the forged QR genuine", async () => {
    // The forged list on every fetch of this visit (the page retries): the attacker controls the network for a while.
    await ctx.route(TRUST_LIST, (route) => route.fulfill({ json: forgedList }));
    try {
      const page = await open(`${base}/v#${forgedFragment}`);
      await expect
        .poll(() => basisList(page), { timeout: 15_000 })
        .toMatch(/下载的信任列表未通过签名核验，已忽略/);
      await expect.poll(() => headline(page), { timeout: 15_000 }).toBe("无法确认真伪");
      expect(await headline(page)).not.toBe("真实有效");
      expect(await page.locator("#result").innerText()).not.toContain("假**");
      expect(await kept(page)).toEqual({ local: {}, idb: [] });
      await page.screenshot({ path: path.join(SHOTS, "forged-trust-list-refused.png"), fullPage: true });
      await page.close();
    } finally {
      await ctx.unroute(TRUST_LIST);
    }
  });

  it("accepts the genuine list afterwards: the genuine QR is 真实有效, the forged one 不是真实证照", async () => {
    const page = await open(`${base}/v#${genuine.fragment}`);
    await expect.poll(() => headline(page), { timeout: 30_000 }).toBe("真实有效");
    const stored = await kept(page);
    const list = JSON.parse(stored.local["elicence.trustList.v2"] ?? "{}") as {
      json?: TrustList;
      anchor?: string;
    };
    expect(list.anchor).toBe(
      rootSpkiSha256Hex(h.signing?.pki.root ?? { publicKey: { rawData: new ArrayBuffer(0) } }),
    );
    expect(list.json?.sequence).toBeGreaterThanOrEqual(1);
    await page.evaluate(`location.hash = ${JSON.stringify(forgedFragment)}`);
    await expect.poll(() => headline(page), { timeout: 15_000 }).toBe("不是真实证照");
    await page.close();
  });

  it("refuses an older genuine list (lower sequence) with its own words, in Chinese and English, and keeps the newer one", async () => {
    const old = (
      await h.app.inject({ method: "GET", url: "/.well-known/elicence/trust-list.json" })
    ).json<TrustList>();
    // A change of the list (another department's seal revoked for key compromise): the registry numbers it higher.
    await h.signing?.pki.revokeCertificate(
      DEPTS.transport,
      "keyCompromise",
      new Date(h.clock.now.getTime() - 60_000),
    );
    const page = await open(`${base}/v#${genuine.fragment}`);
    await expect.poll(() => headline(page), { timeout: 30_000 }).toBe("真实有效");
    const newer = JSON.parse((await kept(page)).local["elicence.trustList.v2"] ?? "{}") as {
      json?: TrustList;
    };
    expect(newer.json?.sequence).toBe(old.sequence + 1);
    const before = await kept(page);

    await page.route(TRUST_LIST, (route) => route.fulfill({ json: old }));
    await page.reload();
    await expect
      .poll(() => basisList(page), { timeout: 15_000 })
      .toMatch(/下载的信任列表是真实的，但比本机已使用过的列表更旧（序号更小）/);
    expect(await basisList(page)).not.toMatch(/未通过签名核验/);
    // Still answered from the newer list kept on this device, which is untouched.
    await expect.poll(() => headline(page), { timeout: 15_000 }).toBe("真实有效");
    expect(await kept(page)).toEqual(before);
    await page.screenshot({ path: path.join(SHOTS, "trust-list-rollback-zh.png"), fullPage: true });
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect
      .poll(() => basisList(page), { timeout: 15_000 })
      .toMatch(/genuine but older than one this device has already used \(lower sequence number\)/);
    await page.screenshot({ path: path.join(SHOTS, "trust-list-rollback-en.png"), fullPage: true });
    await page.getByRole("button", { name: "切换到中文" }).click();
    await page.close();
  });

  it("refuses a genuine list issued an hour in the future, saying so, and keeps what it had", async () => {
    const pki = h.signing?.pki;
    if (!pki) throw new Error("no signing");
    const future = await buildTrustList(pki, new Date(Date.now() + 3_600_000));
    const page = await open(`${base}/v#${genuine.fragment}`);
    await expect.poll(() => headline(page), { timeout: 30_000 }).toBe("真实有效");
    const before = await kept(page);
    await page.route(TRUST_LIST, (route) => route.fulfill({ json: future }));
    await page.reload();
    await expect
      .poll(() => basisList(page), { timeout: 15_000 })
      .toMatch(/下载的信任列表签发时间晚于本设备当前时间，已拒绝/);
    expect(await kept(page)).toEqual(before);
    await page.close();
  });
});
