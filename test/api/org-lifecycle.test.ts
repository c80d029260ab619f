// The organisation's own lifecycle over gRPC, gRPC-web, Connect JSON and REST against a real server:
// UpdateOrganization (the generated domain follows the name), Deactivate/ActivateOrganization (the organisation's
// users cannot authenticate meanwhile), DeleteOrganization (its users, memberships, metadata, domains and names
// go with it; the default organisation stays), and AddOrganization's caller-chosen id and single push.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, expectError } from "../helpers/outcome-checks.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { ok, unique } from "./auth-fixture.js";
import { orgFixture, protocols, tooLongId, type OrgFixture } from "./org-fixture.js";

const suite = serveForSuite();
let f: OrgFixture;
let defaultOrgId: string;
beforeAll(async () => {
  f = await orgFixture(suite.server);
  defaultOrgId = await f.setup.defaultOrgId();
});
afterAll(() => f?.close());

const generatedDomain = (name: string) => `${name.toLowerCase().replaceAll(" ", "-")}.localhost`;
const base64 = (text: string) => Buffer.from(text).toString("base64");

/** The principal cache lets a token keep its answer for up to 5 s. */
const polling = { timeout: 8_000, interval: 200 };

describe.each(protocols)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject, token = suite.server.adminToken) => f.driver(protocol).call(method, request, token);
  const users = (method: string, request: JsonObject, token = suite.server.adminToken) => suite.driver(protocol).call(method, request, token);
  const listed = async (orgId: string): Promise<JsonObject | undefined> =>
    ((ok(await call("ListOrganizations", { queries: [{ idQuery: { id: orgId } }] })).result as JsonObject[] | undefined) ?? [])[0];
  const domains = async (orgId: string) =>
    ((ok(await call("ListOrganizationDomains", { organizationId: orgId, pagination: { asc: true } })).domains as JsonObject[] | undefined) ?? []).map(
      (d) => `${String(d.domain)}${d.isPrimary ? " (primary)" : ""}`,
    );
  const eventTypes = async (aggregateId: string) =>
    (await suite.server.app.database.prisma.event.findMany({ where: { aggregateId }, orderBy: { sequence: "asc" } })).map((e) => e.eventType);

  describe("UpdateOrganization", () => {
    it("renames the organisation, moving its generated domain and keeping the ones added by hand", async () => {
      const { orgId, name } = await f.newOrg(`Rename ${protocol}`);
      ok(await call("AddOrganizationDomain", { organizationId: orgId, domain: `${unique("kept")}.example.com` }));
      const renamed = `${name} Renamed`;
      const answer = ok(await call("UpdateOrganization", { organizationId: orgId, name: renamed }));
      const org = (await listed(orgId))!;
      expect(org).toMatchObject({ name: renamed, primaryDomain: generatedDomain(renamed), state: "ORGANIZATION_STATE_ACTIVE" });
      expect(answer.changeDate).toBe((org.details as JsonObject).changeDate);
      const now = await domains(orgId);
      expect(now).toContain(`${generatedDomain(renamed)} (primary)`);
      expect(now).not.toContain(`${generatedDomain(name)} (primary)`);
      expect(now.filter((d) => d.endsWith(".example.com"))).toHaveLength(1);
      expect((await eventTypes(orgId)).slice(-5)).toEqual(["org.changed", "org.domain.added", "org.domain.verified", "org.domain.primary.set", "org.domain.removed"]);
      // The old name and domain are free for others again.
      ok(await call("AddOrganization", { name }));
    });

    it("changes nothing for the same name, and refuses a name another organisation has", async () => {
      const { orgId, name } = await f.newOrg(`Same ${protocol}`);
      const before = (await listed(orgId))!.details as JsonObject;
      const same = ok(await call("UpdateOrganization", { organizationId: orgId, name }));
      expect(same.changeDate).toBe(before.changeDate);
      expect(((await listed(orgId))!.details as JsonObject).sequence).toBe(before.sequence);
      const other = await f.newOrg(`Other ${protocol}`);
      expectError(await call("UpdateOrganization", { organizationId: orgId, name: other.name.toUpperCase() }), protocol, Code.AlreadyExists, "COMMAND-TakenOn1");
      expect((await listed(orgId))!.name).toBe(name);
    });

    it("answers NotFound for an unknown organisation and names every violated field at once", async () => {
      expectError(await call("UpdateOrganization", { organizationId: "no-such-org", name: "Anything" }), protocol, Code.NotFound, "COMMAND-OrgNf2");
      const bad = expectError(await call("UpdateOrganization", { organizationId: tooLongId, name: "" }), protocol, Code.InvalidArgument);
      expect(bad.violations.map((v) => v.field).sort()).toEqual(["name", "organization_id"]);
      expectError(await call("UpdateOrganization", { organizationId: defaultOrgId, name: "!!!" }), protocol, Code.InvalidArgument);
    });
  });

  describe("DeactivateOrganization and ActivateOrganization", () => {
    it("move the state between active and inactive, refusing a move to the state it has", async () => {
      const { orgId } = await f.newOrg(`State ${protocol}`);
      const deactivated = ok(await call("DeactivateOrganization", { organizationId: orgId }));
      expect(await listed(orgId)).toMatchObject({ state: "ORGANIZATION_STATE_INACTIVE", details: { changeDate: deactivated.changeDate } });
      expectError(await call("DeactivateOrganization", { organizationId: orgId }), protocol, Code.FailedPrecondition, "COMMAND-OrgSt1");
      const activated = ok(await call("ActivateOrganization", { organizationId: orgId }));
      expect(await listed(orgId)).toMatchObject({ state: "ORGANIZATION_STATE_ACTIVE", details: { changeDate: activated.changeDate } });
      expectError(await call("ActivateOrganization", { organizationId: orgId }), protocol, Code.FailedPrecondition, "COMMAND-OrgSt2");
      expect((await eventTypes(orgId)).slice(-2)).toEqual(["org.deactivated", "org.reactivated"]);
    });

    it("shut the organisation's users out (Unauthenticated) while it is inactive; the instance owner still reaches it", async () => {
      const { orgId, selfId, self } = await f.newOrg(`Shut ${protocol}`);
      ok(await users("GetUserByID", { userId: selfId }, self)); // cached as a valid caller now
      ok(await call("DeactivateOrganization", { organizationId: orgId }));
      await expect.poll(async () => codeOf(await users("GetUserByID", { userId: selfId }, self)), polling).toBe(Code.Unauthenticated);
      expectError(await users("GetUserByID", { userId: selfId }, self), protocol, Code.Unauthenticated);
      ok(await users("GetUserByID", { userId: selfId }));
      expect((await listed(orgId))?.state).toBe("ORGANIZATION_STATE_INACTIVE");
      // Nobody is created in an inactive organisation.
      const human = { organization: { orgId }, profile: { givenName: "A", familyName: "B" }, email: { email: `${unique("late")}@example.com` } };
      expectError(await users("AddHumanUser", human), protocol, Code.FailedPrecondition);
      ok(await call("ActivateOrganization", { organizationId: orgId }));
      await expect.poll(async () => codeOf(await users("GetUserByID", { userId: selfId }, self)), polling).toBe("OK");
    });

    it("answer NotFound for an unknown organisation and InvalidArgument for a bad id", async () => {
      for (const method of ["DeactivateOrganization", "ActivateOrganization"]) {
        expectError(await call(method, { organizationId: "no-such-org" }), protocol, Code.NotFound);
        const bad = expectError(await call(method, { organizationId: tooLongId }), protocol, Code.InvalidArgument);
        expect(bad.violations.map((v) => v.field)).toEqual(["organization_id"]);
      }
    });
  });

  describe("DeleteOrganization", () => {
    it("removes the organisation with its users, memberships, metadata and domains in one push, freeing every name", async () => {
      const humanName = unique("gone-admin");
      const { orgId, name, selfId, self } = await f.newOrg(`Gone ${protocol}`, {
        admins: [
          { userId: f.ownerId },
          { human: { username: humanName, profile: { givenName: "G", familyName: "One" }, email: { email: `${humanName}@example.com`, isVerified: true } } },
        ],
      });
      const createdAdminId = (await suite.server.app.database.prisma.user.findFirstOrThrow({ where: { username: humanName } })).id;
      const domain = `${unique("gone")}.example.com`;
      ok(await call("AddOrganizationDomain", { organizationId: orgId, domain }));
      ok(await call("SetOrganizationMetadata", { organizationId: orgId, metadata: [{ key: "k", value: base64("v") }] }));
      ok(await users("SetUserMetadata", { userId: selfId, metadata: [{ key: "u", value: base64("w") }] }));
      ok(await users("GetUserByID", { userId: selfId }, self));

      const deleted = ok(await call("DeleteOrganization", { organizationId: orgId }));
      expect(await listed(orgId)).toBeUndefined();
      for (const userId of [selfId, createdAdminId]) expectError(await users("GetUserByID", { userId }), protocol, Code.NotFound);
      const { prisma } = suite.server.app.database;
      expect(await prisma.membership.count({ where: { OR: [{ orgId }, { userId: { in: [selfId, createdAdminId] } }] } })).toBe(0);
      expect(await prisma.orgMetadata.count({ where: { orgId } })).toBe(0);
      expect(await prisma.orgDomain.count({ where: { orgId } })).toBe(0);
      expect(await prisma.userMetadata.count({ where: { userId: selfId } })).toBe(0);
      // The organisation and its users end in one change.
      const ends = await prisma.event.findMany({ where: { eventType: { in: ["org.removed", "user.removed"] }, OR: [{ aggregateId: orgId }, { resourceOwner: orgId }] } });
      expect(ends.map((e) => e.aggregateId).sort()).toEqual([orgId, selfId, createdAdminId].sort());
      expect(new Set(ends.map((e) => e.createdAt.toISOString()))).toEqual(new Set([deleted.deletionDate]));
      // The owner of the deleted organisation keeps its other memberships, and the users' tokens stop working.
      expect(await prisma.membership.count({ where: { userId: f.ownerId } })).toBeGreaterThan(0);
      await expect.poll(async () => codeOf(await users("GetUserByID", { userId: selfId }, self)), polling).toBe(Code.Unauthenticated);
      // Name, domain and usernames are free again; the id is not.
      const again = String(ok(await call("AddOrganization", { name, admins: [{ human: { username: humanName, profile: { givenName: "G", familyName: "Two" }, email: { email: `${humanName}@example.com` } } }] })).organizationId);
      ok(await call("AddOrganizationDomain", { organizationId: again, domain }));
      expectError(await call("AddOrganization", { name: unique("Reuse"), organizationId: orgId }), protocol, Code.FailedPrecondition, "COMMAND-OrgEx1");
      // Gone means NotFound from then on.
      expectError(await call("DeleteOrganization", { organizationId: orgId }), protocol, Code.NotFound, "COMMAND-OrgNf3");
      expectError(await call("ListOrganizationMetadata", { organizationId: orgId }), protocol, Code.NotFound);
      expectError(await call("UpdateOrganization", { organizationId: orgId, name: unique("Back") }), protocol, Code.NotFound);
    });

    it("keeps the default organisation, answers NotFound for unknown ones and InvalidArgument for a bad id", async () => {
      expectError(await call("DeleteOrganization", { organizationId: defaultOrgId }), protocol, Code.FailedPrecondition, "COMMAND-OrgDf1");
      expect((await listed(defaultOrgId))?.state).toBe("ORGANIZATION_STATE_ACTIVE");
      expectError(await call("DeleteOrganization", { organizationId: "no-such-org" }), protocol, Code.NotFound, "COMMAND-OrgNf3");
      const bad = expectError(await call("DeleteOrganization", { organizationId: tooLongId }), protocol, Code.InvalidArgument);
      expect(bad.violations.map((v) => v.field)).toEqual(["organization_id"]);
    });
  });

  describe("AddOrganization", () => {
    it("takes a caller-chosen organization_id (org_id as its older name) and refuses a taken one", async () => {
      const chosen = unique(`chosen-${protocol}`);
      expect(ok(await call("AddOrganization", { name: unique("Chosen"), organizationId: chosen })).organizationId).toBe(chosen);
      const older = unique(`older-${protocol}`);
      expect(ok(await call("AddOrganization", { name: unique("Older"), orgId: older })).organizationId).toBe(older);
      const both = unique(`both-${protocol}`);
      expect(ok(await call("AddOrganization", { name: unique("Both"), orgId: unique("ignored"), organizationId: both })).organizationId).toBe(both);
      expectError(await call("AddOrganization", { name: unique("Taken"), organizationId: chosen }), protocol, Code.FailedPrecondition, "COMMAND-OrgEx1");
      expectError(await call("AddOrganization", { name: unique("Taken"), orgId: older }), protocol, Code.FailedPrecondition, "COMMAND-OrgEx1");
      const bad = expectError(await call("AddOrganization", { name: "", organizationId: tooLongId }), protocol, Code.InvalidArgument);
      expect(bad.violations.map((v) => v.field).sort()).toEqual(["name", "organization_id"]);
    });

    it("writes the organisation and its admins as one change: the listed creation_date is the change_date it answered", async () => {
      const username = unique("one-push");
      const created = ok(
        await call("AddOrganization", {
          name: unique("One Push"),
          admins: [{ userId: f.viewerId }, { human: { username, profile: { givenName: "O", familyName: "P" }, email: { email: `${username}@example.com` } } }],
        }),
      );
      const orgId = String(created.organizationId);
      const details = created.details as JsonObject;
      expect(((await listed(orgId))!.details as JsonObject).creationDate).toBe(details.changeDate);
      const adminId = String((created.createdAdmins as JsonObject[])[0]!.userId);
      expect((ok(await users("GetUserByID", { userId: adminId })).details as JsonObject).creationDate).toBe(details.changeDate);
    });

    it("leaves nothing behind when an admin fails", async () => {
      const name = unique("Nothing Left");
      const free = unique("free-admin");
      const taken = unique("taken-admin");
      ok(await users("AddHumanUser", { username: taken, profile: { givenName: "T", familyName: "T" }, email: { email: `${taken}@example.com` } }));
      const admin = (username: string) => ({ human: { username, profile: { givenName: "A", familyName: "B" }, email: { email: `${username}@example.com` } } });
      expectError(await call("AddOrganization", { name, admins: [admin(free), admin(taken)] }), protocol, Code.AlreadyExists);
      const found = ok(await call("ListOrganizations", { queries: [{ nameQuery: { name } }] }));
      expect(found.result ?? []).toEqual([]);
      expect(await suite.server.app.database.prisma.user.count({ where: { username: free } })).toBe(0);
    });
  });
});
