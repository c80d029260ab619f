// Okta's provisioning, replayed (Okta's "SCIM 2.0 protocol reference": look up by userName with
// startIndex/count, create with a password, get, PUT, deactivate and reactivate with a PATCH without path,
// a password change, paged import), and RFC 7644's examples: every filter of §3.4.2.2 on users shaped like
// the RFC's, sorting, paging, attributes/excludedAttributes, POST .search (§3.4.3), the PATCH examples of
// §3.5.2, Bulk with bulkId references and failOnErrors (§3.7), ETags (§3.14) and discovery (§4).
import http2 from "node:http2";
import { beforeAll, describe, expect, it } from "vitest";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { checkConsistency } from "../../src/tools/consistency/check-consistency.js";
import { ok } from "../helpers/outcome-checks.js";
import { allDrivers } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { expectScimError, scimClient, type ScimClient } from "./scim-client.js";

const suite = serveForSuite();
let scim: ScimClient;
beforeAll(() => {
  scim = scimClient(suite.server);
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
const ids = (answer: { body: { Resources: { id: string }[] } }) => answer.body.Resources.map((r) => r.id);
const names = (answer: { body: { Resources: { userName: string }[] } }) => answer.body.Resources.map((r) => r.userName);

describe("Okta's provisioning sequence", () => {
  let id: string;
  const okta = {
    schemas: [USER],
    userName: "test.user@okta.local",
    name: { givenName: "Test", familyName: "User" },
    emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
    displayName: "Test User",
    locale: "en-US",
    externalId: "00ujl29u0le5T6Aj10h7",
    groups: [],
    password: "1mz050nq",
    active: true,
  };

  it("looks the user up first and finds none", async () => {
    const answer = await scim.request("GET", `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    expect(answer.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it("refuses Okta's sample password under ZITADEL's password policy, then creates the user with a strong one", async () => {
    const weak = await scim.request("POST", "/Users", okta);
    expectScimError(weak, 400, "invalidValue");
    expect(weak.body.detail).toMatch(/password/);
    const created = await scim.request("POST", "/Users", { ...okta, password: "Str0ng!Passw0rd" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ userName: "test.user@okta.local", displayName: "Test User", locale: "en-US", externalId: "00ujl29u0le5T6Aj10h7", active: true });
    expect(created.body.password).toBeUndefined();
    expect(created.body.groups).toBeUndefined();
  });

  it("gets the user and replaces it with PUT", async () => {
    const got = await scim.request("GET", `/Users/${id}`);
    expect(got.body.name).toEqual({ formatted: "Test User", givenName: "Test", familyName: "User" });
    const put = await scim.request("PUT", `/Users/${id}`, { ...okta, id, password: undefined, name: { givenName: "Another", familyName: "User" }, displayName: "Another User", locale: undefined });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ name: { givenName: "Another", familyName: "User" }, displayName: "Another User" });
    expect(put.body.locale).toBeUndefined(); // PUT replaces: what is not sent is gone
  });

  it("deactivates and reactivates with a PATCH without path, and changes the password", async () => {
    const off = await scim.request("PATCH", `/Users/${id}`, patch({ op: "replace", value: { active: false } }));
    expect(off.body.active).toBe(false);
    const on = await scim.request("PATCH", `/Users/${id}`, patch({ op: "replace", value: { active: true } }));
    expect(on.body.active).toBe(true);
    const before = Number(/\d+/.exec(on.body.meta.version)![0]);
    const password = await scim.request("PATCH", `/Users/${id}`, patch({ op: "replace", value: { password: "An0ther!Secret" } }));
    expect(password.status).toBe(200);
    expect(password.body.password).toBeUndefined();
    expect(Number(/\d+/.exec(password.body.meta.version)![0])).toBeGreaterThan(before);
  });

  it("imports users page by page", async () => {
    for (const n of [1, 2, 3]) expect((await scim.request("POST", "/Users", { schemas: [USER], userName: `import-${n}@okta.local`, name: { givenName: "I", familyName: `${n}` }, emails: [{ value: `import-${n}@okta.local` }] })).status).toBe(201);
    const first = await scim.request("GET", "/Users?startIndex=1&count=2");
    const second = await scim.request("GET", "/Users?startIndex=3&count=2");
    expect([first.body.itemsPerPage, first.body.startIndex, second.body.startIndex]).toEqual([2, 1, 3]);
    expect(first.body.totalResults).toBe(second.body.totalResults);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
  });
});

describe("RFC 7644 filters, sorting and paging", () => {
  const people = [
    { userName: "bjensen", title: "Tour Guide", userType: "Employee", familyName: "Jensen", emails: [{ value: "bjensen@example.com", type: "work", primary: true }] },
    { userName: "jsmith", title: "Intern", userType: "Intern", familyName: "O'Malley", emails: [{ value: "jsmith@example.org", type: "work", primary: true }], ims: [{ value: "jsmith@foo.com", type: "xmpp" }] },
    { userName: "Jdoe", userType: "Employee", familyName: "Doe", emails: [{ value: "jdoe@example.net", type: "home", primary: true }, { value: "jdoe@example.com", type: "work" }] },
  ];
  let since: string;
  beforeAll(async () => {
    since = new Date(Date.now() - 1000).toISOString();
    for (const p of people) {
      const answer = await scim.request("POST", "/Users", { schemas: [USER], userName: p.userName, title: p.title, userType: p.userType, name: { givenName: "R", familyName: p.familyName }, emails: p.emails, ims: p.ims });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
  });
  const rfcUsers = (filter: string, extra = "") => scim.request("GET", `/Users?filter=${encodeURIComponent(filter)}&sortBy=userName${extra}`);

  it.each([
    ['userName eq "bjensen"', ["bjensen"]],
    ['userName eq "BJENSEN"', ["bjensen"]],
    [`name.familyName co "O'Malley"`, ["jsmith"]],
    ['userName sw "J"', ["Jdoe", "jsmith"]],
    ['userName ew "smith"', ["jsmith"]],
    ['userName gt "jdoe" and userType pr', ["jsmith"]],
    ['userName ge "jdoe" and userType pr', ["Jdoe", "jsmith"]],
    ['userName lt "jdoe" and userType pr', ["bjensen"]],
    ['userName le "jdoe" and userType pr', ["bjensen", "Jdoe"]],
    ['userName ne "bjensen" and userType pr', ["Jdoe", "jsmith"]],
    ['title pr', ["bjensen", "jsmith"]],
    ['title pr and userType eq "Employee"', ["bjensen"]],
    ['title pr or userType eq "Intern"', ["bjensen", "jsmith"]],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', ["bjensen", "Jdoe"]],
    ['userType pr and userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', []],
    ['userType pr and userType ne "Employee"', ["jsmith"]],
    ['userType eq "Employee" and (emails.type eq "work")', ["bjensen", "Jdoe"]],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ["bjensen", "Jdoe"]],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', ["bjensen", "Jdoe", "jsmith"]],
    ['emails[type eq "home"].value ew ".net"', ["Jdoe"]],
  ])("%s", async (filter, expected) => {
    const answer = await rfcUsers(filter);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(names(answer)).toEqual(expected);
  });

  it("compares meta.lastModified as time", async () => {
    const newer = await rfcUsers(`meta.lastModified gt "${since}" and userType pr`);
    expect(names(newer)).toEqual(["bjensen", "Jdoe", "jsmith"]);
    expect(names(await rfcUsers(`meta.lastModified lt "${since}" and userType pr`))).toEqual([]);
    expect(names(await rfcUsers('meta.created ge "2011-05-13T04:42:34Z" and userType eq "Intern"'))).toEqual(["jsmith"]);
  });

  it("sorts descending, pages, and projects attributes", async () => {
    const sorted = await scim.request("GET", `/Users?filter=${encodeURIComponent("userType pr")}&sortBy=userName&sortOrder=descending&startIndex=2&count=1&attributes=userName,name.familyName`);
    expect(sorted.body).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 2 });
    expect(sorted.body.Resources).toEqual([{ schemas: [USER], id: expect.any(String), userName: "Jdoe", name: { familyName: "Doe" } }]);
    const excluded = await scim.request("GET", `/Users?filter=${encodeURIComponent('userName eq "bjensen"')}&excludedAttributes=emails,meta`);
    expect(excluded.body.Resources[0].emails).toBeUndefined();
    expect(excluded.body.Resources[0].meta).toBeUndefined();
    expect(excluded.body.Resources[0].id).toBeDefined();
  });

  it("searches with POST /.search and /Users/.search (§3.4.3)", async () => {
    const body = { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], attributes: ["displayName", "userName"], filter: 'userName sw "j"', sortBy: "userName", startIndex: 1, count: 10 };
    for (const path of ["/.search", "/Users/.search"]) {
      const answer = await scim.request("POST", path, body);
      expect(answer.status).toBe(200);
      expect(answer.body.Resources.map((r: { userName: string; displayName: string }) => [r.userName, r.displayName])).toEqual([["Jdoe", "R Doe"], ["jsmith", "R O'Malley"]]);
    }
  });
});

describe("RFC 7644 PATCH examples (§3.5.2)", () => {
  let id: string;
  beforeAll(async () => {
    const created = await scim.request("POST", "/Users", { schemas: [USER], userName: "babs", name: { givenName: "Barbara", familyName: "Jensen" }, emails: [{ value: "bjensen@example.com", type: "work", primary: true }] });
    id = created.body.id;
  });

  it("adds without path: emails and nickname (attribute names are case-insensitive)", async () => {
    const answer = await scim.request("PATCH", `/Users/${id}`, patch({ op: "add", value: { emails: [{ value: "babs@jensen.org", type: "home" }], nickname: "Babs" } }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.nickName).toBe("Babs");
    expect(answer.body.emails).toEqual([{ value: "bjensen@example.com", type: "work", primary: true }, { value: "babs@jensen.org", type: "home" }]);
  });

  it("replaces a value-path element, removes by a filter, and replaces a single attribute", async () => {
    const replaced = await scim.request("PATCH", `/Users/${id}`, patch({ op: "replace", path: 'emails[type eq "work"]', value: { type: "work", value: "bjensen@example.net", primary: true } }));
    expect(replaced.body.emails[0]).toEqual({ type: "work", value: "bjensen@example.net", primary: true });
    const removed = await scim.request("PATCH", `/Users/${id}`, patch({ op: "remove", path: 'emails[type eq "home" and value ew "jensen.org"]' }));
    expect(removed.body.emails).toEqual([{ type: "work", value: "bjensen@example.net", primary: true }]);
    const nick = await scim.request("PATCH", `/Users/${id}`, patch({ op: "remove", path: "nickName" }, { op: "replace", path: "displayName", value: "Babs Jensen" }));
    expect([nick.body.nickName, nick.body.displayName]).toEqual([undefined, "Babs Jensen"]);
  });

  it("answers ETags (§3.14): If-Match with the current version writes, the old one is 412", async () => {
    const current = await scim.request("GET", `/Users/${id}`);
    const etag = current.headers.get("etag")!;
    expect(etag).toBe(current.body.meta.version);
    expect(etag).toMatch(/^W\/"\d+"$/);
    const put = await scim.request("PUT", `/Users/${id}`, { schemas: [USER], userName: "babs", name: { givenName: "Barbara", familyName: "Jensen" }, emails: [{ value: "bjensen@example.net", primary: true }] }, { "if-match": etag });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).not.toBe(etag);
    expectScimError(await scim.request("PATCH", `/Users/${id}`, patch({ op: "replace", path: "title", value: "x" }), { "if-match": etag }), 412);
  });
});

describe("Bulk (§3.7)", () => {

  it("resolves bulkId references whatever the order, and runs PATCH and DELETE on created users", async () => {
    const answer = await scim.request("POST", "/Bulk", {
      schemas: [BULK],
      Operations: [
        { method: "POST", path: "/Users", bulkId: "report", data: data("bulk-report", { [ENTERPRISE]: { manager: { value: "bulkId:boss" } } }) },
        { method: "POST", path: "/Users", bulkId: "boss", data: data("bulk-boss") },
        { method: "PATCH", path: "/Users/bulkId:boss", data: patch({ op: "replace", path: "title", value: "Boss" }) },
        { method: "POST", path: "/Users", bulkId: "temp", data: data("bulk-temp") },
        { method: "DELETE", path: "/Users/bulkId:temp" },
      ],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:BulkResponse"]);
    expect(answer.body.Operations.map((o: { status: string }) => o.status)).toEqual(["201", "201", "200", "201", "204"]);
    const [report, boss] = answer.body.Operations as { location: string; version: string }[];
    const bossId = boss!.location.split("/").pop();
    const reportUser = await scim.request("GET", `/Users/${report!.location.split("/").pop()}`);
    expect(reportUser.body[ENTERPRISE].manager).toEqual({ value: bossId });
    expect((await scim.request("GET", `/Users/${bossId}`)).body.title).toBe("Boss");
    expect(report!.version).toMatch(/^W\/"\d+"$/);
  });

  it("stops after failOnErrors errors and leaves the rest out", async () => {
    const answer = await scim.request("POST", "/Bulk", {
      schemas: [BULK],
      failOnErrors: 1,
      Operations: [
        { method: "POST", path: "/Users", bulkId: "ok", data: data("bulk-ok") },
        { method: "POST", path: "/Users", bulkId: "dup", data: data("bulk-ok") },
        { method: "POST", path: "/Users", bulkId: "never", data: data("bulk-never") },
      ],
    });
    expect(answer.body.Operations.map((o: { bulkId: string; status: string }) => [o.bulkId, o.status])).toEqual([["ok", "201"], ["dup", "409"]]);
    expect(answer.body.Operations[1].response).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect((await scim.request("GET", `/Users?filter=${encodeURIComponent('userName eq "bulk-never"')}`)).body.totalResults).toBe(0);
  });
});

describe("discovery (§4) and organisations", () => {
  it("serves ServiceProviderConfig, ResourceTypes and Schemas", async () => {
    const config = await scim.request("GET", "/ServiceProviderConfig");
    expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: true, maxOperations: 100 }, filter: { supported: true, maxResults: 1000 }, sort: { supported: true }, etag: { supported: true }, changePassword: { supported: true } });
    const types = await scim.request("GET", "/ResourceTypes");
    expect(types.body.Resources).toEqual([expect.objectContaining({ id: "User", endpoint: "/Users", schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] })]);
    const schemas = await scim.request("GET", "/Schemas");
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, ENTERPRISE]);
    const user = await scim.request("GET", `/Schemas/${USER}`);
    expect(user.body.attributes.find((a: { name: string }) => a.name === "userName")).toMatchObject({ required: true, caseExact: false, uniqueness: "server" });
    expect(user.body.attributes.find((a: { name: string }) => a.name === "password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
  });

  it("keeps each organisation's users under its own path", async () => {
    const orgs = allDrivers(suite.server.url, OrganizationService).find((d) => d.name === "connect")!;
    const added = await orgs.call("AddOrganization", { name: "SCIM Tenant" }, suite.server.adminToken);
    orgs.close();
    const orgId = String(ok(added).organizationId);
    const tenant = scimClient(suite.server, { prefix: `/scim/v2/${orgId}` });
    const created = await tenant.request("POST", "/Users", data("tenant-user"));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.meta.location).toBe(`${tenant.base}/Users/${created.body.id}`);
    expect(names(await tenant.request("GET", "/Users"))).toEqual(["tenant-user"]);
    expect((await scim.request("GET", `/Users/${created.body.id}`)).status).toBe(404);
    expect((await scim.request("GET", `/Users?filter=${encodeURIComponent('userName eq "tenant-user"')}`)).body.totalResults).toBe(0);
  });
});

describe("over HTTP/2 (h2c), where connect-node's fallback runs the same routers", () => {
  const h2 = (session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string) =>
    new Promise<{ status: number; type: string | undefined; body: any }>((resolve, reject) => {
      const stream = session.request(headers);
      let text = "";
      let status = 0;
      let type: string | undefined;
      stream.on("response", (h) => ((status = Number(h[":status"])), (type = h["content-type"] as string | undefined)));
      stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
      stream.on("end", () => resolve({ status, type, body: text && type?.includes("json") ? JSON.parse(text) : text }));
      stream.on("error", reject);
      stream.end(body);
    });

  it("serves SCIM (a body without content-length), REST, health and the browser app", async () => {
    const session = http2.connect(suite.server.url);
    try {
      const auth = { authorization: `Bearer ${suite.server.adminToken}` };
      // No content-length: HTTP/2 frames the body itself.
      const created = await h2(session, { ":method": "POST", ":path": "/scim/v2/Users", "content-type": "application/scim+json", ...auth }, JSON.stringify(data("over-h2")));
      expect([created.status, created.type, created.body.userName]).toEqual([201, "application/scim+json", "over-h2"]);
      const rest = await h2(session, { ":method": "GET", ":path": `/v2/users/${created.body.id}`, ...auth });
      expect([rest.status, rest.body.user.username]).toEqual([200, "over-h2"]);
      const config = await h2(session, { ":method": "GET", ":path": "/scim/v2/ServiceProviderConfig" });
      expect(config.body.bulk.supported).toBe(true);
      // The rest of the edge is there on HTTP/2 too: health and the browser app (express.static).
      expect((await h2(session, { ":method": "GET", ":path": "/healthz" })).body).toEqual({ status: "SERVING" });
      const page = await h2(session, { ":method": "GET", ":path": "/ui/" });
      expect([page.status, page.type]).toEqual([200, "text/html; charset=utf-8"]);
    } finally {
      session.close();
    }
  });
});

describe("after all of it", () => {
  it("the projections (users, metadata) are what the events say: npm run check-consistency finds nothing", async () => {
    const report = await checkConsistency(suite.server.app.database);
    expect(report.mismatches).toEqual([]);
    expect(report.events).toBe(await suite.server.app.database.prisma.event.count());
    expect(report.aggregates).toBeGreaterThan(10);
  });
});

function data(userName: string, extra: object = {}) {
  return { schemas: [USER], userName, name: { givenName: "T", familyName: userName }, emails: [{ value: `${userName}@example.com` }], ...extra };
}
