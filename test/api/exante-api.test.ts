// Exante's PATCH /api/user (shared/seeds 003) served on our users: the documented example over HTTP with the
// documented envelope and user fields, the shared time zone and PATCH settings, bad input with every field at
// once in the envelope, nothing written, and the same service over gRPC and Connect.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserService } from "../../src/gen/usersvc/exante/v1/user_service_pb.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, unique, type Setup } from "./auth-fixture.js";
import { errorKeys, expectNoWrite, http, rpcDrivers, zitadelMetadata, zitadelUser } from "./account-api-helpers.js";

const EXAMPLE_ORG = "3c90c3cc-0d44-4b50-8888-8dd25736052a"; // the page's default_organization

// The documented answer's user fields, in the documented order.
const USER_FIELDS = [
  "id", "uid", "firstname", "lastname", "fullname", "email", "timezone", "default_timezone", "avatar", "default_organization",
  "active_company", "organizations", "permissions_in_default_organization", "features", "first_seen", "last_seen", "settings",
];

const suite = serveForSuite();
let setup: Setup;
let url: string;
let defaultOrg: string;
let adaId: string;
let token: string;

const patch = (body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  http(url, "PATCH", "/api/user", { token: "token" in options ? options.token : token, body, headers: options.headers });

beforeAll(async () => {
  url = suite.server.url;
  setup = setupFor(suite.server);
  defaultOrg = await setup.defaultOrgId();
  adaId = await setup.human(defaultOrg, "ada");
  token = await issueUserToken(suite.server, adaId);
  // Ada is a member of the example's organisation: she holds a role there.
  ok(await setup.orgs.call("AddOrganization", { name: unique("exante"), orgId: EXAMPLE_ORG, admins: [{ userId: adaId, roles: ["ORG_OWNER_VIEWER"] }] }, setup.adminToken));
});
afterAll(() => setup?.close());

describe("PATCH /api/user", () => {
  it("answers the documented example in the documented envelope, with the documented user fields", async () => {
    // The page's body with its "<string>" placeholders filled in (the literal "<string>" is no name: see below).
    const answer = await patch({ firstname: "Joe", lastname: "Doe", timezone: "America/New_York", default_organization: EXAMPLE_ORG, settings: {} });
    expect(answer.status).toBe(200);
    const body = answer.json as { status: string; status_code: number; message: string; data: { user: JsonObject } };
    expect(body).toMatchObject({ status: "success", status_code: 200, message: "Success" });
    expect(Object.keys(body.data)).toEqual(["user"]);
    const { user } = body.data;
    expect(Object.keys(user)).toEqual(USER_FIELDS);
    expect(user).toMatchObject({
      id: adaId,
      uid: adaId,
      firstname: "Joe",
      lastname: "Doe",
      fullname: "Joe Doe",
      timezone: "America/New_York",
      default_timezone: "UTC",
      avatar: "",
      default_organization: EXAMPLE_ORG,
      active_company: null,
      permissions_in_default_organization: ["user.read", "org.read"],
      features: {},
      first_seen: null,
      last_seen: null,
      settings: {},
    });
    expect(user.email).toMatch(/@example\.com$/);
    expect((user.organizations as JsonObject[]).map((o) => o.uid).sort()).toEqual([defaultOrg, EXAMPLE_ORG].sort());
    expect(answer.headers.get("etag")).toBe(`"${((await zitadelUser(setup, adaId)).details as JsonObject).sequence}"`);
    // Read back through ZITADEL's API.
    const profile = (((await zitadelUser(setup, adaId)).user as JsonObject).human as JsonObject).profile as JsonObject;
    expect(profile).toMatchObject({ givenName: "Joe", familyName: "Doe" });
    expect(await zitadelMetadata(setup, adaId)).toMatchObject({ "profile.timezone": "America/New_York", "profile.default_organization": EXAMPLE_ORG });
  });

  it("shares the time zone with Clone Systems' user, both ways", async () => {
    ok(await setup.users.call("UpdateHumanUser", { userId: adaId, profile: { givenName: "Ada", familyName: "Lovelace" } }, setup.adminToken));
    expect((await http(url, "PUT", "/v2/user/me", { token, body: { user: { timezone: "Europe/Athens" } } })).status).toBe(200);
    const seen = ((await patch({})).json as { data: { user: JsonObject } }).data.user;
    expect(seen).toMatchObject({ timezone: "Europe/Athens", firstname: "Ada", lastname: "Lovelace", fullname: "Ada Lovelace" });
    expect((await patch({ timezone: "asia/tokyo" })).status).toBe(200); // names match case-insensitively …
    const clone = (await http(url, "GET", "/v2/user/me", { token })).json as { user: JsonObject };
    expect(clone.user.timezone).toBe("Asia/Tokyo"); // … and are stored in their canonical spelling
  });

  it("changes settings as PATCH: given keys replace, null removes, others stay", async () => {
    const first = ((await patch({ settings: { theme: "dark", page_size: 25, active_company_uid: "c1" } })).json as { data: { user: JsonObject } }).data.user;
    expect(first.settings).toEqual({ active_company_uid: "c1", page_size: 25, theme: "dark" });
    const second = ((await patch({ settings: { theme: null, page_size: 50, layout: { compact: true } } })).json as { data: { user: JsonObject } }).data.user;
    expect(second.settings).toEqual({ active_company_uid: "c1", page_size: 50, layout: { compact: true } });
    const metadata = await zitadelMetadata(setup, adaId);
    expect(metadata["settings.page_size"]).toBe("50");
    expect(metadata["settings.layout"]).toBe('{"compact":true}');
    expect(metadata["settings.theme"]).toBeUndefined();
  });

  it("admits letters of any script with single spaces, hyphens and apostrophes between them", async () => {
    for (const name of ["José", "Mary-Jane", "O'Brien", "O’Neil", "Jean Luc", "Zoë", "Łukasz", "Μαρία", "張偉", "Nguyễn"]) {
      expect((await patch({ firstname: name })).status, name).toBe(200);
    }
    await expectNoWrite(setup, adaId, async () => {
      for (const name of ["<string>", "R2D2", "Joe!", " Joe", "Joe  Doe", "Joe-", "😀", "J".repeat(65), ""]) {
        const answer = await patch({ firstname: name });
        expect(answer.status, name).toBe(422);
        expect(errorKeys((answer.json as { data: { errors: object } }).data.errors), name).toEqual(["firstname"]);
      }
    });
  });

  it("422 in the envelope for a default organisation the user does not belong to", async () => {
    const foreign = await setup.org(unique("foreign"), []);
    await expectNoWrite(setup, adaId, async () => {
      for (const org of [foreign, "no-such-org"]) {
        const answer = await patch({ default_organization: org, firstname: "Changed" });
        expect(answer.status).toBe(422);
        expect(answer.json).toMatchObject({ status: "error", status_code: 422, data: { errors: { default_organization: [expect.any(String)] } } });
      }
    });
  });

  it("422 with every violated field at once for wrong types, unknown fields, over-long and malformed values, and writes nothing", async () => {
    await expectNoWrite(setup, adaId, async () => {
      const types = await patch({ firstname: 7, settings: "dark", timezone: ["UTC"], bogus: true, lastName: "Doe" });
      expect(types.status).toBe(422);
      expect(errorKeys((types.json as { data: { errors: object } }).data.errors)).toEqual(["bogus", "firstname", "lastName", "settings", "timezone"]);
      const values = await patch({ firstname: "R2D2", lastname: "D".repeat(65), timezone: "Mars/Olympus", default_organization: "", settings: { ["k".repeat(200)]: 1 } });
      expect(values.status).toBe(422);
      const errors = (values.json as { data: { errors: object } }).data.errors;
      expect(errorKeys(errors)).toEqual(["default_organization", "firstname", "lastname", `settings.${"k".repeat(200)}`, "timezone"]);
      for (const body of ["null", "[1]", "{"]) {
        const answer = await patch(body);
        expect(answer.status, body).toBe(422);
        expect(answer.json).toMatchObject({ status: "error", status_code: 422, data: { errors: { body: [expect.any(String)] } } });
      }
    });
  });

  it("401 in the envelope without a valid token", async () => {
    for (const bad of [undefined, "nope"]) {
      const answer = await patch({ firstname: "Joe" }, { token: bad });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ status: "error", status_code: 401, message: expect.stringContaining("Errors.Token"), data: null });
    }
  });
});

describe("usersvc.exante.v1.UserService over gRPC and Connect", () => {
  it("changes the profile and answers the user; refuses bad input with every field", async () => {
    for (const driver of rpcDrivers(url, UserService)) {
      const answer = ok(await driver.call("UpdateCurrentUser", { firstname: "Grace", settings: { via: driver.name } }, token));
      expect((answer.user as JsonObject).firstname).toBe("Grace");
      expect(((answer.user as JsonObject).settings as JsonObject).via).toBe(driver.name);
      const refused = await driver.call("UpdateCurrentUser", { firstname: "Gr4ce", timezone: "Nowhere/City" }, token);
      expect(refused.ok ? "OK" : refused.code).toBe(Code.InvalidArgument);
      if (!refused.ok) expect(refused.violations.map((v) => v.field).sort()).toEqual(["firstname", "timezone"]);
      driver.close();
    }
  });
});
