// The email, phone and password RPCs over gRPC, gRPC-web, Connect JSON and REST against a real server:
// the same outcomes, error codes and bookkeeping on every protocol, calling as the administrator and as
// the user itself (self-service).
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError as expectErrorOn, ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { type JsonObject, type Outcome } from "../helpers/protocols.js";
import { issueUserToken } from "../helpers/user-token.js";

const suite = serveForSuite();


const OLD = "Old!passw0rd";
const NEW = "N3w!password";

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const driver = () => suite.drivers.find((d) => d.name === protocol)!;
  const call = (method: string, request: JsonObject, token: string = suite.server.adminToken) => driver().call(method, request, token);

  const expectError = (outcome: Outcome, code: Code, errorId?: string) => expectErrorOn(outcome, protocol, code, errorId);
  const sequenceOf = (json: JsonObject) => Number((json.details as JsonObject).sequence);
  const codeOf = (json: JsonObject) => String(json.verificationCode);
  const human = async (id: string) => (ok(await call("GetUserByID", { userId: id })).user as JsonObject).human as JsonObject;

  let userId: string;
  let selfToken: string;
  let orgId: string;

  beforeAll(async () => {
    const added = ok(
      await call("AddHumanUser", {
        username: `contact.${protocol}`,
        profile: { givenName: "Grace", familyName: "Hopper" },
        email: { email: `grace.${protocol}@example.com`, isVerified: true },
        password: { password: OLD },
      }),
    );
    userId = String(added.userId);
    orgId = String((added.details as JsonObject).resourceOwner);
    selfToken = await issueUserToken(suite.server, userId);
  });

  it("SetEmail answers the code when asked; VerifyEmail takes it once", async () => {
    const before = sequenceOf(ok(await call("GetUserByID", { userId })));
    const set = ok(await call("SetEmail", { userId, email: `new.${protocol}@example.com`, returnCode: {} }));
    expect(set.verificationCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(set.details).toMatchObject({ sequence: String(before + 2), resourceOwner: orgId });
    expect((await human(userId)).email).toEqual({ email: `new.${protocol}@example.com` });

    const verified = ok(await call("VerifyEmail", { userId, verificationCode: codeOf(set) }, selfToken));
    expect(verified.details).toMatchObject({ sequence: String(before + 3), resourceOwner: orgId });
    expect((await human(userId)).email).toEqual({ email: `new.${protocol}@example.com`, isVerified: true });
    expectError(await call("VerifyEmail", { userId, verificationCode: codeOf(set) }, selfToken), Code.FailedPrecondition, "COMMAND-EmCode1");
  });

  it("SetEmail refuses an unchanged address, a malformed one, and a returned code to the user itself", async () => {
    expectError(await call("SetEmail", { userId, email: `new.${protocol}@example.com` }), Code.FailedPrecondition, "COMMAND-EmSame1");
    expectError(await call("SetEmail", { userId, email: "not an email" }), Code.InvalidArgument);
    const bad = expectError(
      await call("SetEmail", { userId, email: `t.${protocol}@example.com`, sendCode: { urlTemplate: "{{.Nope}}" } }),
      Code.InvalidArgument,
    );
    expect(bad.violations.map((v) => v.field)).toEqual(["send_code.url_template"]);
    expectError(await call("SetEmail", { userId, email: `t.${protocol}@example.com`, returnCode: {} }, selfToken), Code.NotFound, "COMMAND-PermUs1");
    expectError(await call("SetEmail", { userId: "123", email: "x@example.com" }), Code.NotFound);
  });

  it("ResendEmailCode needs a pending code; SendEmailCode does not; a wrong code is InvalidArgument", async () => {
    expectError(await call("ResendEmailCode", { userId, returnCode: {} }), Code.FailedPrecondition, "COMMAND-EmNoCd1");
    ok(await call("SendEmailCode", { userId, sendCode: { urlTemplate: "https://x.test/{{.UserID}}/{{.Code}}" } }, selfToken));
    const sent = ok(await call("SendEmailCode", { userId, returnCode: {} }));
    expect(sent.verificationCode).toMatch(/^[A-Z0-9]{6}$/);
    const resent = ok(await call("ResendEmailCode", { userId, returnCode: {} }));
    expect(sequenceOf(resent)).toBe(sequenceOf(sent) + 1);
    const wrong = expectError(
      await call("VerifyEmail", { userId, verificationCode: codeOf(resent) === "AAAAAA" ? "BBBBBB" : "AAAAAA" }, selfToken),
      Code.InvalidArgument,
      "COMMAND-EmCode4",
    );
    expect(wrong.violations.map((v) => v.field)).toEqual(["verification_code"]);
    ok(await call("VerifyEmail", { userId, verificationCode: codeOf(resent) }, selfToken));
  });

  it("SetPhone normalises the number; VerifyPhone, ResendPhoneCode and RemovePhone follow it", async () => {
    const set = ok(await call("SetPhone", { userId, phone: "079 123 45 67", returnCode: {} }));
    expect(set.verificationCode).toMatch(/^[A-Z0-9]{6}$/);
    expect((await human(userId)).phone).toEqual({ phone: "+41791234567" });
    expectError(await call("SetPhone", { userId, phone: "+41 79 123 45 67" }), Code.FailedPrecondition, "COMMAND-PhSame1");
    expectError(await call("VerifyPhone", { userId, verificationCode: codeOf(set) === "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ" }, selfToken), Code.InvalidArgument);

    const resent = ok(await call("ResendPhoneCode", { userId, returnCode: {} }));
    const verified = ok(await call("VerifyPhone", { userId, verificationCode: codeOf(resent) }, selfToken));
    expect(sequenceOf(verified)).toBe(sequenceOf(resent) + 1);
    expect((await human(userId)).phone).toEqual({ phone: "+41791234567", isVerified: true });
    expectError(await call("ResendPhoneCode", { userId }), Code.FailedPrecondition, "COMMAND-PhNoCd1");

    expectError(await call("RemovePhone", { userId }, selfToken), Code.NotFound);
    const removed = ok(await call("RemovePhone", { userId }));
    expect(sequenceOf(removed)).toBe(sequenceOf(verified) + 1);
    expect((await human(userId)).phone ?? {}).toEqual({});
    expectError(await call("RemovePhone", { userId }), Code.NotFound, "COMMAND-PhNone1");
  });

  it("PasswordReset → SetPassword with the code → the old password no longer proves anything", async () => {
    expectError(
      await call("PasswordReset", { userId, sendLink: { notificationType: "NOTIFICATION_TYPE_Email", urlTemplate: "https://x.test/{{.Code" } }, selfToken),
      Code.InvalidArgument,
    );
    const linked = ok(await call("PasswordReset", { userId, sendLink: { notificationType: "NOTIFICATION_TYPE_Email" } }, selfToken));
    expect(linked.verificationCode).toBeUndefined();
    expectError(await call("PasswordReset", { userId, returnCode: {} }, selfToken), Code.NotFound);

    const reset = ok(await call("PasswordReset", { userId, returnCode: {} }));
    expect(reset.verificationCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(sequenceOf(reset)).toBe(sequenceOf(linked) + 1);
    const set = ok(await call("SetPassword", { userId, newPassword: { password: NEW }, verificationCode: codeOf(reset) }, selfToken));
    expect(sequenceOf(set)).toBe(sequenceOf(reset) + 1);
    expectError(
      await call("SetPassword", { userId, newPassword: { password: "Th1rd!password" }, verificationCode: codeOf(reset) }, selfToken),
      Code.FailedPrecondition,
      "COMMAND-PwCode1",
    );

    const stale = expectError(
      await call("SetPassword", { userId, newPassword: { password: "Th1rd!password" }, currentPassword: OLD }, selfToken),
      Code.InvalidArgument,
      "COMMAND-PwWrong",
    );
    expect(stale.violations.map((v) => v.field)).toEqual(["current_password"]);
    ok(await call("SetPassword", { userId, newPassword: { password: "Th1rd!password" }, currentPassword: NEW }, selfToken));
    expect(typeof (await human(userId)).passwordChanged).toBe("string");
  });

  it("SetPassword refuses a missing or weak password and an unproven one from the user itself", async () => {
    expectError(await call("SetPassword", { userId, currentPassword: NEW }, selfToken), Code.InvalidArgument, "USERv2-PwNew1");
    const weak = expectError(await call("SetPassword", { userId, newPassword: { password: "short" }, currentPassword: NEW }, selfToken), Code.InvalidArgument);
    expect(new Set(weak.violations.map((v) => v.field))).toEqual(new Set(["new_password.password"]));
    expectError(await call("SetPassword", { userId, newPassword: { password: NEW } }, selfToken), Code.NotFound, "COMMAND-PermPw1");
    ok(await call("SetPassword", { userId, newPassword: { password: "F0urth!password", changeRequired: true } }));
    expect((await human(userId)).passwordChangeRequired).toBe(true);
  });
});
