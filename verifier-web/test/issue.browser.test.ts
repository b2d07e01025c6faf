// The issuing office (/issue) in a real browser (Debian's chromium through playwright-core) against a real registry
// with PKI and sealing: an issuer signs in with the issuer key, issues a licence from the type's form (a field error
// first, then the registry's own problem on its field, then fixed), amends it, revokes it with a reason code, checks
// and imports a small CSV register and watches it reach done, and signs out. Screenshots: test-artifacts/issue/.
import "reflect-metadata";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../../test-support/tools.js";
import { auth, exampleIssue, TYPES, type Harness } from "../../registry/test/support/harness.js";
import {
  FOOD_HEADER,
  goodFoodRow,
  rowCells,
  TITLE,
  toCsv,
} from "../../registry/test/import/register-fixtures.js";
import { launch, person, serveHarness, shooter, unlabelledControls, type Person } from "./support/browser.js";
import { buildPages } from "./support/build-pages.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(HERE, "../../test-artifacts/issue");
const RUN = toolsAvailable("issuing office browser tests", "chromium");

/** A credit code no other test here uses, and a paper number of the right pattern. */
const HOLDER = { name: "海丰县红城食品有限公司", code: "91441521MA55C7TBXR" };
const LICENCE_NUMBER = "JY24415210009991";

let h: Harness;
let base: string;
let browser: Browser;
let issuer: Person;
let page: Page;
let issued: string;
let amended: string;
const shot = shooter(SHOTS);

const audit = async (action: string) =>
  (await h.store.readAudit(0, 10_000)).filter((e) => e.action === action);

async function licence(
  identifier: string,
): Promise<{ state: string; version: string; fields: Record<string, unknown> }> {
  const res = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${encodeURIComponent(identifier)}?purpose=${encodeURIComponent("发证页面测试")}`,
    headers: auth(h.key.auditor),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Fills the food licence's fields from the catalogue's example, with `override`. */
async function fillFoodFields(p: Page, override: Record<string, string> = {}): Promise<void> {
  const example = exampleIssue(h.catalogue, TYPES.food).fields as Record<string, string | string[]>;
  const values = { ...example, ...override };
  for (const [key, value] of Object.entries(values)) {
    const id = `#f-${key}`;
    if (key === "operatorCategoryNotes") {
      for (const v of value as string[])
        await p.locator(`${id} label`, { hasText: v }).locator("input").check();
    } else if (key === "operatorCategory") await p.locator(id).selectOption(value as string);
    else if (Array.isArray(value)) await p.locator(id).fill(value.join("\n"));
    else await p.locator(id).fill(value);
  }
}

describe.skipIf(!RUN)("the issuing office in chromium", () => {
  beforeAll(async () => {
    await buildPages();
    mkdirSync(SHOTS, { recursive: true });
    ({ h, base } = await serveHarness());
    browser = await launch();
    issuer = await person(browser);
    page = await issuer.open(`${base}/issue`);
  });

  afterEach(() => {
    expect(issuer.errors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("signs the issuer in with the key, keeps the key nowhere, and names the department", async () => {
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await expect.poll(() => page.locator("#sign-in").isVisible()).toBe(true);
    // A clerk key is not an issuer key.
    await page.getByLabel("发证人员密钥").fill(h.key.clerk);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect.poll(() => page.locator("#sign-in-error").innerText()).not.toBe("");
    expect(await page.getByLabel("发证人员密钥").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("发证人员密钥").fill(h.key.issuer);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect.poll(() => page.locator("#session-who").textContent()).toContain("海丰县市场监督管理局");
    expect(await page.locator("#session-idle").innerText()).toMatch(/闲置 30 分钟后自动退出/);
    const kept = await page.evaluate<string>(
      "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])",
    );
    expect(kept).not.toContain(h.key.issuer);
    expect(kept).toContain("elicence_issuer_csrf=");
    expect(kept).not.toMatch(/elicence_issuer=/);
    expect(await audit("issuer.login")).toHaveLength(1);
    await shot(page, "signed-in");
  });

  it("issues from the type's form: a field error first, then the registry's problem on its field, then issued", async () => {
    // Only the types the department may issue are offered.
    await expect.poll(() => page.locator("#issue-type option").count()).toBeGreaterThan(1);
    const offered = await page
      .locator("#issue-type option")
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(offered).toContain(TYPES.food);
    expect(offered).not.toContain(TYPES.teacher);
    await page.locator("#issue-type").selectOption(TYPES.food);
    await expect.poll(() => page.locator("#f-licenceNumber").isVisible()).toBe(true);
    // Labels from type.json; the enumeration is a select; every control is labelled.
    expect(await page.getByLabel("许可证编号").count()).toBe(1);
    expect(await page.locator("#f-operatorCategory option").allInnerTexts()).toContain("餐饮服务经营者");
    expect(await unlabelledControls(page)).toEqual([]);
    const issuesBefore = (await audit("licence.issue")).length;

    // A citizen ID number is a valid code as typed; it is the registry that says a food business is an organisation.
    const person = exampleIssue(h.catalogue, TYPES.teacher).holder.code;
    await page.getByLabel("经营者名称").fill(HOLDER.name);
    await page.locator("#holder-code").fill(person);
    await fillFoodFields(page, { licenceNumber: "JY9" });
    await page.getByRole("button", { name: "发证", exact: true }).click();
    const numberError = page.locator("#f-licenceNumber-error");
    await expect.poll(() => numberError.innerText()).toContain("格式不正确");
    expect(await page.locator("#f-licenceNumber").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-licenceNumber").getAttribute("aria-describedby")).toContain(
      "f-licenceNumber-error",
    );
    expect(await page.evaluate<string>("document.activeElement.id")).toBe("f-licenceNumber");
    expect(
      await page.locator('#issue-errors li[data-field="fields.licenceNumber"] a').getAttribute("href"),
    ).toBe("#f-licenceNumber");
    await shot(page, "issue-field-error");
    expect((await audit("licence.issue")).length).toBe(issuesBefore);

    await page.locator("#f-licenceNumber").fill(LICENCE_NUMBER);
    await page.getByRole("button", { name: "发证", exact: true }).click();
    const codeError = page.locator("#holder-code-error");
    await expect.poll(() => codeError.innerText()).not.toBe("");
    expect(await page.locator("#holder-code").getAttribute("aria-invalid")).toBe("true");
    expect(await numberError.innerText()).toBe("");
    await shot(page, "issue-server-error");

    await page.locator("#holder-code").fill(HOLDER.code);
    await page.getByRole("button", { name: "发证", exact: true }).click();
    const result = page.getByTestId("issued");
    // Issuing seals the PDF: the answer may take a few seconds.
    await expect.poll(() => result.count(), { timeout: 30_000 }).toBe(1);
    issued = (await result.getAttribute("data-identifier"))!;
    expect(await result.innerText()).toContain("食品经营许可证");
    const stored = await licence(issued);
    expect(stored).toMatchObject({ state: "01", version: "001" });
    expect(stored.fields.licenceNumber).toBe(LICENCE_NUMBER);
    expect((await audit("licence.issue")).at(-1)?.actor).toBe(
      (await h.store.readAudit(0, 10_000)).find((e) => e.action === "issuer.login")?.actor,
    );
    await shot(page, "issued");
  });

  it("finds the licence among the department's and amends it, after a confirmation", async () => {
    await page.getByRole("tab", { name: "本部门证照" }).click();
    // No purpose, no list: every licence listed shows in its holder's access log.
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await expect.poll(() => page.locator("#list-purpose-error").innerText()).toContain("请填写查询事由");
    await page.getByLabel("查询事由（必填）").fill("食品经营许可证年度监督检查");
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await expect.poll(() => page.locator("#list-rows tr").count()).toBeGreaterThan(0);
    await page.getByLabel("查找（名称、代码或证照标识）").fill("红城食品");
    await expect.poll(() => page.locator("#list-rows tr").count()).toBe(1);
    await page.locator(`#list-rows tr[data-identifier="${issued}"] button`).click();
    await expect.poll(() => page.locator("#detail").isVisible()).toBe(true);
    expect(await page.locator("#detail-facts").innerText()).toContain(HOLDER.code);
    // The sealed PDF, read with the list's purpose.
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('#detail-actions [data-action="pdf"]').click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${issued}.pdf`);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    await page.locator('#detail-actions [data-action="amend"]').click();
    await expect.poll(() => page.locator("#act-f-premises").isVisible()).toBe(true);
    expect(await page.locator("#act-f-licenceNumber").inputValue()).toBe(LICENCE_NUMBER);
    expect(await unlabelledControls(page)).toEqual([]);
    // No reason: refused on its field, nothing sent.
    await page.locator("#act-f-premises").fill("广东省汕尾市海丰县海城镇二环路 88 号");
    await page.locator("#act-submit").click();
    await expect.poll(() => page.locator("#act-reason-error").innerText()).not.toBe("");
    await page.locator("#act-reason").fill("经营场所变更");
    await page.locator("#act-submit").click();
    await expect.poll(() => page.locator("#act-confirm").isVisible()).toBe(true);
    expect(await page.locator("#act-confirm-text").innerText()).toContain(issued);
    await shot(page, "amend-confirm");
    await page.locator("#act-confirm-yes").click();
    const done = page.locator('[data-testid="action-done"][data-action="amend"]');
    await expect.poll(() => done.count(), { timeout: 30_000 }).toBe(1);
    amended = /新证照标识 (\S+?)。/.exec(await done.innerText())?.[1] ?? "";
    const after = await licence(amended);
    expect(after).toMatchObject({ state: "01", version: "002" });
    expect(after.fields.premises).toBe("广东省汕尾市海丰县海城镇二环路 88 号");
    expect(after.fields.licenceNumber).toBe(LICENCE_NUMBER);
  });

  it("revokes it with a reason code and an internal note, after a confirmation", async () => {
    await page.locator('#detail-actions [data-action="revoke"]').click();
    await expect.poll(() => page.locator("#act-reason option").count()).toBeGreaterThan(1);
    expect(await page.locator("#act-reason option").allInnerTexts()).toContain("依法吊销");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.locator("#act-reason").selectOption("revoked-by-law");
    await page.getByLabel("内部备注（选填，不公开）").fill("案卷 2026-117");
    await page.locator("#act-submit").click();
    await expect.poll(() => page.locator("#act-confirm-text").innerText()).toContain("不能撤销");
    await page.locator("#act-confirm-yes").click();
    const done = page.locator('[data-testid="action-done"][data-action="revoke"]');
    await expect.poll(() => done.count(), { timeout: 30_000 }).toBe(1);
    expect(await done.innerText()).toContain("吊销");
    expect((await licence(amended)).state).toBe("07");
    // Nothing more to do to a revoked licence.
    expect(await page.locator('#detail-actions button:not([data-action="pdf"])').count()).toBe(0);
    await shot(page, "revoked");
  });

  it("checks a small CSV register first, imports it, and the progress reaches done with its report", async () => {
    const bad = goodFoodRow(902);
    bad["统一社会信用代码"] = "91441521MA55C7BTXR";
    const csv = toCsv([
      [TITLE],
      [...FOOD_HEADER],
      rowCells(goodFoodRow(900)),
      rowCells(goodFoodRow(901)),
      rowCells(bad),
    ]);
    await page.getByRole("tab", { name: "台账导入" }).click();
    await expect.poll(() => page.locator("#import-type option").count()).toBeGreaterThan(1);
    expect(await page.locator("#import-run").isDisabled()).toBe(true);
    expect(await unlabelledControls(page)).toEqual([]);
    await page.locator("#import-type").selectOption(TYPES.food);
    await page
      .locator("#import-file")
      .setInputFiles({ name: "台账.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "预检（不入库）" }).click();
    const heading = page.locator("#import-job-heading");
    await expect.poll(() => heading.getAttribute("data-state"), { timeout: 30_000 }).toBe("done");
    expect(await heading.innerText()).toContain("预检");
    expect(await page.locator("#import-counts").innerText()).toMatch(/共 3 行：可入库 2.*有问题 1/);
    expect(await page.locator("#import-codes li").count()).toBeGreaterThan(0);
    await shot(page, "import-checked");

    await expect.poll(() => page.locator("#import-run").isEnabled()).toBe(true);
    await page.locator("#import-run").click();
    await expect.poll(() => heading.innerText()).toContain("导入");
    await expect.poll(() => heading.getAttribute("data-state"), { timeout: 60_000 }).toBe("done");
    expect(
      await page.locator("#import-progress").evaluate((p) => (p as unknown as { value: number }).value),
    ).toBe(100);
    expect(await page.locator("#import-counts").innerText()).toMatch(/本次入库 2/);
    // Then the sealing: the two stored licences wait for their PDFs until the registry seals them (serve does so in
    // the background; here the test does), and the page follows it to the end.
    const sealing = page.getByTestId("import-sealing");
    await expect.poll(() => sealing.innerText()).toMatch(/还有 2 本证照在等待生成盖章 PDF/);
    await shot(page, "import-sealing");
    expect(await h.service.sealPending()).toBe(2);
    await expect
      .poll(() => sealing.innerText(), { timeout: 20_000 })
      .toBe("盖章进度：本部门的证照均已生成盖章 PDF");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('#import-reports [data-format="csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe("台账-report.csv");
    await shot(page, "imported");
  });

  it("signs out: the session ends (audited) and nothing of the licences stays on the page", async () => {
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect.poll(() => page.locator("#sign-in").isVisible()).toBe(true);
    expect(await page.locator("#list-rows tr").count()).toBe(0);
    expect(await page.locator("#detail-facts").innerText()).toBe("");
    expect(await audit("issuer.logout")).toHaveLength(1);
    await page.reload();
    await expect.poll(() => page.locator("#sign-in").isVisible()).toBe(true);
  });
});
