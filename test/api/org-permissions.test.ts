// Who may call each organisation RPC beyond AddOrganization and ListOrganizations, over all four protocols, as
// ZITADEL's default roles decide (cmd/defaults.yaml): org.write (IAM_OWNER, IAM_ORG_MANAGER, ORG_OWNER,
// ORG_SETTINGS_MANAGER) for changes, org.delete (not ORG_SETTINGS_MANAGER) for DeleteOrganization, org.read
// (ORG_OWNER_VIEWER too) for the lists. A caller with a role in the organisation that lacks the permission gets
// PermissionDenied; one without any membership there — the owner of another organisation, a user without
// memberships, the organisation's own role-less user — gets NotFound (ZITADEL's "membership not found"). A
// refused call writes nothing.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, httpStatus } from "../helpers/outcome-checks.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, unique } from "./auth-fixture.js";
import { orgFixture, protocols, type OrgCallers, type OrgFixture } from "./org-fixture.js";

const suite = serveForSuite();
let f: OrgFixture;
beforeAll(async () => {
  f = await orgFixture(suite.server);
});
afterAll(() => f?.close());

type Access = "read" | "write" | "delete";
type Caller = keyof OrgCallers;
type Outcome = "OK" | Code;

/** What each caller gets, by the permission the RPC needs. */
const expected: Record<Access, Record<Caller, Outcome>> = {
  read: { iamOwner: "OK", orgOwner: "OK", settingsManager: "OK", viewer: "OK", otherOwner: Code.NotFound, noMembership: Code.NotFound, self: Code.NotFound },
  write: { iamOwner: "OK", orgOwner: "OK", settingsManager: "OK", viewer: Code.PermissionDenied, otherOwner: Code.NotFound, noMembership: Code.NotFound, self: Code.NotFound },
  delete: { iamOwner: "OK", orgOwner: "OK", settingsManager: Code.PermissionDenied, viewer: Code.PermissionDenied, otherOwner: Code.NotFound, noMembership: Code.NotFound, self: Code.NotFound },
};

const base64 = (text: string) => Buffer.from(text).toString("base64");

interface Case {
  method: string;
  access: Access;
  /** Where a caller's outcome differs from its role's. */
  except?: Partial<Record<Caller, Outcome>>;
  /** Brings the organisation into the state the call needs (as the instance owner) and answers the request. */
  request(orgId: string, admin: (method: string, request: JsonObject) => Promise<unknown>): Promise<JsonObject>;
}

const cases: Case[] = [
  { method: "UpdateOrganization", access: "write", request: async (orgId) => ({ organizationId: orgId, name: unique("Renamed") }) },
  { method: "DeleteOrganization", access: "delete", request: async (orgId) => ({ organizationId: orgId }) },
  { method: "DeactivateOrganization", access: "write", request: async (orgId) => ({ organizationId: orgId }) },
  {
    method: "ActivateOrganization",
    access: "write",
    // The organisation's own user is shut out while it is inactive: no caller at all.
    except: { self: Code.Unauthenticated },
    async request(orgId, admin) {
      await admin("DeactivateOrganization", { organizationId: orgId }); // refused when it is inactive already: fine
      return { organizationId: orgId };
    },
  },
  { method: "SetOrganizationMetadata", access: "write", request: async (orgId) => ({ organizationId: orgId, metadata: [{ key: "k", value: base64(unique("v")) }] }) },
  { method: "ListOrganizationMetadata", access: "read", request: async (orgId) => ({ organizationId: orgId }) },
  {
    method: "DeleteOrganizationMetadata",
    access: "write",
    async request(orgId, admin) {
      await admin("SetOrganizationMetadata", { organizationId: orgId, metadata: [{ key: "gone", value: base64("v") }] });
      return { organizationId: orgId, keys: ["gone"] };
    },
  },
  { method: "AddOrganizationDomain", access: "write", request: async (orgId) => ({ organizationId: orgId, domain: `${unique("perm")}.example.com` }) },
  { method: "ListOrganizationDomains", access: "read", request: async (orgId) => ({ organizationId: orgId }) },
  {
    method: "DeleteOrganizationDomain",
    access: "write",
    async request(orgId, admin) {
      const domain = `${unique("perm-gone")}.example.com`;
      await admin("AddOrganizationDomain", { organizationId: orgId, domain });
      return { organizationId: orgId, domain };
    },
  },
];

const callers: Caller[] = ["iamOwner", "orgOwner", "settingsManager", "viewer", "otherOwner", "noMembership", "self"];

describe.each(protocols)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject, token: string) => f.driver(protocol).call(method, request, token);
  const admin = (method: string, request: JsonObject) => call(method, request, suite.server.adminToken);
  const eventCount = (aggregateId: string) => suite.server.app.database.prisma.event.count({ where: { aggregateId } });

  it.each(cases)("$method: allowed and refused as ZITADEL's roles decide, refusals writing nothing", async ({ method, access, except, request }) => {
    const want = { ...expected[access], ...except };
    // Every allowed call gets an organisation of its own (a deletion or state change must not meet the last one's).
    const refusedOrg = await f.newOrg(`Refused ${method}`);
    const seen: Partial<Record<Caller, Outcome>> = {};
    for (const caller of callers) {
      const allowed = want[caller] === "OK";
      const org = allowed ? await f.newOrg(`Allowed ${method}`) : refusedOrg;
      const token = org.callers[caller];
      const body = await request(org.orgId, admin);
      const before = await eventCount(org.orgId);
      const outcome = await call(method, body, token);
      seen[caller] = codeOf(outcome);
      if (!allowed) expect(await eventCount(org.orgId), `${caller} wrote events`).toBe(before);
      if (!outcome.ok && protocol === "rest") expect(outcome.httpStatus).toBe(httpStatus[outcome.code]);
    }
    expect(seen).toEqual(want);
  });

  it("lets a user delete the organisation it owns, itself included", async () => {
    const ownerName = unique("self-owner");
    const created = ok(
      await admin("AddOrganization", {
        name: unique("Owned By Its User"),
        admins: [{ human: { username: ownerName, profile: { givenName: "O", familyName: "W" }, email: { email: `${ownerName}@example.com` } } }],
      }),
    );
    const ownerId = String((created.createdAdmins as JsonObject[])[0]!.userId);
    const token = await issueUserToken(suite.server, ownerId);
    ok(await call("DeleteOrganization", { organizationId: String(created.organizationId) }, token));
    expect(codeOf(await suite.driver(protocol).call("GetUserByID", { userId: ownerId }, suite.server.adminToken))).toBe(Code.NotFound);
  });
});
