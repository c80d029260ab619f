// Clone Systems API v2 (shared/seeds 000 and 001) served on our users: the documented example bodies over HTTP
// with the documented answers, every documented error status from a real bad request, changes read back
// through ZITADEL's API and the other way round, bad input refused with every field at once and nothing
// written, and the same service over gRPC and Connect.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserService } from "../../src/gen/usersvc/clonesystems/v2/user_service_pb.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, unique, type Setup } from "./auth-fixture.js";
import { errorKeys, expectNoWrite, http, rpcDrivers, setZitadelMetadata, userSequence, zitadelMetadata, zitadelUser } from "./account-api-helpers.js";

// The pages' example bodies, word for word.
const currentUserExample = {
  user: {
    first_name: "Joe",
    last_name: "Doe",
    email: "user@clone-systems.com",
    locale: "en",
    timezone: "UTC",
    phone: "2353032211",
    mobile_phone: "+3053032211",
    url: "clone-systems.com",
    title: "Software Engineer",
    address: "Street 33",
    city: "Athens",
    state: "State",
    country: "Greece",
    zipcode: "10431",
    comment: "A comment",
  },
};

const suite = serveForSuite();
let setup: Setup;
let url: string;
let defaultOrg: string;
let adaId: string;
let adaToken: string;

beforeAll(async () => {
  url = suite.server.url;
  setup = setupFor(suite.server);
  defaultOrg = await setup.defaultOrgId();
  adaId = await setup.human(defaultOrg, "ada", "Secr3t!pass");
  adaToken = await issueUserToken(suite.server, adaId);
});
afterAll(() => setup?.close());

describe("PUT /v2/user/me (Update current user)", () => {
  it("answers the documented example 200 without a body, and ZITADEL's API reads every field back", async () => {
    const answer = await http(url, "PUT", "/v2/user/me", { token: adaToken, body: currentUserExample });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(answer.headers.get("content-length")).toBe("0");
    const user = await zitadelUser(setup, adaId);
    expect(answer.headers.get("etag")).toBe(`"${(user.details as JsonObject).sequence}"`);
    const human = user.user as JsonObject;
    const profile = (human.human as JsonObject).profile as JsonObject;
    expect(profile).toMatchObject({ givenName: "Joe", familyName: "Doe", preferredLanguage: "en" });
    // A new address and number are unverified until their codes are verified, as UpdateHumanUser does it.
    expect((human.human as JsonObject).email).toEqual({ email: "user@clone-systems.com" });
    expect((human.human as JsonObject).phone).toEqual({ phone: "+3053032211" });
    expect(await zitadelMetadata(setup, adaId)).toEqual({
      "profile.timezone": "UTC",
      "profile.phone": "2353032211",
      "profile.url": "clone-systems.com",
      "profile.title": "Software Engineer",
      "profile.address": "Street 33",
      "profile.city": "Athens",
      "profile.state": "State",
      "profile.country": "Greece",
      "profile.zipcode": "10431",
      "profile.comment": "A comment",
    });
  });

  it("writes no event when nothing changes", async () => {
    const before = await userSequence(setup, adaId);
    expect((await http(url, "PUT", "/v2/user/me", { token: adaToken, body: currentUserExample })).status).toBe(200);
    expect((await http(url, "PUT", "/v2/user/me", { token: adaToken, body: { user: {} } })).status).toBe(200);
    expect(await userSequence(setup, adaId)).toBe(before);
  });

  it("GET /v2/user/me answers the same fields, and a change through ZITADEL's API is seen there", async () => {
    ok(await setup.users.call("UpdateHumanUser", { userId: adaId, profile: { givenName: "Ada", familyName: "King" } }, setup.adminToken));
    await setZitadelMetadata(setup, adaId, { "profile.timezone": "Asia/Tokyo" });
    const answer = await http(url, "GET", "/v2/user/me", { token: adaToken });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      user: { ...currentUserExample.user, id: adaId, organization_id: defaultOrg, first_name: "Ada", last_name: "King", timezone: "Asia/Tokyo" },
    });
    expect(answer.headers.get("etag")).toBe(`"${await userSequence(setup, adaId)}"`);
  });

  it("empties attributes with \"\" and answers them null", async () => {
    expect((await http(url, "PUT", "/v2/user/me", { token: adaToken, body: { user: { comment: "", title: "" } } })).status).toBe(200);
    const metadata = await zitadelMetadata(setup, adaId);
    expect(metadata["profile.comment"]).toBeUndefined();
    expect(metadata["profile.title"]).toBeUndefined();
    const { user } = (await http(url, "GET", "/v2/user/me", { token: adaToken })).json as { user: JsonObject };
    expect(user.comment).toBeNull();
    expect(user.title).toBeNull();
  });

  it("401 without a valid token", async () => {
    for (const token of [undefined, "not-a-token"]) {
      const answer = await http(url, "PUT", "/v2/user/me", { token, body: currentUserExample });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ message: expect.stringContaining("Errors.Token") });
    }
    expect((await http(url, "GET", "/v2/user/me")).status).toBe(401);
  });

  it("422 lists every violated field at once for wrong types and unknown fields, and writes nothing", async () => {
    await expectNoWrite(setup, adaId, async () => {
      const answer = await http(url, "PUT", "/v2/user/me", {
        token: adaToken,
        body: { user: { first_name: 5, title: ["x"], email: null, bogus: 1, firstName: "Joe" }, extra: true },
      });
      expect(answer.status).toBe(422);
      const body = answer.json as { message: string; errors: Record<string, string[]> };
      expect(errorKeys(body.errors)).toEqual(["extra", "user.bogus", "user.firstName", "user.first_name", "user.title"].sort());
      expect(body.errors["user.first_name"]).toEqual(["must be a string, not a number"]);
    });
  });

  it("422 lists every over-long and malformed value at once, and writes nothing", async () => {
    await expectNoWrite(setup, adaId, async () => {
      const answer = await http(url, "PUT", "/v2/user/me", {
        token: adaToken,
        body: {
          user: {
            first_name: "J".repeat(201),
            last_name: "",
            email: "not-an-email",
            locale: "not a tag",
            timezone: "Mars/Olympus_Mons",
            phone: "call me",
            mobile_phone: "abc",
            url: "ftp://example.com",
            zipcode: "10431;DROP",
            comment: "c".repeat(2001),
            organization_id: "elsewhere",
          },
        },
      });
      expect(answer.status).toBe(422);
      const { errors } = answer.json as { errors: Record<string, string[]> };
      expect(errorKeys(errors)).toEqual(
        [
          "user.first_name",
          "user.last_name",
          "user.email",
          "user.locale",
          "user.timezone",
          "user.phone",
          "user.mobile_phone",
          "user.url",
          "user.zipcode",
          "user.comment",
          "user.organization_id",
        ].sort(),
      );
    });
  });

  it("422 for a null body, a body that is no object and a body that is no JSON", async () => {
    await expectNoWrite(setup, adaId, async () => {
      for (const body of ["null", "[]", '"user"', "{not json", '{"user": "Joe"}']) {
        const answer = await http(url, "PUT", "/v2/user/me", { token: adaToken, body });
        expect(answer.status, body).toBe(422);
        expect(Object.keys((answer.json as { errors: object }).errors).length, body).toBe(1);
      }
    });
  });

  it("412 for a stale If-Match, and the change lands with a current one", async () => {
    const sequence = await userSequence(setup, adaId);
    const stale = await http(url, "PUT", "/v2/user/me", { token: adaToken, body: { user: { city: "Patras" } }, headers: { "if-match": `"${sequence - 1}"` } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({ message: expect.stringContaining("COMMAND-IfMtch1") });
    const current = await http(url, "PUT", "/v2/user/me", { token: adaToken, body: { user: { city: "Patras" } }, headers: { "if-match": `"${sequence}"` } });
    expect(current.status).toBe(200);
    expect((await zitadelMetadata(setup, adaId))["profile.city"]).toBe("Patras");
  });

  it("405 for another verb on the path, in the dialect's body", async () => {
    const answer = await http(url, "DELETE", "/v2/user/me", { token: adaToken });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET, PUT");
    expect(answer.json).toEqual({ message: "Method Not Allowed" });
  });
});

describe("PUT /v2/users/{id} (Update User)", () => {
  it("answers the documented example 200 {}: the user moves to organization_id and every field changes, in one push", async () => {
    const orgId = "7c60d51f-b44e-4682-87d6-449835ea4de6"; // the page's organization_id
    ok(await setup.orgs.call("AddOrganization", { name: unique("clone-target"), orgId }, setup.adminToken));
    const userId = await setup.human(defaultOrg, "joe");
    const before = await userSequence(setup, userId);
    const example = { user: { ...currentUserExample.user, organization_id: orgId } }; // the same fields as 000, with organization_id
    const answer = await http(url, "PUT", `/v2/users/${userId}`, { token: setup.adminToken, body: example });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    const user = await zitadelUser(setup, userId);
    expect((user.details as JsonObject).resourceOwner).toBe(orgId);
    expect(((user.user as JsonObject).human as JsonObject).profile).toMatchObject({ givenName: "Joe", familyName: "Doe", preferredLanguage: "en" });
    expect((await zitadelMetadata(setup, userId))["profile.title"]).toBe("Software Engineer");
    const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: userId, sequence: { gt: before } }, orderBy: { sequence: "asc" } });
    expect(events[0]!.eventType).toBe("user.moved");
    expect(new Set(events.map((e) => e.createdAt.getTime())).size).toBe(1); // one transaction
    expect(new Set(events.map((e) => e.resourceOwner))).toEqual(new Set([orgId]));
  });

  it("moves nothing and changes nothing when the organisation is unknown or the caller may not write there", async () => {
    const userId = await setup.human(defaultOrg, "stays");
    await expectNoWrite(setup, userId, async () => {
      const unknown = await http(url, "PUT", `/v2/users/${userId}`, { token: setup.adminToken, body: { user: { first_name: "Moved", organization_id: "no-such-org" } } });
      expect(unknown.status).toBe(422);
      expect(unknown.json).toEqual({
        message: expect.stringContaining("Errors.Org.NotFound"),
        errors: { "user.organization_id": ["no active organisation has this id"] },
      });
      const manager = await setup.machineWithToken(defaultOrg, "manager");
      const managed = await setup.org(unique("managed"), [{ userId: manager.userId, roles: ["ORG_USER_MANAGER"] }]);
      const target = await setup.org(unique("foreign"), []);
      const movable = await setup.human(managed, "movable");
      await expectNoWrite(setup, movable, async () => {
        const refused = await http(url, "PUT", `/v2/users/${movable}`, { token: manager.token, body: { user: { first_name: "Moved", organization_id: target } } });
        expect(refused.status).toBe(404); // no membership at all in the target: ZITADEL's "membership not found"
      });
    });
  });

  it("403 for a caller with a role in the user's organisation that does not allow changes", async () => {
    const viewer = await setup.machineWithToken(defaultOrg, "viewer");
    const org = await setup.org(unique("viewed"), [{ userId: viewer.userId, roles: ["ORG_OWNER_VIEWER"] }]);
    const target = await setup.human(org, "viewed-user");
    await expectNoWrite(setup, target, async () => {
      const answer = await http(url, "PUT", `/v2/users/${target}`, { token: viewer.token, body: { user: { first_name: "Mallory" } } });
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ message: expect.stringContaining("PermissionDenied") });
    });
  });

  it("404 for an unknown user, and for a user hidden from the caller", async () => {
    const unknown = await http(url, "PUT", "/v2/users/no-such-user", { token: setup.adminToken, body: { user: { first_name: "Joe" } } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: expect.stringContaining("NotFound") });
    const other = await setup.human(defaultOrg, "hidden");
    await expectNoWrite(setup, other, async () => {
      const hidden = await http(url, "PUT", `/v2/users/${other}`, { token: adaToken, body: { user: { first_name: "Joe" } } });
      expect(hidden.status).toBe(404);
    });
  });

  it("401 without a valid token", async () => {
    expect((await http(url, "PUT", `/v2/users/${adaId}`, { body: { user: {} } })).status).toBe(401);
  });

  it("refuses an id in the body with 422", async () => {
    const answer = await http(url, "PUT", `/v2/users/${adaId}`, { token: setup.adminToken, body: { user: { id: "other" } } });
    expect(answer.status).toBe(422);
    expect(errorKeys((answer.json as { errors: object }).errors)).toEqual(["user.id"]);
  });
});

describe("usersvc.clonesystems.v2.UserService over gRPC and Connect", () => {
  it("updates and reads the current user, and refuses bad input with every field as a google.rpc.BadRequest", async () => {
    for (const driver of rpcDrivers(url, UserService)) {
      const city = `City ${driver.name}`;
      ok(await driver.call("UpdateCurrentUser", { user: { city, locale: "de-CH" } }, adaToken));
      const { user } = ok(await driver.call("GetCurrentUser", {}, adaToken)) as { user: JsonObject };
      expect(user).toMatchObject({ id: adaId, city, locale: "de-CH" });
      const refused = await driver.call("UpdateCurrentUser", { user: { timezone: "Nowhere", locale: "??", firstName: "" } }, adaToken);
      expect(refused.ok).toBe(false);
      if (refused.ok) continue;
      expect(refused.code).toBe(Code.InvalidArgument);
      expect(refused.violations.map((v) => v.field).sort()).toEqual(["user.first_name", "user.locale", "user.timezone"]);
      const missing = await driver.call("UpdateUser", { id: "no-such-user", user: { city } }, setup.adminToken);
      expect(missing.ok ? "OK" : missing.code).toBe(Code.NotFound);
      const unauthenticated = await driver.call("GetCurrentUser", {});
      expect(unauthenticated.ok ? "OK" : unauthenticated.code).toBe(Code.Unauthenticated);
      driver.close();
    }
  });
});
