// Debian's chromium through playwright-core for the browser tests (desk, holder: one browser, a context per person
// with its own cookie jar; the verifier page: a phone with its own profile), uncaught errors and CSP refusals collected
// so each test can expect none, and the registry harness served on a free local port for the browser to reach.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startHarness, type Harness } from "../../../registry/test/support/harness.js";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A browser with a profile of its own (the verifier page's phone); `extraArgs` after the usual ones. */
export async function launchPersistent(
  profileDir: string,
  extraArgs: string[],
  options: Omit<
    NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>,
    "executablePath" | "headless" | "args"
  >,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...extraArgs],
    ...options,
  });
}

/**
 * A registry with PKI and sealing, listening locally: on the real clock (pdfsig checks certificates against it)
 * unless `at` fixes it.
 */
export async function serveHarness(at?: Date): Promise<{ h: Harness; base: string }> {
  const h = await startHarness({ signing: true, start: at ?? new Date() });
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  return { h, base: `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}` };
}

/** Collects the page's uncaught exceptions and CSP refusals into `errors`. */
export function watchErrors(page: Page, errors: string[]): Page {
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  return page;
}

export interface Person {
  ctx: BrowserContext;
  /** Uncaught exceptions and CSP violations seen in any of this person's pages. */
  errors: string[];
  open(url: string): Promise<Page>;
}

/** Someone at a browser; `at` fixes the pages' clock (the registry's own clock is the harness's). */
export async function person(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
  at?: Date,
  timezoneId = "Asia/Shanghai",
): Promise<Person> {
  const ctx = await browser.newContext({ viewport, locale: "zh-CN", timezoneId, acceptDownloads: true });
  if (at) await ctx.clock.setFixedTime(at);
  const errors: string[] = [];
  return {
    ctx,
    errors,
    async open(url: string) {
      const page = watchErrors(await ctx.newPage(), errors);
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
