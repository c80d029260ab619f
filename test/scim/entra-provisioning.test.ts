// Microsoft Entra ID's provisioning, replayed: the request sequence of Microsoft Learn's "Tutorial: Develop
// and plan provisioning for a SCIM endpoint" (User operations: create, get, get by query, zero results,
// multi-valued and single-valued updates, disable, delete), then the quirks Entra is known for ("Known issues
// and resolutions with SCIM 2.0 protocol compliance"): capitalised ops, booleans as the strings "True"/"False",
// PATCH without a path, value-path filters on emails. Every change is a details.sequence step that the
// ZITADEL API (GetUserByID over REST) sees, with the same ETag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { scimClient, type ScimAnswer, type ScimClient } from "./scim-client.js";

const suite = serveForSuite();
let scim: ScimClient;
let orgBase: ScimClient;
beforeAll(async () => {
  scim = scimClient(suite.server);
  const orgId = await defaultOrgId();
  orgBase = scimClient(suite.server, { prefix: `/scim/v2/${orgId}` });
});
afterAll(() => {});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function defaultOrgId(): Promise<string> {
  const { server } = suite;
  const answer = await fetch(new URL(`/v2/users/${server.app.bootstrap.adminUserId}`, server.url), { headers: { authorization: `Bearer ${server.adminToken}` } });
  return ((await answer.json()) as { details: { resourceOwner: string } }).details.resourceOwner;
}

/** GetUserByID over the ZITADEL REST API: the user and the ETag of its sequence. */
async function zitadelUser(id: string) {
  const { server } = suite;
  const answer = await fetch(new URL(`/v2/users/${id}`, server.url), { headers: { authorization: `Bearer ${server.adminToken}` } });
  const body = (await answer.json()) as { user?: { state: string; username: string; human?: { profile: { familyName: string; givenName: string; preferredLanguage?: string }; email: { email: string; isVerified: boolean } } }; details?: { sequence: string } };
  return { status: answer.status, etag: answer.headers.get("etag"), human: body.user?.human, ...body };
}

const sequenceOf = (answer: ScimAnswer) => Number(/^W\/"(\d+)"$/.exec(answer.body.meta.version)![1]);
const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });

describe("Entra's documented user operations", () => {
  let id: string;
  const userName = "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1";
  let versions: number[] = [];

  it("creates a user (POST /Users) as Entra sends it", async () => {
    const created = await scim.request("POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName,
      active: true,
      emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/scim+json");
    id = created.body.id;
    expect(created.headers.get("location")).toBe(`${scim.base}/Users/${id}`);
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({
      schemas: [USER],
      id,
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName,
      active: true,
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" }],
      meta: { resourceType: "User", location: `${scim.base}/Users/${id}` },
    });
    // No language was sent: ZITADEL's API says "und" (undetermined), SCIM leaves the attribute out as unassigned.
    expect(created.body).not.toHaveProperty("preferredLanguage");
    const zitadel = await zitadelUser(id);
    expect(zitadel.human?.email).toEqual({ email: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com", isVerified: true });
    expect(zitadel.human?.profile).toMatchObject({ preferredLanguage: "und" });
    expect(zitadel.etag).toBe(`"${sequenceOf(created)}"`);
    versions.push(sequenceOf(created));
  });

  it("gets the user, by id and under the organisation's own path", async () => {
    const byDefault = await scim.request("GET", `/Users/${id}`);
    const byOrg = await orgBase.request("GET", `/Users/${id}`);
    expect([byDefault.status, byOrg.status]).toEqual([200, 200]);
    expect(byOrg.body.userName).toBe(userName);
    expect(byOrg.body.meta.location).toBe(`${orgBase.base}/Users/${id}`);
  });

  it("finds the user by query, and answers zero results for a name nobody has", async () => {
    const found = await scim.request("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(found.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources[0].id).toBe(id);
    const none = await scim.request("GET", `/Users?filter=${encodeURIComponent('userName eq "non-existent user"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    const byExternalId = await scim.request("GET", `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    expect(byExternalId.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it("updates multi-valued and single-valued properties; each PATCH is a sequence step GetUserByID sees", async () => {
    const multi = await scim.request(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" }, { op: "Replace", path: "name.familyName", value: "updatedFamilyName" }),
    );
    expect(multi.status, JSON.stringify(multi.body)).toBe(200);
    expect(multi.body.emails).toEqual([{ primary: true, type: "work", value: "updatedEmail@microsoft.com" }]);
    expect(multi.body.name.familyName).toBe("updatedFamilyName");
    const single = await scim.request("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" }));
    expect(single.body.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    versions.push(sequenceOf(multi), sequenceOf(single));
    expect(versions[1]).toBeGreaterThan(versions[0]!);
    expect(versions[2]).toBeGreaterThan(versions[1]!);
    const zitadel = await zitadelUser(id);
    expect(zitadel).toMatchObject({ etag: `"${versions[2]}"`, details: { sequence: String(versions[2]) }, user: { username: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" } });
    expect(zitadel.human?.profile.familyName).toBe("updatedFamilyName");
    expect(zitadel.human?.email).toEqual({ email: "updatedEmail@microsoft.com", isVerified: true });
  });

  it("disables the user (active false), which ZITADEL shows as inactive", async () => {
    const disabled = await scim.request("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: false }));
    expect(disabled.body.active).toBe(false);
    expect((await zitadelUser(id)).user?.state).toBe("USER_STATE_INACTIVE");
    const listed = await scim.request("GET", `/Users?filter=${encodeURIComponent(`userName eq "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"`)}`);
    expect(listed.body.Resources[0].active).toBe(false);
  });

  it("deletes the user: 204, then 404 on SCIM and on the ZITADEL API", async () => {
    const deleted = await scim.request("DELETE", `/Users/${id}`);
    expect([deleted.status, deleted.body]).toEqual([204, undefined]);
    const gone = await scim.request("GET", `/Users/${id}`);
    expect([gone.status, gone.body.status]).toEqual([404, "404"]);
    expect((await zitadelUser(id)).status).toBe(404);
  });
});

describe("Entra's quirks", () => {
  let id: string;
  beforeAll(async () => {
    const created = await scim.request("POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      userName: "quirks@contoso.com",
      active: "True",
      emails: [{ primary: true, type: "work", value: "quirks@contoso.com" }],
      name: { familyName: "Quirk", givenName: "Quinn" },
      [ENTERPRISE]: { department: "Sales", employeeNumber: "701984" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
  });

  it('reads "op": "Replace" and "active": "False" as replace and false, and "Add" with "True" back', async () => {
    const off = await scim.request("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect((await zitadelUser(id)).user?.state).toBe("USER_STATE_INACTIVE");
    const on = await scim.request("PATCH", `/Users/${id}`, patch({ op: "Add", path: "active", value: "True" }));
    expect(on.body.active).toBe(true);
    expect((await zitadelUser(id)).user?.state).toBe("USER_STATE_ACTIVE");
  });

  it("applies a PATCH without path (attributes in the value, dotted names and the extension's URN)", async () => {
    const answer = await scim.request(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "Replace", value: { displayName: "Quinn Q.", "name.givenName": "Quincy", [`${ENTERPRISE}:department`]: "Marketing", title: "Lead" } }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ displayName: "Quinn Q.", name: { givenName: "Quincy", familyName: "Quirk" }, title: "Lead", [ENTERPRISE]: { department: "Marketing", employeeNumber: "701984" } });
    expect((await zitadelUser(id)).human?.profile.givenName).toBe("Quincy");
  });

  it('adds through a value path ("Add" emails[type eq "work"].value) and filters by one', async () => {
    const added = await scim.request("PATCH", `/Users/${id}`, patch({ op: "Add", path: 'emails[type eq "work"].value', value: "quinn@contoso.com" }));
    expect(added.body.emails).toEqual([{ primary: true, type: "work", value: "quinn@contoso.com" }]);
    const filter = encodeURIComponent('emails[type eq "work"].value eq "QUINN@contoso.com"');
    const found = await scim.request("GET", `/Users?filter=${filter}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
    const other = await scim.request("GET", `/Users?filter=${encodeURIComponent('emails[type eq "home"].value eq "quinn@contoso.com"')}`);
    expect(other.body.totalResults).toBe(0);
  });

  it("removes an extension attribute by its URN path", async () => {
    const removed = await scim.request("PATCH", `/Users/${id}`, patch({ op: "Remove", path: `${ENTERPRISE}:employeeNumber` }));
    expect(removed.body[ENTERPRISE]).toEqual({ department: "Marketing" });
  });
});
