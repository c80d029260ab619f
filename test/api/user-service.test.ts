// AddHumanUser, GetUserByID and UpdateHumanUser over gRPC, gRPC-web, Connect JSON and REST against a
// real server and database: every protocol must give the same outcome and the same bookkeeping.
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { expectError as expectErrorOn, ok } from "../helpers/outcome-checks.js";
import { type Driver, type JsonObject, type Outcome } from "../helpers/protocols.js";

const suite = serveForSuite();


const expectError = (outcome: Outcome, driver: Driver, code: Code) => expectErrorOn(outcome, driver.name, code);

const human = (tag: string, extra: JsonObject = {}): JsonObject => ({
  username: `ada.${tag}`,
  profile: { givenName: "Ada", familyName: "Lovelace", preferredLanguage: "en" },
  email: { email: `ada.${tag}@example.com`, returnCode: {} },
  ...extra,
});

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const driver = () => suite.drivers.find((d) => d.name === protocol)!;
  const call = (method: string, request: JsonObject, token: string | null = suite.server.adminToken) =>
    driver().call(method, request, token ?? undefined);
  let userId: string;
  let created: JsonObject;

  it("creates a human user and answers its id, details and the email code", async () => {
    created = ok(await call("AddHumanUser", human(protocol)));
    userId = String(created.userId);
    expect(userId).toMatch(/^\d{15,20}$/);
    const details = created.details as JsonObject;
    expect(details.sequence).toBe("2"); // user added, email code added
    expect(details.resourceOwner).toMatch(/^\d+$/);
    expect(details.changeDate).toBe(details.creationDate);
    expect(created.emailCode).toMatch(/^[A-Z0-9]{6}$/);
  });

  it("reads the user back as ZITADEL's User message", async () => {
    const got = ok(await call("GetUserByID", { userId }));
    const user = got.user as JsonObject;
    expect(user.userId).toBe(userId);
    expect(user.state).toBe("USER_STATE_ACTIVE");
    expect(user.username).toBe(`ada.${protocol}`);
    expect(user.loginNames).toEqual([`ada.${protocol}`]);
    const h = user.human as JsonObject;
    expect(h.profile).toMatchObject({ givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace", preferredLanguage: "en" });
    expect(h.email).toEqual({ email: `ada.${protocol}@example.com` });
    expect((got.details as JsonObject).sequence).toBe("2");
  });

  it("changes only what differs and advances sequence and change date", async () => {
    const before = created.details as JsonObject;
    const changed = ok(await call("UpdateHumanUser", { userId, profile: { givenName: "Ada", familyName: "King", nickName: "countess" } }));
    const details = changed.details as JsonObject;
    expect(details.sequence).toBe("3");
    expect(details.creationDate).toBe(before.creationDate);
    expect(Date.parse(String(details.changeDate))).toBeGreaterThanOrEqual(Date.parse(String(before.changeDate)));
    const user = ok(await call("GetUserByID", { userId })).user as JsonObject;
    expect((user.human as JsonObject).profile).toMatchObject({ givenName: "Ada", familyName: "King", nickName: "countess" });
  });

  it("writes no event when nothing changes and answers the current details", async () => {
    const current = ok(await call("GetUserByID", { userId })).details as JsonObject;
    const same = ok(await call("UpdateHumanUser", { userId, username: `ada.${protocol}`, profile: { givenName: "Ada", familyName: "King" } }));
    expect(same.details).toMatchObject({ sequence: current.sequence, changeDate: current.changeDate });
  });

  it("answers a new email's code when asked and marks it verified when told", async () => {
    const returned = ok(await call("UpdateHumanUser", { userId, email: { email: `king.${protocol}@example.com`, returnCode: {} } }));
    expect(returned.emailCode).toMatch(/^[A-Z0-9]{6}$/);
    const verified = ok(await call("UpdateHumanUser", { userId, email: { email: `king.${protocol}@example.com`, isVerified: true } }));
    expect(verified.emailCode).toBeUndefined();
    const user = ok(await call("GetUserByID", { userId })).user as JsonObject;
    expect((user.human as JsonObject).email).toEqual({ email: `king.${protocol}@example.com`, isVerified: true });
  });

  it("normalises a phone to E.164, and an empty phone removes it", async () => {
    ok(await call("UpdateHumanUser", { userId, phone: { phone: "079 123 45 67", isVerified: true } }));
    let user = ok(await call("GetUserByID", { userId })).user as JsonObject;
    expect((user.human as JsonObject).phone).toEqual({ phone: "+41791234567", isVerified: true });
    ok(await call("UpdateHumanUser", { userId, phone: { phone: "" } }));
    user = ok(await call("GetUserByID", { userId })).user as JsonObject;
    expect((user.human as JsonObject).phone ?? {}).toEqual({});
  });

  it("sets a password, then changes it only with the right current password", async () => {
    ok(await call("UpdateHumanUser", { userId, password: { password: { password: "Secr3t!pass" } } }));
    const wrong = expectError(
      await call("UpdateHumanUser", { userId, password: { password: { password: "N3w!password" }, currentPassword: "nope-Nope1!" } }),
      driver(),
      Code.InvalidArgument,
    );
    expect(wrong.violations.map((v) => v.field)).toContain("password.current_password");
    ok(await call("UpdateHumanUser", { userId, password: { password: { password: "N3w!password" }, currentPassword: "Secr3t!pass" } }));
    const user = ok(await call("GetUserByID", { userId })).user as JsonObject;
    expect((user.human as JsonObject).passwordChanged).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("reports every violated field at once", async () => {
    const outcome = expectError(
      await call("AddHumanUser", {
        profile: { givenName: "", familyName: "X", preferredLanguage: "much-too-long-tag" },
        email: { email: "not an email" },
      }),
      driver(),
      Code.InvalidArgument,
    );
    const fields = outcome.violations.map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(["profile.given_name", "profile.preferred_language", "email.email"]));
  });

  it("refuses a gender outside zitadel.user.v2.Gender (enums are open on the wire) and keeps the stored one", async () => {
    ok(await call("UpdateHumanUser", { userId, profile: { givenName: "Ada", familyName: "Lovelace", gender: "GENDER_FEMALE" } }));
    const before = ok(await call("GetUserByID", { userId })).user as JsonObject;
    for (const gender of [99, -1]) {
      const update = expectError(await call("UpdateHumanUser", { userId, profile: { givenName: "Ada", familyName: "Lovelace", gender } }), driver(), Code.InvalidArgument);
      expect(update.violations.map((v) => v.field)).toEqual(["profile.gender"]);
      const add = expectError(await call("AddHumanUser", human(`${protocol}.gender${gender}`, { profile: { givenName: "A", familyName: "B", gender } })), driver(), Code.InvalidArgument);
      expect(add.violations.map((v) => v.field)).toEqual(["profile.gender"]);
    }
    const after = ok(await call("GetUserByID", { userId })).user as JsonObject;
    expect(after).toEqual(before);
    expect((after.human as { profile: JsonObject }).profile.gender).toBe("GENDER_FEMALE");
  });

  it("refuses a weak password with one violation per rule", async () => {
    const outcome = expectError(
      await call("UpdateHumanUser", { userId, password: { password: { password: "short" } } }),
      driver(),
      Code.InvalidArgument,
    );
    expect(outcome.violations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(outcome.violations.map((v) => v.field))).toEqual(new Set(["password.password.password"]));
  });

  it("refuses a taken username case-insensitively", async () => {
    const outcome = expectError(await call("AddHumanUser", human(`${protocol}-dup`, { username: `ADA.${protocol.toUpperCase()}` })), driver(), Code.AlreadyExists);
    expect(outcome.message).toMatch(/\(COMMAND-TakenUn1\)$/);
  });

  it("answers NotFound for an unknown user", async () => {
    expectError(await call("GetUserByID", { userId: "123" }), driver(), Code.NotFound);
    expectError(await call("UpdateHumanUser", { userId: "123", profile: { givenName: "a", familyName: "b" } }), driver(), Code.NotFound);
  });

  it("answers InvalidArgument for a value the database cannot hold (a NUL character)", async () => {
    expectError(await call("GetUserByID", { userId: "12\u00003" }), driver(), Code.InvalidArgument);
    expectError(await call("UpdateHumanUser", { userId, profile: { givenName: "Nul\u0000", familyName: "X" } }), driver(), Code.InvalidArgument);
  });

  it("answers Unauthenticated without a valid token", async () => {
    expectError(await call("GetUserByID", { userId }, null), driver(), Code.Unauthenticated);
    expectError(await call("GetUserByID", { userId }, "not-a-real-token"), driver(), Code.Unauthenticated);
  });
});
