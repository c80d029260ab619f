// The browser app end to end: the real server serves the built app at /ui, Debian's Chromium (driven by
// playwright-core) pastes the admin token, finds a seeded user, edits it over gRPC-web and sees the field error
// google.rpc.BadRequest carries next to the email input. The change is read back over Connect.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultUiDir } from "../../src/gateway/ui/ui-dir.js";
import { UI_CSP } from "../../src/gateway/ui/ui-static.js";
import { ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";

const CHROMIUM = "/usr/bin/chromium";
const suite = serveForSuite();
let browser: Browser;
let page: Page;
let userId: string;

// Missing prerequisites fail every test with this message (not a skip, which would pass CI without testing
// anything, and not a beforeAll error, which CI's count would not see as failed tests).
function requirePrerequisites(): void {
  const missing = [
    !existsSync(CHROMIUM) && `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`,
    !existsSync(path.join(defaultUiDir(), "index.html")) && "ui/dist is missing: `npm install` (or `npm run build:ui`) builds it",
  ].filter((m): m is string => typeof m === "string");
  if (missing.length > 0) throw new Error(missing.join("; "));
}

beforeAll(async () => {
  const added = ok(
    await suite.driver("connect").call(
      "AddHumanUser",
      {
        username: "grace.hopper",
        profile: { givenName: "Grace", familyName: "Hopper", displayName: "Grace Hopper", preferredLanguage: "en" },
        email: { email: "grace@example.com", isVerified: true },
      },
      suite.server.adminToken,
    ),
  );
  userId = added.userId as string;
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe("the browser app at /ui", () => {
  it("serves the page with its own CSP and the built assets with their content types", async () => {
    requirePrerequisites();
    for (const url of ["/ui", "/ui/"]) {
      const response = await fetch(`${suite.server.url}${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toBe(UI_CSP);
      expect(await response.text()).toContain('<form id="search-form"');
    }
    const html = await (await fetch(`${suite.server.url}/ui/`)).text();
    const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/ui\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script && style).toBeTruthy();
    const js = await fetch(`${suite.server.url}${script}`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${suite.server.url}${style}`)).headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetch(`${suite.server.url}/ui/assets/nothing-here.js`)).status).toBe(404);
  });

  it("edits a user: the sequence advances, the change round-trips, a bad email shows next to its input", async () => {
    requirePrerequisites();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.goto(`${suite.server.url}/ui`);
    await page.fill("#token", suite.server.adminToken);
    await page.click("#token-form button");
    await expect.poll(() => page.textContent("#token-state")).toBe("token set");

    await page.fill("#search", "hopper");
    await page.click("#search-form button");
    const row = page.locator(`#results tr[data-user-id="${userId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("grace@example.com");
    await row.locator("button").click();
    await page.locator("#editor").waitFor();
    expect(await page.inputValue("#givenName")).toBe("Grace");
    const before = BigInt((await page.textContent("#sequence")) ?? "");

    await page.fill("#givenName", "Amazing Grace");
    await page.click("#user-form button[type=submit]");
    await expect.poll(() => page.textContent("#save-state")).toBe("saved");
    const after = BigInt((await page.textContent("#sequence")) ?? "");
    expect(after).toBeGreaterThan(before);
    const read = ok(await suite.driver("connect").call("GetUserByID", { userId }, suite.server.adminToken));
    expect(read).toMatchObject({ user: { human: { profile: { givenName: "Amazing Grace" } } } });
    expect(BigInt((read.user as { details: { sequence: string } }).details.sequence)).toBe(after);

    await page.fill("#email", "not an email");
    await page.click("#user-form button[type=submit]");
    const emailError = page.locator('.field-error[data-for="email"]');
    await expect.poll(() => emailError.textContent()).not.toBe("");
    expect(await page.getAttribute("#email", "aria-invalid")).toBe("true");
    expect(await page.textContent('.field-error[data-for="givenName"]')).toBe("");
    expect(await page.textContent("#sequence")).toBe(after.toString()); // nothing was written
    await mkdir("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/ui.png", fullPage: true });
    // The gRPC-web call answered InvalidArgument (a console error for the failed request is Chromium's, not ours).
    expect(errors.filter((e) => !/status of 400|Failed to load resource/.test(e))).toEqual([]);
  });

  it("shows other errors plainly", async () => {
    requirePrerequisites();
    await page.fill("#token", "not-a-valid-token");
    await page.click("#token-form button");
    await page.click("#search-form button");
    await expect.poll(() => page.textContent("#search-error")).toMatch(/^Unauthenticated: /);
  });
});
