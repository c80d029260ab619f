// The account command of the other update-user APIs against a real database: one push for profile, contact and
// metadata; nothing changed → nothing pushed; users change their own attributes; what a machine user lacks;
// the default organisation's membership rule; validation listing every field at once and writing nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeAccount } from "../../src/command/user/account-change.js";
import type { AccountDeps } from "../../src/command/user/account-deps.js";
import type { AccountChangeInput } from "../../src/command/user/account-input.js";
import type { Principal } from "../../src/domain/principal.js";
import { createMembershipReader } from "../../src/query/org-memberships.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";
import { addHuman, addMachine, errorOf, member, metadataDeps, self } from "./lifecycle-helpers.js";

let f: CommandFixture;
let deps: AccountDeps;
beforeAll(async () => {
  f = await createCommandFixture();
  deps = { ...metadataDeps(f), memberships: createMembershipReader(f.db.prisma) };
});
afterAll(async () => f?.close());

const change = (caller: Principal, input: AccountChangeInput) => changeAccount(deps, caller, input);
const eventsAfter = async (userId: string, sequence: number) =>
  f.db.prisma.event.findMany({ where: { aggregateId: userId, sequence: { gt: sequence } }, orderBy: { sequence: "asc" } });

describe("changeAccount", () => {
  it("writes profile, email, phone and metadata events in one push, as the user itself", async () => {
    const userId = await addHuman(f);
    const before = (await f.deps.loadUser(userId))!.sequence;
    const details = await change(self(userId), {
      userId,
      givenName: "Joe",
      preferredLanguage: "EN-us",
      email: "joe@example.com",
      phone: "+3053032211",
      attributes: { timezone: "utc", city: "Athens" },
      settings: { theme: "dark" },
    });
    const events = await eventsAfter(userId, before);
    expect(events.map((e) => e.eventType)).toEqual([
      "user.human.profile.changed",
      "user.human.email.changed",
      "user.human.email.code.added",
      "user.human.phone.changed",
      "user.human.phone.code.added",
      "user.metadata.set",
      "user.metadata.set",
      "user.metadata.set",
    ]);
    expect(new Set(events.map((e) => e.createdAt.getTime())).size).toBe(1);
    expect(events[0]!.payload).toEqual({ givenName: "Joe", preferredLanguage: "en-US" });
    expect(details.sequence).toBe(before + events.length);
    const stored = await f.db.prisma.userMetadata.findMany({ where: { userId }, orderBy: { key: "asc" } });
    expect(stored.map((m) => [m.key, Buffer.from(m.value).toString()])).toEqual([
      ["profile.city", "Athens"],
      ["profile.timezone", "UTC"],
      ["settings.theme", '"dark"'],
    ]);
  });

  it("pushes nothing when nothing changes, and removes what is emptied", async () => {
    const userId = await addHuman(f);
    await change(self(userId), { userId, attributes: { city: "Athens" }, settings: { a: 1 } });
    const current = (await f.deps.loadUser(userId))!.sequence;
    expect((await change(self(userId), { userId, attributes: { city: "Athens", title: "" }, settings: { a: 1, b: null } })).sequence).toBe(current);
    await change(self(userId), { userId, attributes: { city: "" }, settings: { a: null } });
    expect((await eventsAfter(userId, current)).map((e) => e.eventType)).toEqual(["user.metadata.removed", "user.metadata.removed"]);
    expect(await f.db.prisma.userMetadata.count({ where: { userId } })).toBe(0);
  });

  it("refuses every invalid field at once and writes nothing", async () => {
    const userId = await addHuman(f);
    const before = (await f.deps.loadUser(userId))!.sequence;
    const error = await errorOf(
      change(self(userId), {
        userId,
        givenName: " ",
        email: "no",
        phone: "abc",
        preferredLanguage: "!!",
        password: "short",
        passwordConfirmation: "other",
        attributes: { timezone: "Nowhere", url: "ftp://x.y" },
        settings: { "": 1 },
      }),
    );
    expect(error.kind).toBe("invalid_argument");
    expect([...new Set(error.violations.map((v) => v.field))].sort()).toEqual(
      ["current_password", "email", "given_name", "password", "password_confirmation", "phone", "preferred_language", "settings.", "timezone", "url"].sort(),
    );
    expect((await f.deps.loadUser(userId))!.sequence).toBe(before);
  });

  it("lets a machine user change its attributes but not fields it does not have", async () => {
    const userId = await addMachine(f);
    await change(f.admin, { userId, attributes: { title: "Robot" } });
    const error = await errorOf(change(f.admin, { userId, givenName: "Robo", email: "r@example.com", attributes: { title: "Bot" } }));
    expect(error.violations.map((v) => [v.field, v.rule])).toEqual([
      ["given_name", "user.machine"],
      ["email", "user.machine"],
    ]);
  });

  it("refuses another user without user.write, and a default organisation the user does not belong to", async () => {
    const userId = await addHuman(f);
    const other = await addHuman(f);
    expect((await errorOf(change(self(other), { userId, attributes: { city: "X" } }))).kind).toBe("not_found");
    expect((await errorOf(change(member(f.orgId, ["ORG_OWNER_VIEWER"]), { userId, attributes: { city: "X" } }))).kind).toBe("permission_denied");
    await change(self(userId), { userId, attributes: { default_organization: f.orgId } }); // its own organisation
    const refused = await errorOf(change(self(userId), { userId, attributes: { default_organization: "elsewhere" } }));
    expect(refused.violations).toEqual([expect.objectContaining({ field: "default_organization", rule: "organization.member" })]);
  });
});
