// The console end to end, first half: the real server serves the built app at /ui; Debian's Chromium (driven by
// playwright-core) signs in, creates an organisation, pages, sorts and filters the users list, creates users (first
// with field errors beside their inputs) and deletes one, checking what the server stored over Connect. Screenshots
// of each page at 1280 × 800 and 390 px wide go to test-results/. A user's own page: console-user.test.ts.
import { Code } from "@connectrpc/connect";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UI_CSP } from "../../src/gateway/ui/ui-static.js";
import { ok } from "../helpers/outcome-checks.js";
import { allDrivers } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { errorBeside, launch, openPage, requirePrerequisites, screenshots, signIn } from "./console-browser.js";

const suite = serveForSuite();
let browser: Browser | undefined;
let page: Page;
let errors: string[];
let orgId: string;
const SEEDED = 12;

beforeAll(async () => {
  const token = suite.server.adminToken;
  const orgs = allDrivers(suite.server.url, OrganizationService).find((d) => d.name === "connect")!;
  orgId = ok(await orgs.call("AddOrganization", { name: "Seeded" }, token)).organizationId as string;
  const connect = suite.driver("connect");
  // Twelve users in one organisation, one of them with metadata: enough for two pages of ten.
  for (let i = 0; i < SEEDED; i++) {
    const name = i === 0 ? "grace.hopper" : `user${String(i).padStart(2, "0")}`;
    ok(
      await connect.call(
        "AddHumanUser",
        {
          username: name,
          organization: { orgId },
          profile: { givenName: i === 0 ? "Grace" : `Given${i}`, familyName: i === 0 ? "Hopper" : "Seeded", displayName: i === 0 ? "Grace Hopper" : `User ${i}` },
          email: { email: `${name}@example.com`, isVerified: true },
          metadata: i === 0 ? [{ key: "team", value: Buffer.from("compilers").toString("base64") }] : [],
        },
        token,
      ),
    );
  }
  browser = await launch();
  if (browser) ({ page, errors } = await openPage(browser));
});

afterAll(async () => {
  await browser?.close();
});

const rows = () => page.locator("table.users tbody tr[data-user-id]");
const usernames = async () => (await rows().locator("td:first-child").allTextContents()).map((t) => t.trim());

describe("the console at /ui", () => {
  it("serves the page with its own CSP and the built assets with their content types", async () => {
    requirePrerequisites();
    for (const url of ["/ui", "/ui/"]) {
      const response = await fetch(`${suite.server.url}${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toBe(UI_CSP);
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

  it("asks for a token first and shows a wrong one's error as code and message", async () => {
    requirePrerequisites();
    await page.goto(`${suite.server.url}/ui#/users`);
    await expect.poll(() => page.title()).toBe("Sign in · User service");
    expect(await page.locator("header nav").isHidden()).toBe(true);
    await page.getByLabel("Personal access token").fill("not-a-valid-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("form.sign-in .form-status").textContent()).toMatch(/^Unauthenticated: /);
    await screenshots(page, "sign-in");
    await signIn(page, suite.server.url, suite.server.adminToken);
    await expect.poll(() => page.title()).toBe("Users · User service");
    // The token stays for a reload (sessionStorage), so the page opens without asking again.
    await page.reload();
    await page.locator("table.users").waitFor();
    expect(await page.locator("header nav").isVisible()).toBe(true);
  });

  it("lists organisations and creates one, with a field error for an empty name", async () => {
    requirePrerequisites();
    await page.getByRole("link", { name: "Organisations" }).click();
    await page.locator(`tr[data-org-id="${orgId}"]`).waitFor();
    const form = page.getByRole("form", { name: "New organisation" });
    await form.getByRole("button", { name: "Create organisation" }).click();
    await expect.poll(() => errorBeside(form.getByLabel("Name"))).toMatch(/at least 1 character/);
    expect(await form.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await form.getByLabel("Name").fill("Acme Browsers");
    await form.getByRole("button", { name: "Create organisation" }).click();
    await expect.poll(() => form.locator(".form-status").textContent()).toMatch(/^Created organisation \d+/);
    await page.locator("tr", { hasText: "Acme Browsers" }).waitFor();
    await screenshots(page, "orgs");
    // Each organisation links to its users: the seeded one has exactly the twelve.
    await page.getByRole("link", { name: "Users of Seeded" }).click();
    await expect.poll(() => page.locator(".pager .summary").textContent()).toBe(`Users 1–${SEEDED} of ${SEEDED}`);
  });

  it("pages, sorts and filters the users list", async () => {
    requirePrerequisites();
    await page.getByLabel("Page size").selectOption("10");
    await expect.poll(() => page.locator(".pager .summary").textContent()).toBe(`Users 1–10 of ${SEEDED}`);
    await page.getByLabel("Sort by").selectOption({ label: "username" });
    await page.getByLabel("Order", { exact: true }).selectOption("asc");
    await expect.poll(usernames).toEqual(["grace.hopper", ...Array.from({ length: 9 }, (_, i) => `user${String(i + 1).padStart(2, "0")}`)]);
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(usernames).toEqual(["user10", "user11"]);
    expect(await page.locator(".pager .summary").textContent()).toBe(`Users 11–12 of ${SEEDED}`);
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous" }).click();
    await expect.poll(async () => (await usernames()).length).toBe(10);
    await page.getByLabel("Order", { exact: true }).selectOption("desc");
    await expect.poll(async () => (await usernames())[0]).toBe("user11");

    const filters = page.getByRole("search", { name: "Filter users" });
    await filters.getByLabel("Display name", { exact: true }).fill("hopper");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(usernames).toEqual(["grace.hopper"]);
    await filters.getByRole("button", { name: "Clear" }).click();
    await filters.getByLabel("Username", { exact: true }).fill("user1");
    await filters.getByLabel("Username match").selectOption({ label: "starts with" });
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(usernames).toEqual(["user11", "user10"]);
    await filters.getByRole("button", { name: "Clear" }).click();
    await filters.getByLabel("Metadata key", { exact: true }).fill("team");
    await filters.getByLabel("Metadata value", { exact: true }).fill("compilers");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(usernames).toEqual(["grace.hopper"]);
    await filters.getByLabel("Metadata value match").selectOption({ label: "does not equal" });
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.locator("table.users tbody").textContent()).toBe("No users match.");
    await filters.getByRole("button", { name: "Clear" }).click();
    await filters.getByLabel("State").selectOption({ label: "locked" });
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.locator("table.users tbody").textContent()).toBe("No users match.");
    await filters.getByLabel("State").selectOption({ label: "active" });
    await filters.getByLabel("Type").selectOption({ label: "human" });
    await filters.getByLabel("Organisation").selectOption({ label: "Seeded" });
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.locator(".pager .summary").textContent()).toBe(`Users 1–10 of ${SEEDED}`);
    await screenshots(page, "users");
    await rows().first().getByRole("link").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.url()).toMatch(/#\/users\/\d+$/);
  });

  it("creates a user: field errors beside their inputs first, then the user's page", async () => {
    requirePrerequisites();
    await page.getByRole("link", { name: "New user" }).first().click();
    const form = page.getByRole("form", { name: "New user" });
    await form.getByLabel("Organisation").selectOption({ label: `Seeded (${orgId})` });
    await form.getByLabel("Email", { exact: true }).fill("not-an-email");
    await form.getByRole("button", { name: "Create user" }).click();
    for (const label of ["Given name", "Family name", "Email"]) {
      const input = form.getByLabel(label, { exact: true });
      await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
      expect(await errorBeside(input)).not.toBe("");
    }
    await screenshots(page, "new-user");
    await form.getByLabel("Given name").fill("Ada");
    await form.getByLabel("Family name").fill("Lovelace");
    await form.getByLabel("Email", { exact: true }).fill("ada@example.com");
    await form.getByLabel("Email is verified").check();
    await form.getByLabel("Username (optional)").fill("ada");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => page.url()).toMatch(/#\/users\/\d+$/);
    const userId = decodeURIComponent(page.url().split("/").at(-1)!);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Ada Lovelace");
    const read = ok(await suite.driver("connect").call("GetUserByID", { userId }, suite.server.adminToken));
    expect(read).toMatchObject({ user: { username: "ada", human: { profile: { givenName: "Ada", familyName: "Lovelace" }, email: { email: "ada@example.com", isVerified: true } }, details: { resourceOwner: orgId } } });

    // A machine user: the form switches its fields.
    await page.getByRole("link", { name: "New user" }).first().click();
    await form.getByLabel("Machine").check();
    expect(await form.getByLabel("Given name").isHidden()).toBe(true);
    await form.getByLabel("Organisation").selectOption({ label: `Seeded (${orgId})` });
    await form.getByLabel("Username (optional)").fill("build-bot");
    await form.getByLabel("Name", { exact: true }).fill("Build bot");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Build bot");
    const botId = decodeURIComponent(page.url().split("/").at(-1)!);
    expect(ok(await suite.driver("connect").call("GetUserByID", { userId: botId }, suite.server.adminToken))).toMatchObject({ user: { username: "build-bot", machine: { name: "Build bot" } } });

    // Deleting (after its confirmation) goes back to the list; the user is gone.
    await page.getByRole("form", { name: "State" }).getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete this user?" }).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.title()).toBe("Users · User service");
    expect(await suite.driver("connect").call("GetUserByID", { userId: botId }, suite.server.adminToken)).toMatchObject({ ok: false, code: Code.NotFound });
    expect(errors).toEqual([]);
  });
});
