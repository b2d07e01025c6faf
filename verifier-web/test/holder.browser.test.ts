// The holder's page (/holder) in a real browser (Debian's chromium through playwright-core) against a real registry:
// a clerk looks the applicant up at the desk and hands out a share code; the holder, on their own phone, signs in with
// it and sees their licences and that look-up — department, time, purpose — in plain words. Screenshots:
// test-artifacts/holder/.
import "reflect-metadata";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatChinaDate } from "@elicence/core";
import { toolsAvailable } from "../../test-support/tools.js";
import { auth, exampleIssue, TYPES, type Harness } from "../../registry/test/support/harness.js";
import { launch, person, serveHarness, shooter, unlabelledControls, type Person } from "./support/browser.js";
import { buildPages } from "./support/build-pages.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(HERE, "../../test-artifacts/holder");
const RUN = toolsAvailable("holder browser tests", "chromium");

const APPLICANT = "91441521MA55C7TBXR";
const SWAPPED = "91441521MA55C7BTXR";
const PURPOSE = "食品经营许可延续申请审查";

let h: Harness;
let base: string;
let browser: Browser;
let clerk: Person;
let holder: Person;
let foodId: string;
let holderName: string;
/** The share code the clerk handed out at the desk; it works once. */
let shareCode: string;
const shot = shooter(SHOTS);

/**
 * The suite's clock: 02:11 on the 8th in China, when a page that printed "12月8日" beside a test that expected
 * "12月08日" failed CI on days 1–9 of every month. The registry and the browser both run on it.
 */
const FIXED_NOW = new Date("2026-12-08T02:11:00+08:00");

/** At the desk: sign in, check the applicant's materials with a purpose, open the licence, hand out a share code. */
async function lookUpAtTheDesk(): Promise<string> {
  // Locator waits, not expect.poll: this runs in beforeAll.
  const page = await clerk.open(`${base}/desk`);
  await page.getByLabel("窗口人员密钥").fill(h.key.clerk);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.locator("#holder-code").fill(APPLICANT);
  await page.locator("#purpose").fill(PURPOSE);
  await page.locator('#service-item option[value="food-business-renewal"]').waitFor({ state: "attached" });
  await page.locator("#service-item").selectOption("food-business-renewal");
  await page.getByRole("button", { name: "核对材料" }).click();
  const food = page.locator(`[data-testid="material"][data-type-code="${TYPES.food}"][data-status="exempt"]`);
  await food.waitFor();
  await food.getByTestId("open-licence").click();
  await food.getByTestId("licence-facts").waitFor();
  await page.getByRole("button", { name: "生成一次性查询码" }).click();
  const code = page.getByTestId("share-code");
  await code.waitFor();
  const text = (await code.innerText()).trim();
  await page.close();
  if (!/^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(text)) throw new Error(`the desk showed no share code: "${text}"`);
  return text;
}

async function signIn(page: Page, code = shareCode): Promise<void> {
  await page.getByLabel("您的公民身份号码或单位的统一社会信用代码").fill(APPLICANT);
  await page.getByLabel("查询码").fill(code);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

const entry = (page: Page, action: string) =>
  page.locator(`[data-testid="access-entry"][data-action="${action}"]`);

describe.skipIf(!RUN)("the holder's page in chromium", () => {
  beforeAll(async () => {
    await buildPages();
    mkdirSync(SHOTS, { recursive: true });
    ({ h, base } = await serveHarness(FIXED_NOW));
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "idempotency-key": "holder-page-food-1" }),
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    expect(res.statusCode, res.body).toBe(201);
    foodId = res.json<{ identifier: string }>().identifier;
    holderName = res.json<{ holder: { name: string } }>().holder.name;
    browser = await launch();
    clerk = await person(browser, undefined, FIXED_NOW);
    // The holder on their own phone: another cookie jar, a phone-sized screen.
    // Abroad, too: the page words times in China time whatever the phone's zone.
    holder = await person(browser, { width: 390, height: 844 }, FIXED_NOW, "Europe/London");
    shareCode = await lookUpAtTheDesk();
  });

  afterEach(() => {
    expect([...clerk.errors.splice(0), ...holder.errors.splice(0)]).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("checks the holder's code as typed and sends nothing while it is wrong", async () => {
    const page = await holder.open(`${base}/holder`);
    expect(await unlabelledControls(page)).toEqual([]);
    const posts: string[] = [];
    page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
    const code = page.getByLabel("您的公民身份号码或单位的统一社会信用代码");
    await code.fill(SWAPPED);
    await expect.poll(() => page.locator("#holder-code-feedback").getAttribute("data-state")).toBe("invalid");
    expect(await page.getByTestId("code-suggestion").allInnerTexts()).toEqual([`改为 ${APPLICANT}`]);
    await page.getByLabel("查询码").fill("AAAAA-BBBBB");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect.poll(() => page.locator("#holder-sign-in-error").innerText()).toContain("证件号码不正确");
    expect(posts).toEqual([]);
    await shot(page, "code-did-you-mean");
    await page.close();
  });

  it("signs in with the share code and shows the holder's licences and the desk's look-up: department, time, purpose", async () => {
    const page = await holder.open(`${base}/holder`);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await shot(page, "sign-in");
    await signIn(page);

    const licence = page.locator(`[data-testid="holder-licence"][data-identifier="${foodId}"]`);
    await expect.poll(() => licence.count(), { timeout: 10_000 }).toBe(1);
    // Their own data, whole: the name and the code unmasked, and the fields clerks do not see.
    const card = await licence.innerText();
    expect(card).toContain(holderName);
    expect(card).toContain(APPLICANT);
    expect(card).toContain("陈文辉");
    expect(await page.locator("#session-who").innerText()).toContain(APPLICANT);

    const check = entry(page, "materials.check");
    await expect.poll(() => check.count()).toBe(1);
    const text = await check.innerText();
    expect(text).toContain("海丰县市场监督管理局窗口工作人员");
    expect(text).toContain("核对了您办事需要提交的材料");
    expect(text).toContain(`事由：${PURPOSE}`);
    // When: the registry's instant in the datetime attribute, worded in China time.
    const at = await check.locator("time").getAttribute("datetime");
    const log = await h.store.auditByHolder(APPLICANT, 100);
    const audited = log.find((e) => e.action === "materials.check");
    expect(at).toBe(audited?.at);
    expect(at).toBe(FIXED_NOW.toISOString());
    expect(await check.locator("time").innerText()).toBe("2026年12月08日 02:11");
    expect(formatChinaDate(at!, "zh", true)).toBe("2026年12月08日 02:11");
    // Opening the licence at the desk is there too, naming the licence.
    expect(await entry(page, "licence.read").innerText()).toContain(foodId);
    await shot(page, "signed-in");

    // A reload keeps the session (cookie and its readable CSRF twin).
    await page.reload();
    await expect.poll(() => entry(page, "materials.check").count(), { timeout: 10_000 }).toBe(1);

    await page.getByRole("button", { name: "Switch to English" }).click();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    const english = await entry(page, "materials.check").innerText();
    expect(english).toContain("A window clerk at 海丰县市场监督管理局");
    expect(english).toContain(`Purpose: ${PURPOSE}`);
    await shot(page, "signed-in-en");
    await page.getByRole("button", { name: "切换到中文" }).click();

    // Keyboard and screen readers: every control labelled, the lists in live regions.
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await page.locator("#access-log").getAttribute("aria-live")).toBe("polite");
    await page.close();
  });

  it("downloads the licence PDF under its name, makes an annotated copy for a chosen service item, and words a revoked licence's reason", async () => {
    // A second licence of the applicant's, revoked by the department with an internal note the holder must not see.
    const issued = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(h.key.issuer, { "idempotency-key": "holder-page-food-2" }),
      payload: exampleIssue(h.catalogue, TYPES.food),
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const revokedId = issued.json<{ identifier: string }>().identifier;
    const revoke = await h.app.inject({
      method: "POST",
      url: `/api/v1/licences/${revokedId}/revoke`,
      headers: auth(h.key.issuer),
      payload: { reason: "revoked-by-law", note: "内部：案卷 2026-117" },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const typeName = h.catalogue.get(TYPES.food)!.name.zh;
    const work = mkdtempSync(path.join(os.tmpdir(), "holder-downloads-"));

    const page = await holder.open(`${base}/holder`);
    const card = page.locator(`[data-testid="holder-licence"][data-identifier="${foodId}"]`);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);

    // The revoked one: its date and the reason in words, never the note; no annotated copy of it.
    const revoked = page.locator(`[data-testid="holder-licence"][data-identifier="${revokedId}"]`);
    await expect.poll(() => revoked.count()).toBe(1);
    const reason = revoked.getByTestId("state-change");
    expect(await reason.innerText()).toBe("吊销日期：2026年12月08日；原因：依法吊销");
    expect(await reason.getAttribute("data-reason")).toBe("revoked-by-law");
    expect(await page.locator("#licences").innerText()).not.toContain("案卷");
    expect(await revoked.getByTestId("open-annotate").count()).toBe(0);
    await page.getByRole("button", { name: "Switch to English" }).click();
    expect(await reason.innerText()).toBe("Since 8 December 2026: revoked; reason: Revoked under the law");
    await page.getByRole("button", { name: "切换到中文" }).click();
    expect(await card.getByTestId("state-change").count()).toBe(0);

    // The sealed PDF, named by the licence type and its date of issue.
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      card.getByTestId("download-pdf").click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${typeName}-2026年12月08日.pdf`);
    const pdfFile = path.join(work, "licence.pdf");
    await pdf.saveAs(pdfFile);
    expect(readFileSync(pdfFile).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await expect
      .poll(() => card.getByTestId("message").innerText())
      .toContain(`已下载：${typeName}-2026年12月08日.pdf`);

    // An annotated copy for a service item they choose, until a date they choose.
    await card.getByTestId("open-annotate").click();
    const item = card.getByTestId("annotate-item");
    expect(await item.locator("option").allInnerTexts()).toContain("食品经营许可（延续）");
    await item.selectOption("food-business-renewal");
    await card.getByTestId("annotate-until").fill("2027-01-15");
    expect(await unlabelledControls(page)).toEqual([]);
    await shot(page, "annotate-form");
    const [copy] = await Promise.all([
      page.waitForEvent("download"),
      card.getByTestId("annotate-submit").click(),
    ]);
    // Named by the day it was made (the test's fixed clock: 2026-12-08 in China).
    expect(copy.suggestedFilename()).toBe(`${typeName}-加注件-2026年12月08日.pdf`);
    const copyFile = path.join(work, "copy.pdf");
    await copy.saveAs(copyFile);
    expect(readFileSync(copyFile).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // Both in their own access log, the copy with the service item it is for.
    const copied = entry(page, "licence.annotated-copy");
    await expect.poll(() => copied.count(), { timeout: 10_000 }).toBe(1);
    expect(await copied.innerText()).toContain("事由：食品经营许可（延续）");
    expect(await entry(page, "licence.download").count()).toBe(1);
    await shot(page, "documents");
    rmSync(work, { recursive: true, force: true });
    await page.close();
  });

  it("signs out, and the spent share code does not open the page again", async () => {
    const page = await holder.open(`${base}/holder`);
    await expect.poll(() => entry(page, "materials.check").count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect.poll(() => page.locator("#sign-in").isVisible()).toBe(true);
    expect(await page.locator("#signed-out").innerText()).toContain("已退出登录");
    expect(await page.evaluate<string>("document.cookie")).not.toContain("elicence_holder_csrf=");

    await signIn(page);
    await expect
      .poll(() => page.locator("#holder-sign-in-error").innerText())
      .toContain("查询码不正确、已经用过或已过期");
    expect(await page.locator("#mine").isHidden()).toBe(true);
    await shot(page, "share-code-spent");
    await page.close();
  });
});
