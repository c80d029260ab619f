// UpdateUser (PATCH /v2/users/{user_id}) over gRPC (grpc-js), gRPC-web, Connect JSON and REST, with ZITADEL's
// published descriptors, against a real server and database: the human branch with UpdateHumanUser's rules
// (nickname alone, email, phone, password), the machine branch, the wrong branch for the user's type, nothing
// changed → no event, bad input listing every field, who may do it, and If-Match / ETag.
import { hashSync } from "@node-rs/bcrypt";
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { callWith, okJson } from "../helpers/call-with-headers.js";
import { expectError } from "../helpers/outcome-checks.js";
import type { JsonObject, Outcome } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, unique, type Setup } from "./auth-fixture.js";

const suite = serveForSuite();

let setup: Setup;
let orgA: string;
const tokens = { ownerA: "", ownerB: "", noMembership: "" };

beforeAll(async () => {
  setup = setupFor(suite.server);
  const home = await setup.defaultOrgId();
  const [ownerA, ownerB, loner] = await Promise.all(["owner-a", "owner-b", "loner"].map((tag) => setup.machineWithToken(home, tag)));
  orgA = await setup.org(unique("Update Org A"), [{ userId: ownerA!.userId }]);
  await setup.org(unique("Update Org B"), [{ userId: ownerB!.userId }]);
  Object.assign(tokens, { ownerA: ownerA!.token, ownerB: ownerB!.token, noMembership: loner!.token });
});

const eventCount = (userId: string) => suite.server.app.database.prisma.event.count({ where: { aggregateId: userId } });

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const call = (request: JsonObject, token: string = suite.server.adminToken) => suite.driver(protocol).call("UpdateUser", request, token);
  const get = async (userId: string) => ok(await suite.driver(protocol).call("GetUserByID", { userId }, suite.server.adminToken));
  const human = async (password?: string) => setup.human(orgA, `upd-${protocol}`, password);
  const machine = async () => String(ok(await setup.users.call("CreateUser", { organizationId: orgA, machine: { name: "Importer" } }, setup.adminToken)).id);
  const fail = (outcome: Outcome, code: Code, errorId?: string) => expectError(outcome, protocol, code, errorId);
  const profileOf = async (userId: string) => ((await get(userId)).user as { human: { profile: JsonObject } }).human.profile;

  it("changes only the nickname, keeping given and family name, and answers the change date", async () => {
    const userId = await human();
    const outcome = await call({ userId, human: { profile: { nickName: "Countess" } } });
    const answer = ok(outcome);
    if (protocol === "rest") expect(outcome.ok && outcome.httpStatus).toBe(200);
    const details = (await get(userId)).details as JsonObject;
    expect(answer).toEqual({ changeDate: details.changeDate });
    expect(await profileOf(userId)).toMatchObject({ givenName: "Ada", nickName: "Countess" });
    const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: userId, eventType: "user.human.profile.changed" } });
    expect(events.map((e) => e.payload)).toEqual([{ nickName: "Countess" }]);
  });

  it("writes no event when nothing changes and answers the last change date", async () => {
    const userId = await human();
    const before = (await get(userId)).user as JsonObject;
    const events = await eventCount(userId);
    const profile = (before.human as { profile: { givenName: string; familyName: string } }).profile;
    const same = ok(await call({ userId, username: String(before.username), human: { profile: { givenName: profile.givenName, familyName: profile.familyName } } }));
    expect(same.changeDate).toBe((before.details as JsonObject).changeDate);
    expect(await eventCount(userId)).toBe(events);
  });

  it("changes a machine user's name and description, and its username", async () => {
    const userId = await machine();
    const username = unique(`svc-${protocol}`);
    ok(await call({ userId, username, machine: { name: "Nightly importer", description: "imports at 02:00" } }));
    const user = (await get(userId)).user as JsonObject;
    expect(user).toMatchObject({ username, machine: { name: "Nightly importer", description: "imports at 02:00" } });
    const events = await eventCount(userId);
    ok(await call({ userId, machine: { name: "Nightly importer" } }));
    expect(await eventCount(userId)).toBe(events);
  });

  it("answers NotFound for the branch that does not match the user's type, and for unknown users", async () => {
    const [humanId, machineId] = await Promise.all([human(), machine()]);
    fail(await call({ userId: machineId, human: { profile: { nickName: "x" } } }), Code.NotFound, "COMMAND-UsrNf2");
    fail(await call({ userId: humanId, machine: { name: "x" } }), Code.NotFound, "COMMAND-UsrNf3");
    fail(await call({ userId: "4711", human: { profile: { nickName: "x" } } }), Code.NotFound, "COMMAND-UsrNf1");
    fail(await call({ userId: "4711", machine: { description: "x" } }), Code.NotFound, "COMMAND-UsrNf1");
    expect(await eventCount(humanId)).toBeGreaterThan(0);
  });

  it("reports every violated field at once, and a request naming no user type", async () => {
    const userId = await human();
    const events = await eventCount(userId);
    const humanOutcome = fail(
      await call({
        userId: "x".repeat(201),
        username: "",
        human: {
          profile: { givenName: "", nickName: "", displayName: "", preferredLanguage: "much-too-long", gender: 99 },
          email: { email: "not an email" },
          phone: { phone: "1".repeat(201) },
          password: { password: { password: "" }, verificationCode: "x".repeat(21) },
        },
      }),
      Code.InvalidArgument,
    );
    expect(new Set(humanOutcome.violations.map((v) => v.field))).toEqual(
      new Set([
        "user_id",
        "username",
        "human.profile.given_name",
        "human.profile.nick_name",
        "human.profile.display_name",
        "human.profile.preferred_language",
        "human.profile.gender",
        "human.email.email",
        "human.phone.phone",
        "human.password.password.password",
        "human.password.verification_code",
      ]),
    );
    const machineOutcome = fail(await call({ userId, machine: { name: "n".repeat(201), description: "d".repeat(501) } }), Code.InvalidArgument);
    expect(machineOutcome.violations.map((v) => v.field).sort()).toEqual(["machine.description", "machine.name"]);
    // Rules of the domain rather than of the descriptor, all at once and named as nested.
    const domain = fail(await call({ userId, human: { profile: { preferredLanguage: "!!" }, phone: { phone: "not a number" }, password: { password: { password: "weak" } } } }), Code.InvalidArgument);
    expect(new Set(domain.violations.map((v) => v.field))).toEqual(new Set(["human.profile.preferred_language", "human.phone.phone", "human.password.password.password"]));
    const untyped = fail(await call({ userId, username: unique("untyped") }), Code.InvalidArgument, "USERv2-UpdTyp1");
    expect(untyped.violations.map((v) => v.field)).toEqual(["user_type"]);
    expect(await eventCount(userId)).toBe(events);
  });

  it("sets a new email: the code answered when asked, or the address marked verified", async () => {
    const userId = await human();
    const returned = ok(await call({ userId, human: { email: { email: `${unique("new")}@example.com`, returnCode: {} } } }));
    expect(returned.emailCode).toMatch(/^[A-Z0-9]{6}$/);
    const address = `${unique("verified")}@example.com`;
    const verified = ok(await call({ userId, human: { email: { email: address, isVerified: true } } }));
    expect(verified.emailCode).toBeUndefined();
    expect(((await get(userId)).user as { human: { email: JsonObject } }).human.email).toEqual({ email: address, isVerified: true });
  });

  it("sets a phone in E.164 with its code, removes it when empty, and refuses a verification for a removal", async () => {
    const userId = await human();
    const set = ok(await call({ userId, human: { phone: { phone: "079 123 45 67", returnCode: {} } } }));
    expect(set.phoneCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(((await get(userId)).user as { human: { phone: JsonObject } }).human.phone).toEqual({ phone: "+41791234567" });
    fail(await call({ userId, human: { phone: { phone: "", isVerified: true } } }), Code.InvalidArgument, "USERv2-PhRmV1");
    ok(await call({ userId, human: { phone: { phone: "" } } }));
    expect(((await get(userId)).user as { human: { phone?: JsonObject } }).human.phone ?? {}).toEqual({});
  });

  it("changes the password with the current one, a reset code, or as a hash; a wrong current password is refused", async () => {
    const userId = await human("First!pass1");
    const wrong = fail(await call({ userId, human: { password: { password: { password: "Second!pass2" }, currentPassword: "Wrong!pass0" } } }), Code.InvalidArgument);
    expect(wrong.violations.map((v) => v.field)).toEqual(["human.password.current_password"]);
    ok(await call({ userId, human: { password: { password: { password: "Second!pass2" }, currentPassword: "First!pass1" } } }));
    const reset = ok(await suite.driver(protocol).call("PasswordReset", { userId, returnCode: {} }, suite.server.adminToken));
    ok(await call({ userId, human: { password: { password: { password: "Third!pass3" }, verificationCode: String(reset.verificationCode) } } }));
    ok(await call({ userId, human: { password: { hashedPassword: { hash: hashSync("Fourth!pass4", { cost: 4 }), changeRequired: true } } } }));
    const types = (await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: userId }, orderBy: { sequence: "asc" } })).map((e) => e.eventType);
    expect(types.filter((t) => t === "user.human.password.changed")).toHaveLength(4);
    expect(types).toContain("user.human.password.check.failed");
  });

  it("lets the IAM owner and the organisation's owner change a user, not another organisation's owner or a caller without membership", async () => {
    const userId = await human();
    const change = (token: string) => call({ userId, human: { profile: { nickName: unique("nick") } } }, token);
    ok(await change(suite.server.adminToken));
    ok(await change(tokens.ownerA));
    fail(await change(tokens.ownerB), Code.NotFound, "COMMAND-PermUs1");
    fail(await change(tokens.noMembership), Code.NotFound, "COMMAND-PermUs1");
  });

  it("lets users change their own profile and username but not mark their email verified", async () => {
    const userId = await human();
    const token = await issueUserToken(suite.server, userId);
    const username = unique(`self-${protocol}`);
    ok(await call({ userId, username, human: { profile: { displayName: "Me, myself" } } }, token));
    expect((await get(userId)).user).toMatchObject({ username, human: { profile: { displayName: "Me, myself" } } });
    fail(await call({ userId, human: { email: { email: `${unique("self")}@example.com`, isVerified: true } } }, token), Code.NotFound, "COMMAND-PermUs1");
    const machineId = await machine();
    ok(await call({ userId: machineId, machine: { description: "my own words" } }, await issueUserToken(suite.server, machineId)));
  });

  it("honours If-Match and answers the user's new sequence as ETag", async () => {
    const userId = await human();
    const read = await callWith(protocol, suite.server.url, "GetUserByID", { userId }, { token: suite.server.adminToken });
    const etag = read.headers.etag!;
    const changed = await callWith(protocol, suite.server.url, "UpdateUser", { userId, human: { profile: { nickName: "fresh" } } }, { token: suite.server.adminToken, headers: { "if-match": etag } });
    okJson(changed);
    const sequence = String(((await get(userId)).details as JsonObject).sequence);
    expect(changed.headers.etag).toBe(`"${sequence}"`);
    const events = await eventCount(userId);
    const stale = await callWith(protocol, suite.server.url, "UpdateUser", { userId, human: { profile: { nickName: "stale" } } }, { token: suite.server.adminToken, headers: { "if-match": etag } });
    expect([stale.code, stale.errorId]).toEqual([Code.FailedPrecondition, "COMMAND-IfMtch1"]);
    if (protocol === "rest") expect(stale.httpStatus).toBe(412);
    expect(await eventCount(userId)).toBe(events);
  });
});

describe("REST success statuses, as ZITADEL's annotations state them", () => {
  const rest = () => suite.driver("rest");
  const statusOf = (outcome: Outcome) => (outcome.ok ? outcome.httpStatus : `${Code[outcome.code]}: ${outcome.message}`);

  it("answers 201 for AddOrganization and 200 for the user RPCs, the new bindings included", async () => {
    const created = await fetch(new URL("/v2/organizations", suite.server.url), {
      method: "POST",
      headers: { authorization: `Bearer ${suite.server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: unique("Status Org") }),
    });
    expect(created.status).toBe(201);
    const orgId = String(((await created.json()) as JsonObject).organizationId);
    const newUser = await rest().call("CreateUser", { organizationId: orgId, machine: { name: "status" } }, suite.server.adminToken);
    expect(statusOf(newUser)).toBe(200);
    const userId = String(ok(newUser).id);
    const pat = await rest().call("AddPersonalAccessToken", { userId, expirationDate: new Date(Date.now() + 3_600_000).toISOString() }, suite.server.adminToken);
    expect(statusOf(pat)).toBe(200);
    expect(statusOf(await rest().call("ListPersonalAccessTokens", { filters: [{ userIdFilter: { id: userId } }] }, suite.server.adminToken))).toBe(200);
    expect(statusOf(await rest().call("RemovePersonalAccessToken", { userId, tokenId: String(ok(pat).tokenId) }, suite.server.adminToken))).toBe(200);
    expect(statusOf(await rest().call("UpdateUser", { userId, machine: { name: "renamed" } }, suite.server.adminToken))).toBe(200);
    const humanAdded = await rest().call("AddHumanUser", { organization: { orgId }, profile: { givenName: "A", familyName: "B" }, email: { email: `${unique("st")}@example.com` } }, suite.server.adminToken);
    expect(statusOf(humanAdded)).toBe(200);
  });
});
