// AddOrganization and ListOrganizations over gRPC, gRPC-web, Connect JSON and REST against a real server:
// the derived primary domain, unique names, admins (existing users and new humans) becoming members with
// their roles, and who sees which organisations.
import { Code } from "@connectrpc/connect";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { codeOf, ok, setupFor, unique, type Setup } from "./auth-fixture.js";

const suite = serveForSuite();
let setup: Setup;
let orgDrivers: Driver[] = [];
let defaultOrgId: string;
beforeAll(async () => {
  setup = setupFor(suite.server);
  orgDrivers = allDrivers(suite.server.url, OrganizationService);
  defaultOrgId = await setup.defaultOrgId();
});
afterAll(() => {
  setup?.close();
  for (const d of orgDrivers) d.close();
});

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const orgs = () => orgDrivers.find((d) => d.name === protocol)!;
  const users = () => suite.driver(protocol);
  const asAdmin = (method: string, request: JsonObject) => orgs().call(method, request, suite.server.adminToken);
  const name = (tag: string) => `${tag} ${protocol} ${unique("org")}`;

  it("creates an organisation with a primary domain derived from its name", async () => {
    const orgName = name("ACME Corp");
    const created = ok(await asAdmin("AddOrganization", { name: orgName }));
    const orgId = String(created.organizationId);
    expect(orgId).toMatch(/^\d+$/);
    expect(created.details).toMatchObject({ resourceOwner: orgId });
    expect(created.createdAdmins ?? []).toEqual([]);
    const listed = ok(await asAdmin("ListOrganizations", { queries: [{ idQuery: { id: orgId } }] }));
    expect(listed.result).toEqual([
      expect.objectContaining({
        id: orgId,
        name: orgName,
        state: "ORGANIZATION_STATE_ACTIVE",
        primaryDomain: `${orgName.toLowerCase().replaceAll(" ", "-")}.localhost`,
      }),
    ]);
    // Every event is attributed to the authenticated caller.
    const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: orgId }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(["org.added", "org.domain.added", "org.domain.verified", "org.domain.primary.set"]);
    expect(new Set(events.map((e) => e.creator))).toEqual(new Set([suite.server.app.bootstrap.adminUserId]));
  });

  it("is where AddHumanUser puts a user named by the organisation's id or its domain", async () => {
    const orgName = name("Domain Home");
    const orgId = String(ok(await asAdmin("AddOrganization", { name: orgName })).organizationId);
    const domain = `${orgName.toLowerCase().replaceAll(" ", "-")}.localhost`;
    const human = (organization: JsonObject) => ({
      organization,
      username: unique("by-org"),
      profile: { givenName: "Org", familyName: "Member" },
      email: { email: `${unique("by-org")}@example.com` },
    });
    for (const organization of [{ orgId }, { orgDomain: domain }, { orgDomain: domain.toUpperCase() }] as JsonObject[]) {
      const added = ok(await users().call("AddHumanUser", human(organization), suite.server.adminToken));
      expect(added.details, JSON.stringify(organization)).toMatchObject({ resourceOwner: orgId });
      const got = ok(await users().call("GetUserByID", { userId: added.userId as string }, suite.server.adminToken));
      expect((got.details as JsonObject).resourceOwner).toBe(orgId);
    }
    for (const organization of [{ orgId: "404404" }, { orgDomain: "nowhere.localhost" }] as JsonObject[]) {
      const refused = await users().call("AddHumanUser", human(organization), suite.server.adminToken);
      expect(codeOf(refused), JSON.stringify(organization)).toBe(Code.FailedPrecondition);
    }
  });

  it("refuses a name that is taken, whatever its case", async () => {
    const orgName = name("Twin");
    ok(await asAdmin("AddOrganization", { name: orgName }));
    const again = await asAdmin("AddOrganization", { name: orgName.toUpperCase() });
    expect(codeOf(again)).toBe(Code.AlreadyExists);
  });

  it("makes existing users members with the given roles, ORG_OWNER by default", async () => {
    const owner = await setup.machineWithToken(defaultOrgId, "owner");
    const viewer = await setup.machineWithToken(defaultOrgId, "viewer");
    const orgId = String(
      ok(await asAdmin("AddOrganization", { name: name("Members"), admins: [{ userId: owner.userId }, { userId: viewer.userId, roles: ["ORG_OWNER_VIEWER"] }] }))
        .organizationId,
    );
    // The owner may now create users in the organisation; the viewer may read but not write there.
    const human = (tag: string) => ({ organization: { orgId }, profile: { givenName: "G", familyName: tag }, email: { email: `${unique(tag)}@example.com` } });
    const created = ok(await users().call("AddHumanUser", human("by-owner"), owner.token));
    expect(codeOf(await users().call("AddHumanUser", human("by-viewer"), viewer.token))).toBe(Code.PermissionDenied);
    expect(codeOf(await users().call("GetUserByID", { userId: String(created.userId) }, viewer.token))).toBe("OK");
    // Both see the organisation they are members of.
    for (const member of [owner, viewer]) {
      const seen = ok(await orgs().call("ListOrganizations", {}, member.token));
      expect((seen.result as JsonObject[]).map((o) => o.id)).toEqual([orgId]);
    }
  });

  it("creates human admins in the new organisation and answers their codes", async () => {
    const email = `${unique("boss")}@example.com`;
    const created = ok(
      await asAdmin("AddOrganization", {
        name: name("With Human"),
        admins: [{ human: { profile: { givenName: "Bo", familyName: "Ss" }, email: { email, returnCode: {} } }, roles: ["ORG_USER_MANAGER"] }],
      }),
    );
    const orgId = String(created.organizationId);
    const [admin] = created.createdAdmins as JsonObject[];
    expect(admin).toMatchObject({ userId: expect.stringMatching(/^\d+$/), emailCode: expect.stringMatching(/^[A-Z0-9]{6}$/) });
    const user = ok(await users().call("GetUserByID", { userId: String(admin!.userId) }, suite.server.adminToken));
    expect(user.details).toMatchObject({ resourceOwner: orgId });
    expect((user.user as JsonObject).username).toBe(email);
    // The org's details count the creation events and the member added after the human.
    expect(Number((created.details as JsonObject).sequence)).toBe(5);
  });

  it("checks every admin before creating anything", async () => {
    const orgName = name("Doomed");
    const taken = `${unique("taken")}@example.com`;
    ok(await users().call("AddHumanUser", { username: taken, profile: { givenName: "T", familyName: "T" }, email: { email: taken } }, suite.server.adminToken));
    const cases: [JsonObject[], Code][] = [
      [[{ userId: "4711" }], Code.FailedPrecondition],
      [[{ userId: "4711", roles: ["IAM_OWNER"] }], Code.InvalidArgument],
      [[{ human: { profile: { givenName: "A", familyName: "B" }, email: { email: taken } } }], Code.AlreadyExists],
      [[{ human: { profile: { givenName: "A", familyName: "B" }, email: { email: "not an address" } } }], Code.InvalidArgument],
    ];
    for (const [admins, code] of cases) expect(codeOf(await asAdmin("AddOrganization", { name: orgName, admins }))).toBe(code);
    // None of them left the organisation behind.
    const listed = ok(await asAdmin("ListOrganizations", { queries: [{ nameQuery: { name: orgName } }] }));
    // proto3 JSON leaves a zero count out.
    expect((listed.details as JsonObject).totalResult ?? "0").toBe("0");
  });

  it("validates the request against ZITADEL's rules", async () => {
    const outcome = await asAdmin("AddOrganization", { name: "" });
    expect(outcome.ok ? [] : outcome.violations.map((v) => v.field)).toEqual(["name"]);
    expect(codeOf(await asAdmin("AddOrganization", { name: "!!!" }))).toBe(Code.InvalidArgument);
    expect(codeOf(await asAdmin("ListOrganizations", { queries: [{}] }))).toBe(Code.InvalidArgument);
  });

  it("lets only instance roles create organisations", async () => {
    // The owner of its own organisation has a membership where ZITADEL looks (instance and the caller's org),
    // but ORG_OWNER does not grant org.create: PermissionDenied. Without any membership there: NotFound.
    const created = ok(
      await asAdmin("AddOrganization", {
        name: name("Owned"),
        admins: [{ human: { profile: { givenName: "O", familyName: "W" }, email: { email: `${unique("owner")}@example.com` } } }],
      }),
    );
    const ownerToken = await issueUserToken(suite.server, String((created.createdAdmins as JsonObject[])[0]!.userId));
    expect(codeOf(await orgs().call("AddOrganization", { name: name("Nope") }, ownerToken))).toBe(Code.PermissionDenied);
    const plain = await setup.machineWithToken(defaultOrgId, "plain");
    expect(codeOf(await orgs().call("AddOrganization", { name: name("Nope") }, plain.token))).toBe(Code.NotFound);
    expect(codeOf(await orgs().call("AddOrganization", { name: name("Nope") }, undefined))).toBe(Code.Unauthenticated);
  });

  it("filters, sorts and pages, counting all matches", async () => {
    const tag = unique("sorted");
    const ids: string[] = [];
    for (const letter of ["b", "a", "c"]) ids.push(String(ok(await asAdmin("AddOrganization", { name: `${tag} ${letter}` })).organizationId));
    const byName = { nameQuery: { name: tag, method: "TEXT_QUERY_METHOD_STARTS_WITH" } };
    const asc = ok(await asAdmin("ListOrganizations", { queries: [byName], sortingColumn: "ORGANIZATION_FIELD_NAME_NAME", query: { asc: true, limit: 2 } }));
    expect((asc.result as JsonObject[]).map((o) => o.name)).toEqual([`${tag} a`, `${tag} b`]);
    expect(asc.details).toMatchObject({ totalResult: "3" });
    expect(asc.sortingColumn).toBe("ORGANIZATION_FIELD_NAME_NAME");
    const desc = ok(await asAdmin("ListOrganizations", { queries: [byName], sortingColumn: "ORGANIZATION_FIELD_NAME_NAME", query: { offset: 1 } }));
    expect((desc.result as JsonObject[]).map((o) => o.name)).toEqual([`${tag} b`, `${tag} a`]);
    const domain = ok(await asAdmin("ListOrganizations", { queries: [{ domainQuery: { domain: `${tag} C`.replaceAll(" ", "-"), method: "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE" } }] }));
    expect((domain.result as JsonObject[]).map((o) => o.id)).toEqual([ids[2]]);
    const byDefault = ok(await asAdmin("ListOrganizations", { queries: [{ defaultQuery: {} }, { stateQuery: { state: "ORGANIZATION_STATE_ACTIVE" } }] }));
    expect((byDefault.result as JsonObject[]).map((o) => o.id)).toEqual([defaultOrgId]);
    const removed = ok(await asAdmin("ListOrganizations", { queries: [byName, { stateQuery: { state: "ORGANIZATION_STATE_REMOVED" } }] }));
    expect((removed.details as JsonObject).totalResult ?? "0").toBe("0");
  });

  it("shows callers without org.read no organisation", async () => {
    const plain = await setup.machineWithToken(defaultOrgId, "nobody");
    const seen = ok(await orgs().call("ListOrganizations", {}, plain.token));
    expect(seen.result ?? []).toEqual([]);
    expect((seen.details as JsonObject).totalResult ?? "0").toBe("0");
  });
});
