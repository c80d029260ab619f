// What the console's browser tests share: Debian's Chromium driven by playwright-core (never a downloaded
// browser), a check that it and the built app exist, signing in with a token, and screenshots of a page at
// 1280 × 800 and on a 390-pixel-wide phone under test-results/ (test output, gitignored).
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { defaultUiDir } from "../../src/gateway/ui/ui-dir.js";

export const CHROMIUM = "/usr/bin/chromium";
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

// Missing prerequisites fail every test with this message (not a skip, which would pass CI without testing
// anything, and not a beforeAll error, which CI's count would not see as failed tests).
export function requirePrerequisites(): void {
  const missing = [
    !existsSync(CHROMIUM) && `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`,
    !existsSync(path.join(defaultUiDir(), "index.html")) && "ui/dist is missing: `npm install` (or `npm run build:ui`) builds it",
  ].filter((m): m is string => typeof m === "string");
  if (missing.length > 0) throw new Error(missing.join("; "));
}

export async function launch(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
}

/** A page at desktop size that records script errors (failed requests are the browser's own noise, not ours). */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: DESKTOP });
  // A missing element fails in seconds, within the test's own timeout, with the locator in the message.
  page.setDefaultTimeout(5_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource|status of [45]\d\d/.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

export async function signIn(page: Page, baseUrl: string, token: string, hash = "#/users"): Promise<void> {
  await page.goto(`${baseUrl}/ui${hash}`);
  await page.getByLabel("Personal access token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("header nav").waitFor();
}

/** Saves the page at both sizes: test-results/console-<name>-desktop.png and -phone.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir("test-results", { recursive: true });
  await page.screenshot({ path: `test-results/console-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  // The phone layout has no horizontal scrolling: everything fits in 390 pixels.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: `test-results/console-${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** The error shown beside an input: the text of the element its aria-describedby names ("" when none). */
export async function errorBeside(input: Locator): Promise<string> {
  const id = await input.getAttribute("aria-describedby");
  if (!id) return "";
  return (await input.page().locator(`#${id}`).textContent()) ?? "";
}
