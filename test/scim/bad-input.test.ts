// Bad SCIM input gets its RFC 7644 §3.12 error (schemas, status as a string, scimType, detail, content type
// application/scim+json), never a 500, and writes nothing: the event log has the same number of events after.
// Malformed and unknown-attribute filters, unknown attributes and schemas, wrong types, a PATCH on a
// read-only or unknown path, oversized Bulk requests (operations and bytes), bulkId cycles and dangling
// references, a stale If-Match, a missing token.
import { beforeAll, describe, expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { expectScimError, scimClient, type ScimClient } from "./scim-client.js";

const MAX_REQUEST_BYTES = 64 * 1024;
const suite = serveForSuite({ env: { MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES) } });
let scim: ScimClient;
let id: string;
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const valid = (userName: string) => ({ schemas: [USER], userName, name: { givenName: "Val", familyName: "Id" }, emails: [{ value: `${userName}@example.com` }] });

beforeAll(async () => {
  scim = scimClient(suite.server);
  const created = await scim.request("POST", "/Users", valid("target"));
  expect(created.status).toBe(201);
  id = created.body.id;
});

const events = () => suite.server.app.database.prisma.event.count();

/** Sends the request and checks the SCIM error and that nothing was written. */
async function refused(status: number, scimType: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const before = await events();
  const answer = await scim.request(method, path, body, headers);
  expectScimError(answer, status, scimType);
  expect(await events()).toBe(before);
  return answer;
}

const list = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe("filters", () => {
  it.each([
    ['userName eq'],
    ['(userName eq "a"'],
    ['userName eq "a" and'],
    ['userName zz "a"'],
    ['userName eq "unterminated'],
    ['emails[type eq "work"'],
  ])("refuses the malformed filter %s as invalidFilter", async (filter) => {
    await refused(400, "invalidFilter", "GET", list(filter));
  });

  it.each([
    ['nosuch eq "x"'],
    ['name.nosuch eq "x"'],
    ['active gt true'],
    ['active eq "yes"'],
    ['meta.lastModified gt "not a date"'],
    ['userName eq 12'],
    ['name eq "x"'],
    ['password eq "secret"'],
    ['emails[nosuch eq "x"]'],
  ])("refuses %s (unknown attribute or wrong type) as invalidFilter", async (filter) => {
    await refused(400, "invalidFilter", "GET", list(filter));
  });

  it("refuses bad list parameters as invalidValue", async () => {
    await refused(400, "invalidValue", "GET", "/Users?sortBy=nosuch");
    await refused(400, "invalidValue", "GET", "/Users?sortOrder=sideways");
    await refused(400, "invalidValue", "GET", "/Users?count=many");
    await refused(400, "invalidValue", "GET", "/Users?attributes=userName,nosuch");
    await refused(400, "invalidValue", "POST", "/Users/.search", { filter: 'userName eq "a"' });
  });
});

describe("resources", () => {
  it.each([
    ["an unknown attribute", { ...valid("u1"), favouriteColour: "blue" }],
    ["an unknown schema", { ...valid("u2"), schemas: [USER, "urn:example:params:scim:schemas:extension:custom:2.0:User"] }],
    ["no core schema", { ...valid("u3"), schemas: ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] }],
    ["a number for userName", { ...valid("u4"), userName: 42 }],
    ["a string for emails", { ...valid("u5"), emails: "u5@example.com" }],
    ["a word for active", { ...valid("u6"), active: "maybe" }],
    ["an array for name", { ...valid("u7"), name: ["Val", "Id"] }],
    ["no userName", { schemas: [USER], name: { givenName: "A", familyName: "B" }, emails: [{ value: "a@example.com" }] }],
    ["no family name", { ...valid("u8"), name: { givenName: "A" } }],
    ["no email", { ...valid("u9"), emails: [] }],
    ["an invalid email", { ...valid("u10"), emails: [{ value: "not an address" }] }],
    ["a weak password", { ...valid("u11"), password: "1mz050nq" }],
    ["an unknown language", { ...valid("u12"), preferredLanguage: "xx-not-a-tag-at-all" }],
  ])("refuses a create with %s as invalidValue", async (_name, body) => {
    await refused(400, "invalidValue", "POST", "/Users", body);
  });

  it("refuses a taken userName as uniqueness (409), case-insensitively", async () => {
    await refused(409, "uniqueness", "POST", "/Users", valid("TARGET"));
  });

  it("refuses what is not JSON, or not JSON at all, as invalidSyntax, and other content types with 415", async () => {
    await refused(400, "invalidSyntax", "POST", "/Users", "{not json");
    await refused(415, undefined, "POST", "/Users", "userName=x", { "content-type": "application/x-www-form-urlencoded" });
  });

  it("refuses a body over MAX_REQUEST_BYTES with 413", async () => {
    await refused(413, undefined, "POST", "/Users", { ...valid("big"), title: "x".repeat(MAX_REQUEST_BYTES) });
  });

  it("refuses a PUT with wrong types, leaving the user as it was", async () => {
    await refused(400, "invalidValue", "PUT", `/Users/${id}`, { ...valid("target"), displayName: { text: "x" } });
  });
});

describe("PATCH", () => {
  const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
  it.each([
    ["no PatchOp schema", { Operations: [{ op: "replace", path: "title", value: "x" }] }, "invalidSyntax"],
    ["no operations", patch(), "invalidSyntax"],
    ["an unknown op", patch({ op: "merge", path: "title", value: "x" }), "invalidSyntax"],
    ["an unknown path", patch({ op: "replace", path: "nosuch", value: "x" }), "invalidPath"],
    ["an unknown sub-attribute", patch({ op: "replace", path: "name.nosuch", value: "x" }), "invalidPath"],
    ["a read-only attribute", patch({ op: "replace", path: "id", value: "x" }), "mutability"],
    ["a read-only sub-attribute", patch({ op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" }), "mutability"],
    ["remove without path", patch({ op: "remove" }), "noTarget"],
    ["a malformed value path", patch({ op: "replace", path: 'emails[type eq "work".value', value: "x" }), "invalidPath"],
    ["a wrong type", patch({ op: "replace", path: "active", value: "perhaps" }), "invalidValue"],
    ["an unknown attribute without path", patch({ op: "add", value: { nosuch: 1 } }), "invalidValue"],
    ["a value that is no object without path", patch({ op: "replace", value: "x" }), "invalidValue"],
    ["removing the required userName", patch({ op: "remove", path: "userName" }), "invalidValue"],
  ])("refuses %s", async (_name, body, scimType) => {
    await refused(400, scimType, "PATCH", `/Users/${id}`, body);
  });

  it("refuses a stale If-Match with 412 and a malformed one with 400", async () => {
    await refused(412, undefined, "PATCH", `/Users/${id}`, patch({ op: "replace", path: "title", value: "x" }), { "if-match": 'W/"1"' });
    await refused(412, undefined, "DELETE", `/Users/${id}`, undefined, { "if-match": 'W/"1"' });
    await refused(400, "invalidValue", "PATCH", `/Users/${id}`, patch({ op: "replace", path: "title", value: "x" }), { "if-match": "yesterday" });
  });
});

describe("Bulk", () => {
  const post = (bulkId: string, userName: string, extra: object = {}) => ({ method: "POST", path: "/Users", bulkId, data: { ...valid(userName), ...extra } });
  const manager = (ref: string) => ({ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: ref } } });

  it("refuses more operations than maxOperations with 413, before any runs", async () => {
    const config = await scim.request("GET", "/ServiceProviderConfig");
    const max = config.body.bulk.maxOperations as number;
    const operations = Array.from({ length: max + 1 }, (_, i) => post(`b${i}`, `bulk-over-${i}`));
    await refused(413, undefined, "POST", "/Bulk", { schemas: [BULK], Operations: operations });
  });

  it("refuses a body larger than maxPayloadSize with 413", async () => {
    const config = await scim.request("GET", "/ServiceProviderConfig");
    expect(config.body.bulk.maxPayloadSize).toBe(MAX_REQUEST_BYTES);
    const operations = Array.from({ length: 10 }, (_, i) => post(`p${i}`, `bulk-big-${i}`, { title: "x".repeat(MAX_REQUEST_BYTES / 8) }));
    await refused(413, undefined, "POST", "/Bulk", { schemas: [BULK], Operations: operations });
  });

  it("answers 409 for operations whose bulkIds form a cycle, writing nothing for them", async () => {
    const before = await events();
    const answer = await scim.request("POST", "/Bulk", {
      schemas: [BULK],
      Operations: [post("a", "cycle-a", manager("bulkId:b")), post("b", "cycle-b", manager("bulkId:c")), post("c", "cycle-c", manager("bulkId:a"))],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.Operations.map((o: { bulkId: string; status: string }) => [o.bulkId, o.status])).toEqual([["a", "409"], ["b", "409"], ["c", "409"]]);
    for (const op of answer.body.Operations) expect(op.response).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409" });
    expect(await events()).toBe(before);
  });

  it("answers 409 for a reference to a bulkId nobody defines, and 400 per malformed operation", async () => {
    const before = await events();
    const answer = await scim.request("POST", "/Bulk", {
      schemas: [BULK],
      Operations: [post("x", "dangling", manager("bulkId:nobody")), { method: "PUT", path: "/Users" }, { method: "FETCH", path: "/Users", bulkId: "f" }, post("y", "no-name", { name: null })],
    });
    expect(answer.body.Operations.map((o: { status: string }) => o.status)).toEqual(["409", "400", "400", "400"]);
    expect(await events()).toBe(before);
  });

  it("refuses a request that is no BulkRequest", async () => {
    await refused(400, "invalidSyntax", "POST", "/Bulk", { Operations: [post("a", "nobulk")] });
    await refused(400, "invalidValue", "POST", "/Bulk", { schemas: [BULK], failOnErrors: "many", Operations: [post("a", "nobulk")] });
  });
});

describe("authentication and routing", () => {
  it("answers 401 without a token and with an unknown one", async () => {
    const anonymous = scimClient(suite.server, { token: "" });
    const answer = await anonymous.request("GET", "/Users");
    expectScimError(answer, 401);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectScimError(await scimClient(suite.server, { token: "nope" }).request("POST", "/Users", valid("anon")), 401);
  });

  it("answers 404 for an unknown organisation, user or endpoint", async () => {
    expectScimError(await scimClient(suite.server, { prefix: "/scim/v2/999999" }).request("GET", "/Users"), 404);
    await refused(404, undefined, "GET", "/Users/999999");
    await refused(404, undefined, "PATCH", "/Users/999999", { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "x" }] });
    expectScimError(await scim.request("GET", "/Groups"), 404);
  });
});
