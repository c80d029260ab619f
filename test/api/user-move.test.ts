// usersvc.user.v1.UserMoveService/MoveUser over gRPC, gRPC-web, Connect JSON and REST
// (POST /usersvc/v1/users/{user_id}/move) against a real server: the user shows up in the target's ListUsers at
// once with its id and username, memberships in the organisation left end, who may move whom, bad input,
// unknown users and organisations, the username rule, If-Match/ETag, a move racing updates of the same user, and
// the projections still matching the events afterwards.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserMoveService } from "../../src/gen/usersvc/user/v1/user_move_service_pb.js";
import { checkConsistency, formatReport } from "../../src/tools/consistency/check-consistency.js";
import { expectError } from "../helpers/outcome-checks.js";
import { scrape, sumOf } from "../observe/prometheus-text.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, unique, type Setup } from "./auth-fixture.js";

const suite = serveForSuite();
let setup: Setup;
let moveDrivers: Driver[] = [];
let home: string;
/** Org A (source of the moves) and org B (target), with owners; one caller owns both. */
let orgA: string;
let orgB: string;
let tokens: Record<"owner of A" | "owner of B" | "owner of both" | "no membership", string>;

beforeAll(async () => {
  setup = setupFor(suite.server);
  moveDrivers = allDrivers(suite.server.url, UserMoveService);
  home = await setup.defaultOrgId();
  const [ownerA, ownerB, ownerBoth, outsider] = await Promise.all(["owner-a", "owner-b", "owner-both", "outsider"].map((tag) => setup.machineWithToken(home, tag)));
  orgA = await setup.org(unique("Move A"), [{ userId: ownerA!.userId }, { userId: ownerBoth!.userId }]);
  orgB = await setup.org(unique("Move B"), [{ userId: ownerB!.userId }, { userId: ownerBoth!.userId }]);
  tokens = { "owner of A": ownerA!.token, "owner of B": ownerB!.token, "owner of both": ownerBoth!.token, "no membership": outsider!.token };
});
afterAll(() => {
  setup?.close();
  for (const d of moveDrivers) d.close();
});

const prisma = () => suite.server.app.database.prisma;

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const move = (request: JsonObject, token = suite.server.adminToken) => moveDrivers.find((d) => d.name === protocol)!.call("MoveUser", request, token);
  const users = () => suite.driver(protocol);
  const asAdmin = (method: string, request: JsonObject) => users().call(method, request, suite.server.adminToken);
  const listedIn = async (organizationId: string, userId: string) =>
    ((ok(await asAdmin("ListUsers", { queries: [{ organizationIdQuery: { organizationId } }, { inUserIdsQuery: { userIds: [userId] } }] })).result ?? []) as JsonObject[]);

  it("moves a user: same id and username, resource_owner and details of the target, listed there at once", async () => {
    const userId = await setup.human(orgA, "mover");
    const before = ok(await asAdmin("GetUserByID", { userId }));
    const moved = ok(await move({ userId, organizationId: orgB }));
    const details = moved.details as JsonObject;
    expect(details.resourceOwner).toBe(orgB);
    expect(BigInt(String(details.sequence))).toBe(BigInt(String((before.details as JsonObject).sequence)) + 1n);
    const after = ok(await asAdmin("GetUserByID", { userId }));
    expect(after.details).toEqual(details);
    const user = after.user as JsonObject;
    expect([user.userId, user.username, user.loginNames, user.preferredLoginName]).toEqual([
      userId,
      (before.user as JsonObject).username,
      (before.user as JsonObject).loginNames,
      (before.user as JsonObject).preferredLoginName,
    ]);
    const listed = await listedIn(orgB, userId);
    expect(listed.map((u) => [u.userId, (u.details as JsonObject).resourceOwner])).toEqual([[userId, orgB]]);
    expect(await listedIn(orgA, userId)).toEqual([]);
    const events = await prisma().event.findMany({ where: { aggregateId: userId }, orderBy: { sequence: "desc" }, take: 1 });
    expect(events[0]).toMatchObject({ eventType: "user.moved", resourceOwner: orgB, creator: suite.server.app.bootstrap.adminUserId });
  });

  it("ends the user's memberships in the organisation left, and only those", async () => {
    const userId = await setup.human(orgA, "member");
    const source = await setup.org(unique("Move source"), [{ userId }]);
    const other = await setup.org(unique("Move other"), [{ userId, roles: ["ORG_OWNER_VIEWER"] }]);
    ok(await move({ userId, organizationId: source }));
    expect((await prisma().membership.findMany({ where: { userId } })).map((m) => m.orgId).sort()).toEqual([other, source].sort());
    ok(await move({ userId, organizationId: orgB }));
    expect((await prisma().membership.findMany({ where: { userId } })).map((m) => m.orgId)).toEqual([other]);
  });

  it("changes nothing when the user is already there: no event, the current details", async () => {
    const userId = await setup.human(orgA, "stays");
    const before = ok(await asAdmin("GetUserByID", { userId }));
    const count = await prisma().event.count({ where: { aggregateId: userId } });
    expect(ok(await move({ userId, organizationId: orgA })).details).toEqual(before.details);
    expect(await prisma().event.count({ where: { aggregateId: userId } })).toBe(count);
  });

  describe("who may move a user of A to B", () => {
    const cases: [string, () => string, Code | "OK", string?][] = [
      ["the instance owner", () => suite.server.adminToken, "OK"],
      ["the owner of both organisations", () => tokens["owner of both"], "OK"],
      ["the owner of only the source", () => tokens["owner of A"], Code.NotFound, "COMMAND-MvPerm2"],
      ["the owner of only the target", () => tokens["owner of B"], Code.NotFound, "COMMAND-MvPerm1"],
      ["a caller without any membership", () => tokens["no membership"], Code.NotFound, "COMMAND-MvPerm1"],
    ];
    it.each(cases)("%s", async (_name, token, expected, errorId) => {
      const userId = await setup.human(orgA, "subject");
      const outcome = await move({ userId, organizationId: orgB }, token());
      if (expected === "OK") expect((ok(outcome).details as JsonObject).resourceOwner).toBe(orgB);
      else expectError(outcome, protocol, expected, errorId);
      expect((await listedIn(expected === "OK" ? orgB : orgA, userId)).map((u) => u.userId)).toEqual([userId]);
    });

    it("the user themselves, holding no roles", async () => {
      const userId = await setup.human(orgA, "self");
      const token = await issueUserToken(suite.server, userId);
      expectError(await move({ userId, organizationId: orgB }, token), protocol, Code.NotFound, "COMMAND-MvPerm1");
      expect((await listedIn(orgA, userId)).map((u) => u.userId)).toEqual([userId]);
    });

    it("without a token", async () => {
      const userId = await setup.human(orgA, "anonymous");
      expectError(await move({ userId, organizationId: orgB }, ""), protocol, Code.Unauthenticated);
    });
  });

  it("lists every violated field at once", async () => {
    const outcome = expectError(await move({ userId: "u".repeat(201), organizationId: "" }), protocol, Code.InvalidArgument);
    expect(outcome.violations.map((v) => v.field).sort()).toEqual(["organization_id", "user_id"]);
  });

  it("answers NotFound for an unknown user and FailedPrecondition for an unknown organisation", async () => {
    expectError(await move({ userId: unique("nobody"), organizationId: orgB }), protocol, Code.NotFound, "COMMAND-UsrNf1");
    const userId = await setup.human(orgA, "lost");
    expectError(await move({ userId, organizationId: unique("no-org") }), protocol, Code.FailedPrecondition, "COMMAND-MvOrg1");
    expect((await listedIn(orgA, userId)).map((u) => u.userId)).toEqual([userId]);
  });

  it("keeps usernames unique on the whole instance: nobody in the target can hold the name, before or after", async () => {
    const name = unique("Shared.Name");
    const userId = String(ok(await asAdmin("AddHumanUser", {
      organization: { orgId: orgA },
      username: name,
      profile: { givenName: "Ada", familyName: "Moved" },
      email: { email: `${unique("shared")}@example.com`, isVerified: true },
    })).userId);
    const sameName = (orgId: string) =>
      asAdmin("AddHumanUser", {
        organization: { orgId },
        username: name.toUpperCase(),
        profile: { givenName: "Bob", familyName: "Clash" },
        email: { email: `${unique("clash")}@example.com`, isVerified: true },
      });
    expectError(await sameName(orgB), protocol, Code.AlreadyExists, "COMMAND-TakenUn1");
    ok(await move({ userId, organizationId: orgB }));
    expectError(await sameName(orgB), protocol, Code.AlreadyExists, "COMMAND-TakenUn1");
    expectError(await sameName(orgA), protocol, Code.AlreadyExists, "COMMAND-TakenUn1");
    const listed = (ok(await asAdmin("ListUsers", { queries: [{ userNameQuery: { userName: name, method: "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" } }] })).result ?? []) as JsonObject[];
    expect(listed.map((u) => [u.userId, (u.details as JsonObject).resourceOwner])).toEqual([[userId, orgB]]);
  });

  it("races updates of the same user: every call succeeds, sequences stay gap-free, both changes land", async () => {
    const userId = await setup.human(orgA, "racer");
    const targets = [orgB, orgA, orgB, orgA, orgB];
    const calls = targets.flatMap((organizationId, i) => [
      move({ userId, organizationId }),
      asAdmin("UpdateHumanUser", { userId, profile: { givenName: "Race", familyName: "Runner", nickName: `n${i}` } }),
    ]);
    const outcomes = await Promise.all(calls);
    for (const outcome of outcomes) ok(outcome);
    const events = await prisma().event.findMany({ where: { aggregateId: userId }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const user = ok(await asAdmin("GetUserByID", { userId }));
    const last = events.at(-1)!;
    expect((user.details as JsonObject).resourceOwner).toBe(last.resourceOwner);
    expect(((user.user as JsonObject).human as JsonObject).profile).toMatchObject({ givenName: "Race", familyName: "Runner" });
    const moves = events.filter((e) => e.eventType === "user.moved");
    // Each move either changed the organisation (one event) or found the user already there (none).
    for (const m of moves) expect((m.payload as JsonObject).fromOrganizationId).not.toBe((m.payload as JsonObject).toOrganizationId);
    expect(await listedIn(String(last.resourceOwner), userId)).toHaveLength(1);
  });
});

describe("If-Match and ETag", () => {
  const restMove = (userId: string, organizationId: string, headers: Record<string, string>) =>
    fetch(new URL(`/usersvc/v1/users/${userId}/move`, suite.server.url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${suite.server.adminToken}`, ...headers },
      body: JSON.stringify({ organizationId }),
    });

  it("answers the new sequence as ETag and refuses a stale If-Match with 412, moving nothing", async () => {
    const userId = await setup.human(orgA, "etag");
    const current = ok(await setup.users.call("GetUserByID", { userId }, setup.adminToken));
    const sequence = Number((current.details as JsonObject).sequence);
    const stale = await restMove(userId, orgB, { "if-match": `"${sequence - 1}"` });
    expect(stale.status).toBe(412);
    const moved = await restMove(userId, orgB, { "if-match": `"${sequence}"` });
    expect(moved.status).toBe(200);
    expect(moved.headers.get("etag")).toBe(`"${sequence + 1}"`);
  });

  it("reads if-match on Connect too", async () => {
    const userId = await setup.human(orgA, "etag-connect");
    const response = await fetch(new URL("/usersvc.user.v1.UserMoveService/MoveUser", suite.server.url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${suite.server.adminToken}`, "if-match": '"1"' },
      body: JSON.stringify({ userId, organizationId: orgB }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as JsonObject).code).toBe("failed_precondition");
  });
});

describe("metrics", () => {
  it("count MoveUser under its own service and method on every protocol", async () => {
    const samples = await scrape(suite.server.url);
    for (const protocol of ["grpc", "grpc-web", "connect", "rest"]) {
      const labels = { service: "usersvc.user.v1.UserMoveService", method: "MoveUser", protocol, code: "OK" };
      expect(sumOf(samples, "rpc_server_requests_total", labels), protocol).toBeGreaterThan(0);
    }
  });
});

describe("afterwards", () => {
  it("every projection still matches what the events rebuild (check-consistency)", async () => {
    const report = await checkConsistency(suite.server.app.database);
    // issueUserToken writes the self-service callers' tokens without events (as the bootstrap does); only those may differ.
    const mismatches = report.mismatches.filter((m) => !m.aggregate.startsWith("personal_access_token test-"));
    expect(mismatches, formatReport(report)).toEqual([]);
    expect(report.events).toBeGreaterThan(0);
  });
});
