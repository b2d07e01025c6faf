// Debian's chromium through playwright-core for the desk and holder browser tests: one browser, a context per person
// (clerk, holder: separate cookie jars), uncaught errors and CSP refusals collected so each test can expect none.
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface Person {
  ctx: BrowserContext;
  /** Uncaught exceptions and CSP violations seen in any of this person's pages. */
  errors: string[];
  open(url: string): Promise<Page>;
}

export async function person(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Person> {
  const ctx = await browser.newContext({
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    acceptDownloads: true,
  });
  const errors: string[] = [];
  return {
    ctx,
    errors,
    async open(url: string) {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text()))
          errors.push(m.text());
      });
      await page.goto(url);
      return page;
    },
  };
}

export function shooter(dir: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  };
}

/** Controls (inputs, selects, buttons) with no accessible name from a label, aria-label or their own text. */
export function unlabelledControls(page: Page): Promise<string[]> {
  // Evaluated in the page (a string: this file is type-checked without the DOM library).
  return page.evaluate<string[]>(`[...document.querySelectorAll("input, select, button")]
    .filter((el) => el.offsetParent !== null || el.type === "radio")
    .filter((el) => !((el.labels && [...el.labels].some((l) => l.textContent.trim())) ||
      el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent.trim())))
    .map((el) => el.id || el.outerHTML)`);
}
