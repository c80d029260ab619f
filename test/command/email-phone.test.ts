// SetEmail, ResendEmailCode, SendEmailCode, VerifyEmail, SetPhone, ResendPhoneCode, VerifyPhone and
// RemovePhone: given a user, this command, expect these events or this error id.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import { sendContactCode } from "../../src/command/user/contact-code.js";
import type { CodeDelivery, ContactKind } from "../../src/command/user/contact-inputs.js";
import { setContact } from "../../src/command/user/contact-set.js";
import { verifyContact } from "../../src/command/user/contact-verify.js";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import { removePhone } from "../../src/command/user/phone-remove.js";
import type { Verification } from "../../src/command/user/verification-code.js";
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

let counter = 0;
async function newUser(extra: Partial<AddHumanInput> = {}): Promise<string> {
  counter++;
  const { userId } = await f.commands.addHumanUser(f.admin, {
    username: `contact${counter}`,
    profile: { givenName: "Grace", familyName: "Hopper" },
    email: { address: `contact${counter}@example.com`, verification: { mode: "verified" } },
    metadata: [],
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

const set = (kind: ContactKind, userId: string, value: string, verification: Verification, caller = f.admin) =>
  setContact(f.deps, caller, kind, { userId, value, verification });
const resend = (kind: ContactKind, userId: string, delivery: CodeDelivery = { mode: "return" }, caller = f.admin) =>
  sendContactCode(f.deps, caller, kind, { userId, delivery }, { onlyIfPending: true });
const sendEmailCode = (userId: string, delivery: CodeDelivery = { mode: "return" }, caller = f.admin) =>
  sendContactCode(f.deps, caller, "email", { userId, delivery }, { onlyIfPending: false });
const verify = (kind: ContactKind, userId: string, code: string, caller: Principal = f.admin) => verifyContact(f.deps, caller, kind, { userId, code });
const lastEvents = async (userId: string, n: number) => (await f.eventTypes(userId)).slice(-n);
const wrongCodeFor = (code: string) => (code === "AAAAAA" ? "BBBBBB" : "AAAAAA");

describe("SetEmail", () => {
  it("changes the address and queues a sealed code with the link template", async () => {
    const userId = await newUser();
    const result = await set("email", userId, "  New@Example.com ", { mode: "send", urlTemplate: "https://x.test/verify?u={{.UserID}}&c={{.Code}}" });
    expect(result.code).toBeUndefined();
    expect(await lastEvents(userId, 2)).toEqual(["user.human.email.changed", "user.human.email.code.added"]);
    expect(result.details.sequence).toBe((await f.deps.loadUser(userId))!.sequence);
    const row = (await f.deps.loadUser(userId))!;
    expect(row).toMatchObject({ email: "New@Example.com", emailVerified: false });
    const [message] = await f.db.prisma.outbox.findMany({ where: { userId, flow: "email_verification" } });
    expect(message).toMatchObject({ channel: "email", recipient: "New@Example.com" });
    expect((message!.payload as Record<string, string>).urlTemplate).toBe("https://x.test/verify?u={{.UserID}}&c={{.Code}}");
  });

  it("answers the code instead of sending it, and marks verified without a code when told", async () => {
    const userId = await newUser();
    const returned = await set("email", userId, "returned@example.com", { mode: "return" });
    expect(returned.code).toMatch(/^[A-Z0-9]{6}$/);
    expect(await f.db.prisma.outbox.count({ where: { userId } })).toBe(0);
    await set("email", userId, "verified@example.com", { mode: "verified" });
    expect(await lastEvents(userId, 2)).toEqual(["user.human.email.changed", "user.human.email.verified"]);
    expect((await f.deps.loadUser(userId))!.codes.email).toBeUndefined();
  });

  it("refuses an unchanged address, even to mark it verified, without writing anything", async () => {
    const userId = await newUser({ email: { address: "same@example.com", verification: { mode: "send" } } });
    const before = await f.eventTypes(userId);
    expect((await errorOf(set("email", userId, "same@example.com", { mode: "send" }))).id).toBe("COMMAND-EmSame1");
    expect((await errorOf(set("email", userId, "same@example.com", { mode: "verified" }))).kind).toBe("failed_precondition");
    expect(await f.eventTypes(userId)).toEqual(before);
  });

  it("reports the address and the template at once", async () => {
    const userId = await newUser();
    const error = await errorOf(set("email", userId, "not an email", { mode: "send", urlTemplate: "{{.Secret}}" }));
    expect(error.kind).toBe("invalid_argument");
    expect(error.violations.map((v) => v.field).sort()).toEqual(["email", "send_code.url_template"]);
  });

  it("lets users set their own address to be sent a code, but not receive the code or mark it verified", async () => {
    const userId = await newUser();
    await set("email", userId, "mine@example.com", { mode: "send" }, self(userId));
    expect((await errorOf(set("email", userId, "mine2@example.com", { mode: "return" }, self(userId)))).id).toBe("COMMAND-PermUs1");
    expect((await errorOf(set("email", userId, "mine3@example.com", { mode: "verified" }, self(userId)))).id).toBe("COMMAND-PermUs1");
    expect((await errorOf(set("email", userId, "theirs@example.com", { mode: "send" }, stranger))).id).toBe("COMMAND-PermUs1");
  });

  it("answers NotFound for an unknown user", async () => {
    expect((await errorOf(set("email", "no-such-user", "a@example.com", { mode: "send" }))).id).toBe("COMMAND-UsrNf1");
  });
});

describe("ResendEmailCode and SendEmailCode", () => {
  it("refuses a resend when nothing is pending", async () => {
    const userId = await newUser();
    expect((await errorOf(resend("email", userId))).id).toBe("COMMAND-EmNoCd1");
  });

  it("replaces the pending code: the old one no longer verifies, the new one does", async () => {
    const userId = await newUser();
    const first = (await set("email", userId, "pending@example.com", { mode: "return" })).code!;
    const second = (await resend("email", userId)).code!;
    expect(await lastEvents(userId, 1)).toEqual(["user.human.email.code.added"]);
    if (first !== second) expect((await errorOf(verify("email", userId, first))).id).toBe("COMMAND-EmCode4");
    await verify("email", userId, second);
    expect((await f.deps.loadUser(userId))!.emailVerified).toBe(true);
  });

  it("sends a code for a verified address without a pending one (SendEmailCode)", async () => {
    const userId = await newUser();
    const { code } = await sendEmailCode(userId, { mode: "send", urlTemplate: "https://x.test/{{.Code}}" });
    expect(code).toBeUndefined();
    expect(await f.db.prisma.outbox.count({ where: { userId, flow: "email_verification" } })).toBe(1);
    const returned = (await sendEmailCode(userId)).code!;
    await verify("email", userId, returned);
    expect(await lastEvents(userId, 1)).toEqual(["user.human.email.verified"]);
  });

  it("lets users ask for their own code to be sent, not returned", async () => {
    const userId = await newUser({ email: { address: "own@example.com", verification: { mode: "send" } } });
    await resend("email", userId, { mode: "send" }, self(userId));
    expect((await errorOf(resend("email", userId, { mode: "return" }, self(userId)))).id).toBe("COMMAND-PermUs1");
    expect((await errorOf(sendEmailCode(userId, { mode: "send" }, stranger))).id).toBe("COMMAND-PermUs1");
  });

  it("checks the link template at request time", async () => {
    const userId = await newUser();
    const error = await errorOf(sendEmailCode(userId, { mode: "send", urlTemplate: "{{if .Code}}x{{end}}" }));
    expect(error.violations.map((v) => v.field)).toEqual(["send_code.url_template"]);
  });
});

describe.each(["email", "phone"] as const)("Verify %s", (kind) => {
  const other = kind === "email" ? "Em" : "Ph";
  async function userWithCode(): Promise<{ userId: string; code: string }> {
    const userId = await newUser();
    const value = kind === "email" ? `v${counter}@example.com` : "+41791234567";
    return { userId, code: (await set(kind, userId, value, { mode: "return" })).code! };
  }

  it("verifies with the right code, once", async () => {
    const { userId, code } = await userWithCode();
    const details = await verify(kind, userId, code, self(userId));
    expect(await lastEvents(userId, 1)).toEqual([`user.human.${kind}.verified`]);
    expect(details.sequence).toBe((await f.deps.loadUser(userId))!.sequence);
    expect((await errorOf(verify(kind, userId, code, self(userId)))).id).toBe(`COMMAND-${other}Code1`);
  });

  it("records a wrong code and voids the code after too many", async () => {
    const { userId, code } = await userWithCode();
    for (let i = 1; i <= f.deps.maxCodeAttempts; i++) {
      const error = await errorOf(verify(kind, userId, wrongCodeFor(code)));
      expect(error).toMatchObject({ kind: "invalid_argument", id: `COMMAND-${other}Code4` });
      expect(error.violations.map((v) => v.field)).toEqual(["verification_code"]);
      expect((await f.deps.loadUser(userId))!.codes[kind]!.failedAttempts).toBe(i);
    }
    expect(await lastEvents(userId, 1)).toEqual([`user.human.${kind}.verification.failed`]);
    expect((await errorOf(verify(kind, userId, code))).id).toBe(`COMMAND-${other}Code3`);
    const fresh = (await resend(kind, userId)).code!;
    await verify(kind, userId, fresh);
  });

  it("refuses an expired code", async () => {
    const { userId, code } = await userWithCode();
    f.clock.now = new Date(realNow.getTime() + CODE_LIFETIME_MS[kind === "email" ? "emailVerification" : "phoneVerification"]);
    expect((await errorOf(verify(kind, userId, code))).id).toBe(`COMMAND-${other}Code2`);
  });

  it("refuses when no code is pending", async () => {
    const userId = await newUser({ phone: { number: "+41791234567", verification: { mode: "verified" } } });
    expect((await errorOf(verify(kind, userId, "ABC123"))).id).toBe(`COMMAND-${other}Code1`);
  });

  it("refuses strangers before looking at the code, so they cannot use up its attempts", async () => {
    const { userId, code } = await userWithCode();
    const before = await f.eventTypes(userId);
    expect((await errorOf(verify(kind, userId, wrongCodeFor(code), stranger))).id).toBe("COMMAND-PermUs1");
    expect(await f.eventTypes(userId)).toEqual(before);
  });
});

describe("SetPhone, ResendPhoneCode and RemovePhone", () => {
  it("stores the number in E.164 and refuses the same number written differently", async () => {
    const userId = await newUser();
    const { code } = await set("phone", userId, "079 123 45 67", { mode: "return" });
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    expect((await f.deps.loadUser(userId))!.phone).toBe("+41791234567");
    expect((await errorOf(set("phone", userId, "+41 79 123 45 67", { mode: "send" }))).id).toBe("COMMAND-PhSame1");
    // "12" parses (+4112) and is accepted, as by ZITADEL; a single digit does not parse.
    expect((await errorOf(set("phone", userId, "7", { mode: "send" }))).violations.map((v) => v.field)).toEqual(["phone"]);
  });

  it("queues an SMS when the code is to be sent", async () => {
    const userId = await newUser();
    await set("phone", userId, "+41791234567", { mode: "send" }, self(userId));
    expect(await f.db.prisma.outbox.findMany({ where: { userId } })).toMatchObject([{ channel: "sms", flow: "phone_verification", recipient: "+41791234567" }]);
    expect(await lastEvents(userId, 2)).toEqual(["user.human.phone.changed", "user.human.phone.code.added"]);
  });

  it("marks a new number verified when told, by a manager only", async () => {
    const userId = await newUser();
    expect((await errorOf(set("phone", userId, "+41791234567", { mode: "verified" }, self(userId)))).id).toBe("COMMAND-PermUs1");
    await set("phone", userId, "+41791234567", { mode: "verified" });
    expect(await f.deps.loadUser(userId)).toMatchObject({ phone: "+41791234567", phoneVerified: true });
  });

  it("resends only while a code is pending", async () => {
    const userId = await newUser();
    expect((await errorOf(resend("phone", userId))).id).toBe("COMMAND-PhNoCd1");
    await set("phone", userId, "+41791234567", { mode: "send" });
    const { code } = await resend("phone", userId);
    await verify("phone", userId, code!);
    expect((await errorOf(resend("phone", userId))).id).toBe("COMMAND-PhNoCd1");
  });

  it("removes the phone with its pending code, then answers NotFound", async () => {
    const userId = await newUser();
    const { code } = await set("phone", userId, "+41791234567", { mode: "return" });
    const details = await removePhone(f.deps, f.admin, userId);
    expect(await lastEvents(userId, 1)).toEqual(["user.human.phone.removed"]);
    expect(details.sequence).toBe((await f.deps.loadUser(userId))!.sequence);
    expect(await f.deps.loadUser(userId)).toMatchObject({ phone: null, phoneVerified: false, codes: {} });
    expect((await errorOf(verify("phone", userId, code!))).id).toBe("COMMAND-PhCode1");
    expect(await errorOf(removePhone(f.deps, f.admin, userId))).toMatchObject({ kind: "not_found", id: "COMMAND-PhNone1" });
  });

  it("needs the manager permission to remove a phone, even one's own (as ZITADEL)", async () => {
    const userId = await newUser({ phone: { number: "+41791234567", verification: { mode: "verified" } } });
    expect((await errorOf(removePhone(f.deps, self(userId), userId))).id).toBe("COMMAND-PermUs2");
    expect((await f.deps.loadUser(userId))!.phone).toBe("+41791234567");
  });
});
