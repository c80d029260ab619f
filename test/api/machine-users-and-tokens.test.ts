// CreateUser (machine and human) and the personal access token RPCs over gRPC, gRPC-web, Connect JSON and
// REST (POST /v2/users/new, /v2/users/{user_id}/pats, POST /v2/users/pats/search), against a real server: a
// token is answered once, stored only as a hash, authenticates its user, and stops working once removed or
// expired.
import { Code } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import { hashToken } from "../../src/domain/token-hash.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { codeOf, inAnHour, ok, unique } from "./auth-fixture.js";

const suite = serveForSuite();

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject, token: string | undefined = suite.server.adminToken) =>
    suite.driver(protocol).call(method, request, token);
  const defaultOrg = async () =>
    String((ok(await call("GetUserByID", { userId: suite.server.app.bootstrap.adminUserId })).details as JsonObject).resourceOwner);
  const machine = async (extra: JsonObject = {}) =>
    String(ok(await call("CreateUser", { organizationId: await defaultOrg(), username: unique(`bot-${protocol}`), machine: { name: "Bot" }, ...extra })).id);

  it("creates a machine user, attributed to the caller", async () => {
    const created = ok(await call("CreateUser", { organizationId: await defaultOrg(), machine: { name: "Build bot", description: "runs CI" } }));
    const id = String(created.id);
    expect(Date.parse(String(created.creationDate))).toBeGreaterThan(Date.now() - 60_000);
    const user = ok(await call("GetUserByID", { userId: id })).user as JsonObject;
    expect(user).toMatchObject({ userId: id, username: id, state: "USER_STATE_ACTIVE", machine: { name: "Build bot", description: "runs CI" } });
    const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: id } });
    expect(events.map((e) => [e.eventType, e.creator])).toEqual([["user.machine.added", suite.server.app.bootstrap.adminUserId]]);
  });

  it("creates a human user through CreateUser's human variant", async () => {
    const email = `${unique(`human-${protocol}`)}@example.com`;
    const created = ok(
      await call("CreateUser", { organizationId: await defaultOrg(), human: { profile: { givenName: "Hu", familyName: "Man" }, email: { email, returnCode: {} } } }),
    );
    expect(created.emailCode).toMatch(/^[A-Z0-9]{6}$/);
    const user = ok(await call("GetUserByID", { userId: String(created.id) })).user as JsonObject;
    expect(user).toMatchObject({ username: email, human: { email: { email } } });
  });

  it("refuses CreateUser without a type, in an unknown organisation, or with a taken username", async () => {
    const org = await defaultOrg();
    expect(codeOf(await call("CreateUser", { organizationId: org }))).toBe(Code.InvalidArgument);
    expect(codeOf(await call("CreateUser", { organizationId: "4711", machine: { name: "x" } }))).toBe(Code.FailedPrecondition);
    const username = unique("dup");
    ok(await call("CreateUser", { organizationId: org, username, machine: { name: "x" } }));
    expect(codeOf(await call("CreateUser", { organizationId: org, username: username.toUpperCase(), machine: { name: "x" } }))).toBe(Code.AlreadyExists);
  });

  it("answers a token once, stores only its hash, and the token authenticates its user", async () => {
    const userId = await machine();
    const expirationDate = "2031-01-02T03:04:05Z";
    const added = ok(await call("AddPersonalAccessToken", { userId, expirationDate }));
    const token = String(added.token);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await suite.server.app.database.prisma.personalAccessToken.findUnique({ where: { id: String(added.tokenId) } });
    expect(stored).toMatchObject({ userId, tokenHash: hashToken(token), expirationDate: new Date(expirationDate) });
    expect(JSON.stringify(stored)).not.toContain(token);
    const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: userId } });
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain(token);
    // The machine user reads itself with its own token.
    expect((ok(await call("GetUserByID", { userId }, token)).user as JsonObject).userId).toBe(userId);
  });

  it("lists tokens with their bookkeeping, filtered and sorted", async () => {
    const userId = await machine();
    const first = ok(await call("AddPersonalAccessToken", { userId, expirationDate: "2030-01-01T00:00:00Z" }));
    const second = ok(await call("AddPersonalAccessToken", { userId, expirationDate: "2029-01-01T00:00:00Z" }));
    const listed = ok(await call("ListPersonalAccessTokens", { filters: [{ userIdFilter: { id: userId } }] }));
    expect(listed.pagination).toMatchObject({ totalResult: "2", appliedLimit: "100" });
    const result = listed.result as JsonObject[];
    // Newest first by default.
    expect(result.map((t) => t.id)).toEqual([second.tokenId, first.tokenId]);
    expect(result[0]).toMatchObject({ userId, organizationId: await defaultOrg(), expirationDate: "2029-01-01T00:00:00Z" });
    expect(result[0]!.changeDate).toBe(result[0]!.creationDate);
    expect(JSON.stringify(result)).not.toContain(String(first.token));
    const byExpiry = ok(
      await call("ListPersonalAccessTokens", {
        filters: [{ userIdFilter: { id: userId } }, { expirationDateFilter: { timestamp: "2029-06-01T00:00:00Z", method: "TIMESTAMP_FILTER_METHOD_AFTER" } }],
        sortingColumn: "PERSONAL_ACCESS_TOKEN_FIELD_NAME_EXPIRATION_DATE",
        pagination: { asc: true },
      }),
    );
    expect((byExpiry.result as JsonObject[]).map((t) => t.id)).toEqual([first.tokenId]);
    expect(codeOf(await call("ListPersonalAccessTokens", { pagination: { limit: 1001 } }))).toBe(Code.InvalidArgument);
  });

  it("removes a token: it stops authenticating, and removing it again still succeeds", async () => {
    const userId = await machine();
    const added = ok(await call("AddPersonalAccessToken", { userId, expirationDate: inAnHour() }));
    const removed = ok(await call("RemovePersonalAccessToken", { userId, tokenId: String(added.tokenId) }));
    expect(Date.parse(String(removed.deletionDate))).toBeGreaterThan(Date.now() - 60_000);
    expect(codeOf(await call("GetUserByID", { userId }, String(added.token)))).toBe(Code.Unauthenticated);
    ok(await call("RemovePersonalAccessToken", { userId, tokenId: String(added.tokenId) }));
    const listed = ok(await call("ListPersonalAccessTokens", { filters: [{ userIdFilter: { id: userId } }] }));
    expect(listed.result ?? []).toEqual([]);
  });

  it("refuses tokens for humans, for unknown users and with a past expiry", async () => {
    const email = `${unique("pat-human")}@example.com`;
    const humanId = String(ok(await call("AddHumanUser", { profile: { givenName: "A", familyName: "B" }, email: { email } })).userId);
    expect(codeOf(await call("AddPersonalAccessToken", { userId: humanId, expirationDate: inAnHour() }))).toBe(Code.FailedPrecondition);
    expect(codeOf(await call("AddPersonalAccessToken", { userId: "4711", expirationDate: inAnHour() }))).toBe(Code.NotFound);
    expect(codeOf(await call("AddPersonalAccessToken", { userId: await machine(), expirationDate: "2001-01-01T00:00:00Z" }))).toBe(Code.InvalidArgument);
    const missing = await call("AddPersonalAccessToken", { userId: humanId });
    expect(missing.ok ? [] : missing.violations.map((v) => `${v.field} ${v.reason}`)).toEqual(["expiration_date timestamp.required"]);
  });

  it("lets a machine user neither mint nor see other users' tokens without a role", async () => {
    const userId = await machine();
    const token = String(ok(await call("AddPersonalAccessToken", { userId, expirationDate: inAnHour() })).token);
    // Minting needs user.write, even for oneself; a caller without any membership gets NotFound.
    expect(codeOf(await call("AddPersonalAccessToken", { userId, expirationDate: inAnHour() }, token))).toBe(Code.NotFound);
    const other = await machine();
    ok(await call("AddPersonalAccessToken", { userId: other, expirationDate: inAnHour() }));
    const own = ok(await call("ListPersonalAccessTokens", {}, token));
    expect((own.result as JsonObject[]).map((t) => t.userId)).toEqual([userId]);
    expect(codeOf(await call("RemovePersonalAccessToken", { userId: other, tokenId: "1" }, token))).toBe(Code.NotFound);
  });
});

describe("token lifetime", () => {
  const call = (method: string, request: JsonObject, token: string = suite.server.adminToken) => suite.driver("connect").call(method, request, token);

  it("a token used before its removal stops working within the 5 s authentication cache", async () => {
    const org = String((ok(await call("GetUserByID", { userId: suite.server.app.bootstrap.adminUserId })).details as JsonObject).resourceOwner);
    const userId = String(ok(await call("CreateUser", { organizationId: org, machine: { name: "short-lived" } })).id);
    const added = ok(await call("AddPersonalAccessToken", { userId, expirationDate: inAnHour() }));
    const token = String(added.token);
    ok(await call("GetUserByID", { userId }, token)); // now cached as valid
    ok(await call("RemovePersonalAccessToken", { userId, tokenId: String(added.tokenId) }));
    const removedAt = Date.now();
    await vi.waitFor(async () => expect(codeOf(await call("GetUserByID", { userId }, token))).toBe(Code.Unauthenticated), { timeout: 7_000, interval: 250 });
    expect(Date.now() - removedAt).toBeLessThan(5_500);
  });

  it("a token stops working at its expiry, cached or not", async () => {
    const org = String((ok(await call("GetUserByID", { userId: suite.server.app.bootstrap.adminUserId })).details as JsonObject).resourceOwner);
    const userId = String(ok(await call("CreateUser", { organizationId: org, machine: { name: "expiring" } })).id);
    const expiresAt = Date.now() + 1_500;
    const token = String(ok(await call("AddPersonalAccessToken", { userId, expirationDate: new Date(expiresAt).toISOString() })).token);
    ok(await call("GetUserByID", { userId }, token));
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 50));
    expect(codeOf(await call("GetUserByID", { userId }, token))).toBe(Code.Unauthenticated);
  });
});
