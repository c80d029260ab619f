// PasswordReset and SetPassword: given a user, this command, expect these events or this error id.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import type { PasswordResetInput } from "../../src/command/user/contact-inputs.js";
import type { AddHumanInput, PasswordInput } from "../../src/command/user/inputs.js";
import { requestPasswordReset } from "../../src/command/user/password-reset.js";
import { setPassword } from "../../src/command/user/password-set.js";
import { pushUserChange } from "../../src/command/user/push-user.js";
import { UserEvent } from "../../src/command/user/user-events.js";
import { CODE_LIFETIME_MS } from "../../src/domain/secret-code.js";
import { DomainError } from "../../src/domain/errors.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";

let f: CommandFixture;
/** The fixture's clock as it starts; tests that move it forward are put back after. */
let realNow: Date;
beforeAll(async () => {
  f = await createCommandFixture();
  realNow = f.clock.now;
});
afterAll(async () => f?.close());
afterEach(() => void (f.clock.now = realNow));

const OLD = "Old!passw0rd";
const NEW = "N3w!password";

let counter = 0;
async function newUser(extra: Partial<AddHumanInput> = {}): Promise<string> {
  counter++;
  const { userId } = await f.commands.addHumanUser(f.admin, {
    username: `reset${counter}`,
    profile: { givenName: "Ada", familyName: "Lovelace" },
    email: { address: `reset${counter}@example.com`, verification: { mode: "verified" } },
    metadata: [],
    password: { plain: OLD, changeRequired: false },
    ...extra,
  });
  return userId;
}

async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const self = (userId: string): Principal => ({ userId, orgId: "org1", instanceRoles: [], orgRoles: new Map() });
const stranger = self("someone-else");

const reset = (userId: string, delivery: PasswordResetInput["delivery"] = { mode: "return" }, caller: Principal = f.admin) =>
  requestPasswordReset(f.deps, caller, { userId, delivery });
const setWith = (userId: string, password: Omit<PasswordInput, "changeRequired"> & { changeRequired?: boolean }, caller: Principal = self(userId)) =>
  setPassword(f.deps, caller, { userId, password: { changeRequired: false, ...password } });
const lastEvents = async (userId: string, n: number) => (await f.eventTypes(userId)).slice(-n);
const wrongCodeFor = (code: string) => (code === "AAAAAA" ? "BBBBBB" : "AAAAAA");
const passwordWorks = async (userId: string, plain: string) => (await f.deps.passwords.verify(plain, (await f.deps.loadUser(userId))!.passwordHash!)).ok;

describe("PasswordReset", () => {
  it("answers the code when asked, stores only its hash and sends nothing", async () => {
    const userId = await newUser();
    const { code, details } = await reset(userId);
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    expect(await lastEvents(userId, 1)).toEqual(["user.human.password.code.added"]);
    expect(details.sequence).toBe((await f.deps.loadUser(userId))!.sequence);
    const [event] = await f.db.prisma.event.findMany({ where: { aggregateId: userId, eventType: "user.human.password.code.added" } });
    expect(JSON.stringify(event!.payload)).not.toContain(code);
    expect(await f.db.prisma.outbox.count({ where: { userId } })).toBe(0);
    const pending = (await f.deps.loadUser(userId))!.codes.passwordReset!;
    expect(Date.parse(pending.expiresAt) - realNow.getTime()).toBe(CODE_LIFETIME_MS.passwordReset);
  });

  it("queues a link by email with the template, and records how it travels", async () => {
    const userId = await newUser();
    const { code } = await reset(userId, { mode: "send", channel: "email", urlTemplate: "https://x.test/reset?u={{.UserID}}&c={{.Code}}&o={{.OrgID}}" });
    expect(code).toBeUndefined();
    const [message] = await f.db.prisma.outbox.findMany({ where: { userId } });
    expect(message).toMatchObject({ channel: "email", flow: "password_reset", recipient: `reset${counter}@example.com` });
    expect(message!.payload).toMatchObject({ urlTemplate: "https://x.test/reset?u={{.UserID}}&c={{.Code}}&o={{.OrgID}}", orgId: "org1" });
    const [event] = await f.db.prisma.event.findMany({ where: { aggregateId: userId, eventType: "user.human.password.code.added" } });
    expect(event!.payload).toMatchObject({ notificationType: "email", returnCode: false });
  });

  it("sends the link by SMS to the user's phone, and refuses when there is none", async () => {
    const withoutPhone = await newUser();
    expect((await errorOf(reset(withoutPhone, { mode: "send", channel: "sms" }))).id).toBe("COMMAND-PwRst1");
    expect(await f.eventTypes(withoutPhone)).not.toContain("user.human.password.code.added");
    const withPhone = await newUser({ phone: { number: "+41791234567", verification: { mode: "verified" } } });
    await reset(withPhone, { mode: "send", channel: "sms" });
    expect(await f.db.prisma.outbox.findMany({ where: { userId: withPhone } })).toMatchObject([{ channel: "sms", flow: "password_reset", recipient: "+41791234567" }]);
  });

  it("refuses a link template that does not compile, before loading anything", async () => {
    const error = await errorOf(reset("no-such-user", { mode: "send", channel: "email", urlTemplate: "https://x.test/{{.Code" }));
    expect(error.kind).toBe("invalid_argument");
    expect(error.violations.map((v) => v.field)).toEqual(["send_link.url_template"]);
  });

  it("lets users request their own link but not receive the code; others need the permission", async () => {
    const userId = await newUser();
    await reset(userId, { mode: "send", channel: "email" }, self(userId));
    expect((await errorOf(reset(userId, { mode: "return" }, self(userId)))).id).toBe("COMMAND-PermUs1");
    expect((await errorOf(reset(userId, { mode: "send", channel: "email" }, stranger))).id).toBe("COMMAND-PermUs1");
    expect((await errorOf(reset("no-such-user"))).kind).toBe("not_found");
  });
});

describe("SetPassword with the reset code", () => {
  it("sets the password with the right code, once", async () => {
    const userId = await newUser();
    const { code } = await reset(userId);
    const details = await setWith(userId, { plain: NEW, verificationCode: code });
    expect(await lastEvents(userId, 1)).toEqual(["user.human.password.changed"]);
    expect(details.sequence).toBe((await f.deps.loadUser(userId))!.sequence);
    expect(await passwordWorks(userId, NEW)).toBe(true);
    expect((await errorOf(setWith(userId, { plain: "Th1rd!password", verificationCode: code }))).id).toBe("COMMAND-PwCode1");
  });

  it("records a wrong code and voids the code after too many", async () => {
    const userId = await newUser();
    const { code } = await reset(userId);
    for (let i = 1; i <= f.deps.maxCodeAttempts; i++) {
      const error = await errorOf(setWith(userId, { plain: NEW, verificationCode: wrongCodeFor(code!) }));
      expect(error).toMatchObject({ kind: "invalid_argument", id: "COMMAND-PwCode4" });
      expect(error.violations.map((v) => v.field)).toEqual(["verification_code"]);
    }
    expect(await lastEvents(userId, 1)).toEqual(["user.human.password.code.check.failed"]);
    expect((await errorOf(setWith(userId, { plain: NEW, verificationCode: code }))).id).toBe("COMMAND-PwCode3");
    expect(await passwordWorks(userId, OLD)).toBe(true);
  });

  it("refuses an expired code", async () => {
    const userId = await newUser();
    const { code } = await reset(userId);
    f.clock.now = new Date(realNow.getTime() + CODE_LIFETIME_MS.passwordReset);
    expect((await errorOf(setWith(userId, { plain: NEW, verificationCode: code }))).id).toBe("COMMAND-PwCode2");
  });

  it("refuses when no reset was requested", async () => {
    const userId = await newUser();
    expect((await errorOf(setWith(userId, { plain: NEW, verificationCode: "ABC123" }))).id).toBe("COMMAND-PwCode1");
  });

  it("accepts only the newest code after a second request", async () => {
    const userId = await newUser();
    const first = (await reset(userId)).code!;
    const second = (await reset(userId)).code!;
    if (first !== second) expect((await errorOf(setWith(userId, { plain: NEW, verificationCode: first }))).id).toBe("COMMAND-PwCode4");
    await setWith(userId, { plain: NEW, verificationCode: second });
  });
});

describe("SetPassword with the current password", () => {
  it("changes the password and keeps change_required as asked", async () => {
    const userId = await newUser();
    await setWith(userId, { plain: NEW, currentPassword: OLD, changeRequired: true });
    expect(await f.deps.loadUser(userId)).toMatchObject({ passwordChangeRequired: true, failedPasswordAttempts: 0 });
    expect(await passwordWorks(userId, NEW)).toBe(true);
  });

  it("records a wrong current password as a failed check", async () => {
    const userId = await newUser();
    const error = await errorOf(setWith(userId, { plain: NEW, currentPassword: "Wr0ng!pass" }));
    expect(error).toMatchObject({ kind: "invalid_argument", id: "COMMAND-PwWrong" });
    expect(error.violations.map((v) => v.field)).toEqual(["current_password"]);
    expect(await lastEvents(userId, 1)).toEqual(["user.human.password.check.failed"]);
    expect((await f.deps.loadUser(userId))!.failedPasswordAttempts).toBe(1);
  });

  it("refuses the current password as the new one, a user without password, and a locked user", async () => {
    const userId = await newUser();
    expect((await errorOf(setWith(userId, { plain: OLD, currentPassword: OLD }))).id).toBe("COMMAND-PwSame1");
    const without = await newUser({ password: undefined });
    expect((await errorOf(setWith(without, { plain: NEW, currentPassword: OLD }))).id).toBe("COMMAND-PwNone1");
    const row = (await f.deps.loadUser(userId))!;
    await pushUserChange(f.deps, f.admin, { row, events: [{ type: UserEvent.locked, payload: {} }] });
    expect((await errorOf(setWith(userId, { plain: NEW, currentPassword: OLD }))).id).toBe("COMMAND-PwLock1");
  });
});

describe("SetPassword rules shared with UpdateHumanUser", () => {
  it("needs the credential permission to set a password without proof, even for oneself", async () => {
    const userId = await newUser();
    expect((await errorOf(setWith(userId, { plain: NEW }))).id).toBe("COMMAND-PermPw1");
    await setWith(userId, { plain: NEW, changeRequired: true }, f.admin);
    expect(await f.deps.loadUser(userId)).toMatchObject({ passwordChangeRequired: true });
    expect(await passwordWorks(userId, NEW)).toBe(true);
  });

  it("refuses others without the permission even with a proof", async () => {
    const userId = await newUser();
    expect((await errorOf(setWith(userId, { plain: NEW, currentPassword: OLD }, stranger))).id).toBe("COMMAND-PermUs1");
  });

  it("checks complexity on the new password with the request's field path", async () => {
    const userId = await newUser();
    const error = await errorOf(setWith(userId, { plain: "short", currentPassword: OLD }));
    expect(error.kind).toBe("invalid_argument");
    expect(new Set(error.violations.map((v) => v.field))).toEqual(new Set(["new_password.password"]));
  });
});
