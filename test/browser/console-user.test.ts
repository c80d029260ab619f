// The console end to end, second half: a user's page in Debian's Chromium. It edits the profile, email, phone and
// password (field errors beside their inputs for bad values), locks, unlocks, deactivates and reactivates after a
// confirmation dialog (Escape cancels), adds, edits and removes metadata, pages the history, and its live list shows
// a change another client made — also across a server restart, resuming from its last position: nothing missed,
// nothing repeated. Every change is read back over Connect. Screenshots at 1280 × 800 and 390 px wide go to
// test-results/.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { ok } from "../helpers/outcome-checks.js";
import { allDrivers, type Driver } from "../helpers/protocols.js";
import { errorBeside, launch, openPage, requirePrerequisites, screenshots, signIn } from "./console-browser.js";

let server: TestServer;
let connect: Driver;
let browser: Browser | undefined;
let page: Page;
let errors: string[];
let userId: string;

const call = async (method: string, request: Record<string, unknown>) => ok(await connect.call(method, request as never, server.adminToken));
const readUser = async () => (await call("GetUserByID", { userId })).user as Record<string, any>;

beforeAll(async () => {
  server = await startTestServer({ env: { FEED_HEARTBEAT_MS: "1000" } });
  connect = allDrivers(server.url).find((d) => d.name === "connect")!;
  const added = await call("AddHumanUser", {
    username: "linus",
    profile: { givenName: "Linus", familyName: "Torvalds", displayName: "Linus Torvalds", preferredLanguage: "en" },
    email: { email: "linus@example.com", isVerified: true },
  });
  userId = added.userId as string;
  browser = await launch();
  if (browser) ({ page, errors } = await openPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.drop();
});

const form = (name: string) => page.getByRole("form", { name, exact: true });
const statusOf = (name: string) => form(name).locator(".form-status");
const liveEntries = () => page.locator("ol.live li.change");

describe("a user's page in the console", () => {
  it("edits the profile, email, phone and password, with field errors beside their inputs", async () => {
    requirePrerequisites();
    await signIn(page, server.url, server.adminToken, `#/users/${userId}`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Linus Torvalds");
    await expect.poll(() => page.locator(".live-state").getAttribute("data-state")).toBe("live");

    const profile = form("Profile");
    expect(await profile.getByLabel("Given name").inputValue()).toBe("Linus");
    await profile.getByLabel("Given name").fill("Linus B.");
    await profile.getByLabel("Nickname").fill("lt");
    await profile.getByLabel("Gender").selectOption({ label: "male" });
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => statusOf("Profile").textContent()).toBe("Profile saved");
    expect((await readUser()).human.profile).toMatchObject({ givenName: "Linus B.", nickName: "lt", gender: "GENDER_MALE", familyName: "Torvalds" });
    await profile.getByLabel("Username").fill("");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => errorBeside(profile.getByLabel("Username"))).toMatch(/at least 1 character/);
    expect(await profile.getByLabel("Username").getAttribute("aria-invalid")).toBe("true");
    expect(await profile.getByLabel("Username").evaluate((e) => e === document.activeElement)).toBe(true);
    await profile.getByLabel("Username").fill("linus");

    const email = form("Email");
    await email.getByLabel("Email address").fill("not an email");
    await email.getByRole("button", { name: "Save email" }).click();
    await expect.poll(() => errorBeside(email.getByLabel("Email address"))).toMatch(/email/);
    await email.getByLabel("Email address").fill("linus@kernel.example");
    await email.getByLabel("Verification").selectOption({ label: "mark as verified" });
    await email.getByRole("button", { name: "Save email" }).click();
    await expect.poll(() => statusOf("Email").textContent()).toBe("Email saved");
    expect((await readUser()).human.email).toEqual({ email: "linus@kernel.example", isVerified: true });
    expect(await errorBeside(email.getByLabel("Email address"))).toBe("");

    const phone = form("Phone");
    await phone.getByLabel("Phone number").fill("12ab");
    await phone.getByRole("button", { name: "Save phone" }).click();
    await expect.poll(() => errorBeside(phone.getByLabel("Phone number"))).not.toBe("");
    await phone.getByLabel("Phone number").fill("+41791234567");
    await phone.getByLabel("Verification").selectOption({ label: "show the code here" });
    await phone.getByRole("button", { name: "Save phone" }).click();
    await expect.poll(() => statusOf("Phone").textContent()).toMatch(/^Phone saved; verification code \w+$/);
    expect((await readUser()).human.phone).toEqual({ phone: "+41791234567" });
    await phone.getByRole("button", { name: "Resend code" }).click();
    await expect.poll(() => statusOf("Phone").textContent()).toBe("Code sent again");

    const password = form("Set password");
    await password.getByLabel("New password").fill("short");
    await password.getByRole("button", { name: "Set password" }).click();
    await expect.poll(() => errorBeside(password.getByLabel("New password"))).not.toBe("");
    await password.getByLabel("New password").fill("Str0ng!Passw0rd");
    await password.getByLabel("Must change it at next sign-in").check();
    await password.getByRole("button", { name: "Set password" }).click();
    await expect.poll(() => statusOf("Set password").textContent()).toBe("Password set");
    expect((await readUser()).human.passwordChangeRequired).toBe(true);
    await form("Reset password").getByLabel("Reset").selectOption({ label: "show the code here" });
    await form("Reset password").getByRole("button", { name: "Request password reset" }).click();
    await expect.poll(() => statusOf("Reset password").textContent()).toMatch(/^Reset code \w+$/);
    await screenshots(page, "user");
  });

  it("locks, unlocks, deactivates and reactivates only after confirmation; Escape cancels", async () => {
    requirePrerequisites();
    const state = page.locator(".facts [data-state]");
    await form("State").getByRole("button", { name: "Lock", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Lock this user?" });
    await dialog.waitFor();
    expect(await dialog.getByRole("button", { name: "Cancel" }).evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await readUser()).state).toBe("USER_STATE_ACTIVE");
    expect(await form("State").getByRole("button", { name: "Lock", exact: true }).evaluate((e) => e === document.activeElement)).toBe(true);

    await page.keyboard.press("Enter"); // the focused Lock button opens the dialog again
    await dialog.waitFor();
    await screenshots(page, "confirm");
    await dialog.getByRole("button", { name: "Lock", exact: true }).click();
    await expect.poll(() => state.getAttribute("data-state")).toBe("locked");
    expect((await readUser()).state).toBe("USER_STATE_LOCKED");
    expect(await form("State").getByRole("button", { name: "Lock", exact: true }).isHidden()).toBe(true);
    await form("State").getByRole("button", { name: "Unlock", exact: true }).click();
    await page.getByRole("dialog", { name: "Unlock this user?" }).getByRole("button", { name: "Unlock", exact: true }).click();
    await expect.poll(() => state.getAttribute("data-state")).toBe("active");
    expect((await readUser()).state).toBe("USER_STATE_ACTIVE");

    await form("State").getByRole("button", { name: "Deactivate", exact: true }).click();
    await page.getByRole("dialog", { name: "Deactivate this user?" }).getByRole("button", { name: "Deactivate" }).click();
    await expect.poll(() => state.getAttribute("data-state")).toBe("inactive");
    expect((await readUser()).state).toBe("USER_STATE_INACTIVE");
    await form("State").getByRole("button", { name: "Reactivate", exact: true }).click();
    await page.getByRole("dialog", { name: "Reactivate this user?" }).getByRole("button", { name: "Reactivate" }).click();
    await expect.poll(() => state.getAttribute("data-state")).toBe("active");
    expect((await readUser()).state).toBe("USER_STATE_ACTIVE");
  });

  it("adds, edits and removes metadata", async () => {
    requirePrerequisites();
    const metadata = form("Set metadata");
    const row = page.locator('table.metadata tr[data-key="team"]');
    const stored = async () => ((await call("ListUserMetadata", { userId })).metadata as { key: string; value: string }[] | undefined) ?? [];
    await metadata.getByLabel("Key").fill("team");
    await metadata.getByLabel("Value", { exact: true }).fill("kernel");
    await metadata.getByRole("button", { name: "Save metadata" }).click();
    await expect.poll(() => row.locator("td").nth(1).textContent()).toBe("kernel");

    await row.getByRole("button", { name: "Edit team" }).click();
    expect(await metadata.getByLabel("Key").inputValue()).toBe("team");
    await metadata.getByLabel("Value", { exact: true }).fill("%%%");
    await metadata.getByLabel("Value is").selectOption("base64");
    await metadata.getByRole("button", { name: "Save metadata" }).click();
    await expect.poll(() => errorBeside(metadata.getByLabel("Value", { exact: true }))).toBe("is not base64");
    await metadata.getByLabel("Value", { exact: true }).fill(Buffer.from("git").toString("base64"));
    await metadata.getByRole("button", { name: "Save metadata" }).click();
    await expect.poll(() => row.locator("td").nth(1).textContent()).toBe("git");
    expect(await stored()).toMatchObject([{ key: "team", value: Buffer.from("git").toString("base64") }]);

    await metadata.getByLabel("Value is").selectOption("text");
    await metadata.getByLabel("Value", { exact: true }).fill("orphan");
    await metadata.getByRole("button", { name: "Save metadata" }).click();
    await expect.poll(() => errorBeside(metadata.getByLabel("Key"))).toMatch(/at least 1 character/);

    await row.getByRole("button", { name: "Remove team" }).click();
    await row.waitFor({ state: "detached" });
    expect(await stored()).toEqual([]);
  });

  it("pages the history, newest or oldest first", async () => {
    requirePrerequisites();
    const history = page.locator("ol.history li.change");
    const types = () => history.evaluateAll((items) => items.map((i) => i.getAttribute("data-event-type")));
    await expect.poll(async () => (await types())[0]).toBe("user.metadata.removed");
    expect(await types()).toContain("user.metadata.set");
    await expect.poll(() => page.locator("ol.history + .pager .summary").textContent()).toMatch(/^Page 1 of [2-9] · \d+ changes$/);
    const sequences = () => history.evaluateAll((items) => items.map((i) => Number(i.getAttribute("data-sequence"))));
    const firstPage = await sequences();
    expect(firstPage).toHaveLength(10);
    expect(await types()).toEqual(expect.arrayContaining(["user.deactivated", "user.reactivated"]));
    await page.getByRole("button", { name: "Older" }).click();
    await expect.poll(() => page.locator("ol.history + .pager .summary").textContent()).toMatch(/^Page 2 of /);
    // The next page goes on below the first, newest first, without overlap.
    const secondPage = await sequences();
    expect(secondPage[0]).toBe(firstPage.at(-1)! - 1);
    expect(secondPage).toEqual([...secondPage].sort((a, b) => b - a));
    await page.getByRole("button", { name: "Newer" }).click();
    await expect.poll(() => page.locator("ol.history + .pager .summary").textContent()).toMatch(/^Page 1 of /);
    await page.locator("section.card", { hasText: "History" }).getByLabel("Order").selectOption({ label: "oldest first" });
    await expect.poll(async () => (await types())[0]).toBe("user.human.added");
    expect(await history.first().locator("dl.fields").textContent()).toContain("Linus");
  });

  it("lists a change another client makes, and after a server restart resumes from its last position", async () => {
    requirePrerequisites();
    // Record every state the live list passes through, to see it reconnect.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { liveStates: string[] }).liveStates = []);
      const state = document.querySelector(".live-state")!;
      new MutationObserver(() => seen.push(state.getAttribute("data-state") ?? "")).observe(state, { attributes: true });
    });
    const entriesWith = (text: string) => liveEntries().filter({ hasText: text });
    await call("UpdateHumanUser", { userId, profile: { givenName: "Linus", familyName: "Torvalds", nickName: "from-another-client" } });
    await expect.poll(() => entriesWith("from-another-client").count()).toBe(1);
    // The summary follows changes made elsewhere.
    const sequence = String((await readUser()).details.sequence);
    await expect.poll(() => page.locator(".facts .sequence").textContent()).toBe(sequence);
    const before = await liveEntries().count();

    server = await server.restart({ samePort: true });
    // Made as soon as the server is back, likely before the page reconnects: the resumed stream must bring it.
    await call("UpdateHumanUser", { userId, profile: { givenName: "Linus", familyName: "Torvalds", nickName: "after-restart" } });
    await expect.poll(() => entriesWith("after-restart").count(), { timeout: 20_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { liveStates: string[] }).liveStates)).toContain("reconnecting");
    expect(await liveEntries().count()).toBe(before + 1);
    expect(await entriesWith("from-another-client").count()).toBe(1);

    await page.getByRole("link", { name: "Live changes" }).click();
    await expect.poll(() => page.locator(".live-state").getAttribute("data-state")).toBe("live");
    await call("LockUser", { userId });
    const locked = page.locator('ol.live li[data-event-type="user.locked"]');
    await locked.waitFor();
    expect(await locked.getByRole("link").getAttribute("href")).toBe(`#/users/${userId}`);
    await screenshots(page, "changes");
    expect(errors).toEqual([]);
  }, 60_000);
});
