// The verifier page in a real browser (Debian's chromium through playwright-core, a phone-sized viewport) against a
// real registry with PKI and sealing: QR codes read from the sealed PDFs with zbarimg, as a phone would read them.
// Screenshots go to test-artifacts/verifier/.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import QRCode from "qrcode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addDays, chinaDate, dateZh } from "@elicence/core";
import { toolsAvailable } from "../../test-support/tools.js";
import { auth, BASE_URL, exampleIssue, TYPES, type Harness } from "../../registry/test/support/harness.js";
import { launchPersistent, serveHarness, watchErrors } from "./support/browser.js";
import { buildPages } from "./support/build-pages.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(HERE, "..");
const SHOTS = path.resolve(WEB, "../test-artifacts/verifier");
const RUN = toolsAvailable("verifier-web browser tests", "chromium", "pdftoppm", "zbarimg");

let h: Harness;
let base: string;
let ctx: BrowserContext;
let work: string;
/** The licence the fake camera shows. */
let cameraLicence: { identifier: string };

async function issue(typeCode: string = TYPES.food, validUntil?: string) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(typeCode === TYPES.teacher ? h.key.educationIssuer : h.key.issuer, {
      "idempotency-key": `web-${Math.random().toString(36).slice(2)}`,
    }),
    payload: { ...exampleIssue(h.catalogue, typeCode), ...(validUntil ? { validUntil } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ identifier: string; holder: { name: string; code: string } }>();
}

async function pdfOf(identifier: string): Promise<Buffer> {
  const res = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验页面测试")}`,
    headers: auth(h.key.auditor),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.rawPayload;
}

/** The QR code printed on the sealed PDF, read the way a phone reads paper: rendered to pixels, then zbarimg. */
async function qrOf(identifier: string): Promise<{ url: string; png: string; pdf: Buffer }> {
  const pdf = await pdfOf(identifier);
  const file = path.join(work, `${identifier}.pdf`);
  writeFileSync(file, pdf);
  const prefix = path.join(work, `qr-${identifier}`);
  execFileSync("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", file, prefix]);
  // stderr ignored: zbarimg complains about D-Bus, which containers lack.
  const text = execFileSync("zbarimg", ["--raw", "-q", `${prefix}.png`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
  expect(text.startsWith(`${BASE_URL}/v#`), text).toBe(true);
  // The harness seals with its configured base URL; the page under test listens on a port of its own.
  return { url: base + text.slice(BASE_URL.length), png: `${prefix}.png`, pdf };
}

/**
 * A one-frame Y4M video of a QR code (8 px a module, 4 modules of quiet zone): chromium's fake camera plays it, so
 * the page's getUserMedia + jsQR path sees what a phone pointed at the licence would.
 */
function qrVideo(text: string, file: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const scale = 8;
  const side = (n + 8) * scale;
  const y = Buffer.alloc(side * side, 235);
  for (let row = 0; row < side; row++)
    for (let col = 0; col < side; col++) {
      const r = Math.floor(row / scale) - 4;
      const c = Math.floor(col / scale) - 4;
      if (r >= 0 && c >= 0 && r < n && c < n && qr.modules.get(r, c)) y[row * side + col] = 16;
    }
  const chroma = Buffer.alloc((side / 2) * (side / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma]);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${side} H${side} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]),
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const verdict = (page: Page) => page.getByTestId("verdict").first();

/** Uncaught exceptions and CSP violations in any page: each test ends by expecting none. */
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  return watchErrors(await ctx.newPage(), pageErrors);
}

async function open(url: string): Promise<Page> {
  const page = await newPage();
  await page.goto(url);
  return page;
}

/** The verdict's headline now, or null (allTextContents does not wait, so a poll gets a fresh answer each time). */
async function headlineOf(page: Page, testId = "verdict"): Promise<string | null> {
  return (await page.getByTestId(testId).locator(".headline").allTextContents())[0] ?? null;
}

/**
 * Waits until the verdict box shows `headline` (the live answer may follow the offline one). 30 s: on a loaded CI
 * machine the page's first status call can pass its 8 s timeout, and the page's own retry comes 10 s later.
 */
async function expectHeadline(page: Page, headline: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => headlineOf(page), { timeout }).toBe(headline);
}

describe.skipIf(!RUN)("the verifier page in chromium", () => {
  beforeAll(async () => {
    // The page as `npm start` serves it: built by Vite into verifier-web/dist (swapped in without emptying it, as
    // the desk and holder tests may be serving from it at the same time).
    await buildPages();
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(path.join(os.tmpdir(), "elicence-web-"));
    ({ h, base } = await serveHarness());
    cameraLicence = await issue();
    const video = path.join(work, "camera.y4m");
    qrVideo((await qrOf(cameraLicence.identifier)).url, video);
    ctx = await launchPersistent(
      path.join(work, "profile"),
      [
        // A camera that films the QR code, and no permission prompt to answer.
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
      {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      },
    );
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await ctx?.close();
    await h?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("opens a sealed licence's QR URL and says genuine: department by name, masked holder, status as of", async () => {
    const lic = await issue();
    const { url } = await qrOf(lic.identifier);
    const page = await open(url);
    await expectHeadline(page, "真实有效");
    await expect.poll(() => verdict(page).getAttribute("data-tone")).toBe("ok");
    const body = await page.locator("#result").innerText();
    expect(body).toContain("海丰县市场监督管理局");
    expect(body).toContain(lic.identifier);
    // An organisation is public: once the registry's record names this licence, the holder is named in full, with
    // the type's public fields (经营项目 …) as the licence prints them.
    await expect.poll(() => page.getByTestId("holder-name").innerText()).toBe(lic.holder.name);
    const type = h.catalogue.get(TYPES.food);
    const record = await h.store.getLicence(lic.identifier);
    const shown = type?.publicFields.filter((f) => record?.fields[f] !== undefined) ?? [];
    expect(shown.length).toBeGreaterThan(0);
    for (const f of shown) expect(await page.getByTestId(`public-${f}`).count(), f).toBe(1);
    expect(await page.getByTestId("basis-status").innerText()).toMatch(/状态查询时间/);
    expect(await page.getByTestId("basis-trust-list").innerText()).toMatch(/信任列表：.*发布/);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await shot(page, "genuine-zh");

    // The English switch: every word changes, and so does the lang attribute screen readers follow.
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expectHeadline(page, "Genuine and valid");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByTestId("basis-status").innerText()).toMatch(/Status as of/);
    await shot(page, "genuine-en");
    await page.getByRole("button", { name: "切换到中文" }).click();
    await expectHeadline(page, "真实有效");
    await page.close();
  });

  it("says revoked, with the date and the reason in words, once the department revokes the licence; never the note", async () => {
    const lic = await issue();
    const { url } = await qrOf(lic.identifier);
    const revoke = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${lic.identifier}/revoke`,
      headers: auth(h.key.issuer),
      payload: { reason: "permit-withdrawn", note: "以欺骗手段取得许可，举报人王五" },
    });
    expect(revoke.statusCode, revoke.body).toBeLessThan(300);
    const page = await open(url);
    await expectHeadline(page, "已吊销");
    const text = await verdict(page).innerText();
    expect(text).toMatch(/该证照已于\d{4}年\d{2}月\d{2}日被吊销/);
    expect(text).toContain("原因：依法撤销");
    expect(text).not.toContain("王五");
    expect(text).not.toContain("欺骗");
    expect(await verdict(page).getAttribute("data-tone")).toBe("bad");
    await shot(page, "revoked");

    // The document itself, uploaded: genuine seal, and the page says which licence it is and that it was revoked, when.
    await page.locator("#pdf-input").setInputFiles({
      name: "licence.pdf",
      mimeType: "application/pdf",
      buffer: await pdfOf(lic.identifier),
    });
    const block = page.getByTestId("pdf-licence");
    await expect.poll(() => block.count(), { timeout: 30_000 }).toBe(1);
    expect(await block.getAttribute("data-status")).toBe("revoked");
    expect(await page.getByTestId("pdf-holder").innerText()).toBe(lic.holder.name);
    const standing = await page.getByTestId("pdf-standing").innerText();
    expect(standing).toMatch(/^已吊销：.*该证照已于\d{4}年\d{2}月\d{2}日被吊销/);
    expect(standing).not.toContain("王五");
    expect(await block.innerText()).toContain(lic.identifier);
    await shot(page, "pdf-revoked");
    await page.close();
  });

  it("says a replaced licence was replaced, and names (and links) its successor", async () => {
    const lic = await issue();
    const { url } = await qrOf(lic.identifier);
    const amend = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${lic.identifier}/amend`,
      headers: auth(h.key.issuer),
      payload: { reason: "经营场所变更", fields: { legalRepresentative: "陈海峰" } },
    });
    expect(amend.statusCode, amend.body).toBe(201);
    const successor = amend.json<{ identifier: string }>().identifier;
    const page = await open(url);
    await expectHeadline(page, "已被新版本替换");
    expect(await page.getByTestId("successor-id").innerText()).toBe(successor);
    await shot(page, "replaced");
    // The status API gives the successor's token, so the page links to the successor's own verification.
    await page.getByTestId("successor-link").click();
    await expectHeadline(page, "证照库显示当前有效");
    await shot(page, "replaced-successor");
    await page.close();
  });

  it("says not yet in force for a renewal made in advance, while the old version's QR code stays genuine and valid", async () => {
    // Ending in 60 days: inside the food licence's renewal window (90 days before its end).
    const lic = await issue(TYPES.food, addDays(chinaDate(h.clock.now), 60));
    const old = await qrOf(lic.identifier);
    const renew = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${lic.identifier}/renew`,
      headers: auth(h.key.issuer),
      payload: { reason: "提前申请延续" },
    });
    expect(renew.statusCode, renew.body).toBe(201);
    const renewed = renew.json<{ identifier: string; validFrom: string }>();
    const page = await open((await qrOf(renewed.identifier)).url);
    await expectHeadline(page, "尚未生效");
    expect(await verdict(page).getAttribute("data-tone")).toBe("warn");
    expect(await verdict(page).innerText()).toContain(`该证照自${dateZh(renewed.validFrom)}起生效`);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expectHeadline(page, "Not yet in force");
    expect(await verdict(page).innerText()).toMatch(/takes effect on .*cannot be relied on before then/u);
    await shot(page, "not-yet-in-force-en");
    await page.getByRole("button", { name: "切换到中文" }).click();
    await page.close();
    // Until then the version in force is the old one.
    const current = await open(old.url);
    await expectHeadline(current, "真实有效");
    await current.close();
  });

  it("refuses a QR code whose status answer is another licence's: never genuine and valid", async () => {
    // The attacker's QR code names licence A (revoked) but carries licence B's genuine token; the registry's answer
    // for that token is B's "valid". Here the page's status request is pointed at B's token, as such a code would.
    const a = await issue();
    const b = await issue();
    const { url } = await qrOf(a.identifier);
    const revoke = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${a.identifier}/revoke`,
      headers: auth(h.key.issuer),
      payload: { reason: "permit-withdrawn", note: "以欺骗手段取得许可" },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const tokenB = (await h.store.getLicence(b.identifier))?.publicToken ?? "";
    const page = await newPage();
    const asked: string[] = [];
    await page.route("**/api/v1/status/**", async (route) => {
      asked.push(route.request().url());
      const res = await route.fetch({ url: `${base}/api/v1/status/${tokenB}` });
      expect((await res.json()) as { state: string }).toMatchObject({ state: "01" });
      await route.fulfill({ response: res });
    });
    await page.goto(url);
    await expectHeadline(page, "拒绝采信：状态不属于本证照");
    expect(asked.length).toBeGreaterThan(0);
    expect(await verdict(page).getAttribute("data-tone")).toBe("bad");
    const text = await verdict(page).innerText();
    expect(text).toContain("证照库返回的实时状态属于另一张证照");
    expect(text).not.toContain("真实有效");
    // None of the payload's claims is shown as a fact.
    expect(await page.locator("#result").innerText()).not.toContain(a.identifier);
    await shot(page, "status-of-another-licence");
    await page.close();
  });

  it("says not genuine for a QR payload altered by one character, and shows none of its claims", async () => {
    const lic = await issue();
    const { url } = await qrOf(lic.identifier);
    const hash = url.indexOf("#");
    const i = hash + 40;
    const flipped = url.slice(0, i) + (url[i] === "A" ? "B" : "A") + url.slice(i + 1);
    const page = await open(flipped);
    await expectHeadline(page, "不是真实证照");
    expect(await page.locator("#details").isHidden()).toBe(true);
    expect(await page.getByTestId("basis-signature").innerText()).toMatch(/签名|二维码/);
    await shot(page, "qr-altered");
    await page.close();
  });

  it("says not genuine for a tampered PDF upload, with the reason in plain words", async () => {
    if (!h.app.hasRoute({ method: "POST", url: "/api/v1/verify/pdf" })) {
      console.warn("verifier-web: POST /api/v1/verify/pdf is not registered yet; PDF upload test skipped");
      return;
    }
    const lic = await issue();
    const pdf = await pdfOf(lic.identifier);
    // One character of the identifier in the signed /Subject (UTF-16 hex: "0031" → "0032", "1" → "2"): still a
    // well-formed PDF, but no longer the bytes the seal signed.
    const at = pdf.indexOf("/Subject <FEFF0031");
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(pdf);
    tampered[at + "/Subject <FEFF003".length] = 0x32;
    const file = path.join(work, "tampered.pdf");
    writeFileSync(file, tampered);

    const page = await open(`${base}/`);
    await page.locator("#pdf-input").setInputFiles(file);
    await expect
      .poll(() => headlineOf(page, "pdf-verdict"), { timeout: 30_000 })
      .toBe("PDF 文件不是真实证照");
    const failures = page.getByTestId("pdf-failures");
    expect(await failures.locator("li").count()).toBeGreaterThan(0);
    const first = await failures.locator("li").first().getAttribute("data-code");
    expect(first).toMatch(/^VER_/);
    await shot(page, "pdf-tampered");

    // The untouched PDF passes the same way, so the failure above is the tampering's.
    await page
      .locator("#pdf-input")
      .setInputFiles({ name: "licence.pdf", mimeType: "application/pdf", buffer: pdf });
    await expect.poll(() => headlineOf(page, "pdf-verdict"), { timeout: 30_000 }).toBe("PDF 文件真实完整");
    await page.close();
  });

  it("reads a photo of the printed licence (file input → canvas → jsQR)", async () => {
    const lic = await issue(TYPES.teacher);
    const { png } = await qrOf(lic.identifier);
    const page = await open(`${base}/`);
    await page.locator("#photo-input").setInputFiles(png);
    await expectHeadline(page, "真实有效");
    expect(await page.locator("#result").innerText()).toContain(lic.identifier);
    // A person stays masked, also once the registry's public record (the qualification's public fields) is shown.
    await expect.poll(() => page.getByTestId("public-qualificationType").count()).toBe(1);
    const body = await page.locator("#result").innerText();
    expect(body).not.toContain(lic.holder.name);
    expect(body).not.toContain(lic.holder.code);
    await shot(page, "photo");
    await page.close();
  });

  it("scans with the camera (getUserMedia + jsQR) and verifies what it read", async () => {
    const page = await open(`${base}/`);
    await page.getByRole("button", { name: "扫描二维码" }).click();
    await expectHeadline(page, "真实有效", 20_000);
    expect(await page.locator("#result").innerText()).toContain(cameraLicence.identifier);
    // The camera is released once the code is read.
    expect(await page.locator("#camera").isHidden()).toBe(true);
    await shot(page, "camera");
    await page.close();
  });

  it("ignores a trust list that fails its signature check: keeps the saved one and says so", async () => {
    const lic = await issue();
    const { url } = await qrOf(lic.identifier);
    // A genuine list saved first (as any earlier visit leaves), then a forged one offered on reload.
    const page = await open(url);
    await expectHeadline(page, "真实有效");
    await page.route("**/.well-known/elicence/trust-list.json", async (route) => {
      const res = await route.fetch();
      const list = (await res.json()) as { seals: { department: { name: string } }[] };
      for (const seal of list.seals) seal.department.name = "伪造的发证机关";
      await route.fulfill({ response: res, json: list });
    });
    await page.reload();
    await expect
      .poll(async () => (await page.getByTestId("basis-trust-list").allTextContents())[0] ?? "", {
        timeout: 15_000,
      })
      .toMatch(/下载的信任列表未通过签名核验，已忽略/);
    await expectHeadline(page, "真实有效");
    const text = await page.locator("#result").innerText();
    expect(text).toContain("海丰县市场监督管理局");
    expect(text).not.toContain("伪造的发证机关");
    await shot(page, "trust-list-rejected");
    await page.close();
  });

  it("answers an old-style /v/<token> link with the live status only, never calling it genuine", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "idempotency-key": `web-legacy-${Date.now()}` }),
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    const token = res.json<{ publicToken?: string }>().publicToken;
    expect(token, "the issue response carries the public token").toBeTruthy();
    const page = await open(`${base}/v/${token}`);
    await expectHeadline(page, "证照库显示当前有效");
    expect(await verdict(page).getAttribute("data-tone")).toBe("info");
    expect(await page.locator("#result").innerText()).toMatch(/旧式二维码/);
    await page.close();
  });

  it("verifies offline after load (cached trust list), then shows live status when the network is back", async () => {
    const first = await issue();
    const second = await issue(TYPES.teacher);
    const a = await qrOf(first.identifier);
    const b = await qrOf(second.identifier);
    const page = await open(a.url);
    await expectHeadline(page, "真实有效");
    await ctx.setOffline(true);
    try {
      // A second licence while offline: same-document navigation, nothing fetched but the (failing) status call.
      await page.evaluate(`location.hash = ${JSON.stringify(b.url.slice(b.url.indexOf("#") + 1))}`);
      await expectHeadline(page, "签名真实，实时状态未确认");
      expect(await page.locator("#result").innerText()).toContain(second.identifier);
      expect(await page.getByTestId("basis-signature").getAttribute("class")).toBe("ok");
      expect(await page.getByTestId("basis-status").innerText()).toMatch(/无法连接证照库/);
      await shot(page, "offline");
    } finally {
      await ctx.setOffline(false);
    }
    await expectHeadline(page, "真实有效", 20_000);
    expect(await page.getByTestId("basis-status").innerText()).toMatch(/状态查询时间/);
    await shot(page, "back-online");
    await page.close();
  });

  it("flags a stale trust list and does not call the licence genuine", async () => {
    const lic = await issue();
    const { url } = await qrOf(lic.identifier);
    const page = await newPage();
    // Two days on: the list saved on this device and the one the registry serves are both past their next update.
    await page.clock.setSystemTime(new Date(Date.now() + 2 * 86_400_000));
    await page.goto(url);
    await expectHeadline(page, "无法确认真伪");
    expect(await page.getByTestId("basis-trust-list").innerText()).toMatch(/信任列表已过期/);
    // The registry's live answer is still shown beside it.
    await expect.poll(() => verdict(page).innerText()).toContain("证照库显示该证照当前状态为“有效”");
    expect(await page.locator("#details").isHidden()).toBe(true);
    await shot(page, "stale-trust-list");
    await page.close();
  });

  it("is usable with a keyboard and a screen reader: labelled inputs, live result region, focus order", async () => {
    const page = await open(`${base}/`);
    // Evaluated in the page (strings: this file is type-checked without the DOM library).
    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll("input, button")]
      .filter((el) => !((el.labels && el.labels[0] && el.labels[0].textContent.trim()) ||
        el.getAttribute("aria-label") || el.textContent.trim()))
      .map((el) => el.id || el.outerHTML)`);
    expect(unlabelled).toEqual([]);
    expect(await page.locator("#verdict").getAttribute("aria-live")).toBe("polite");
    const order: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate<string>(`document.activeElement.id || document.activeElement.tagName`));
    }
    expect(order).toEqual(
      expect.arrayContaining(["lang-switch", "scan-start", "photo-input", "pdf-input", "paste-input"]),
    );
    await page.close();
  });
});
