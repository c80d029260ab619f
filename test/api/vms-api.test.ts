// VMS's PUT /api/v1/users/self (shared/seeds 004) served on our users: the documented example (a body of null
// with X-Client and X-UUID) answered with the documented user object, password changes with confirmation and
// current password, language, 401 and 422 in the documented body with every field at once, nothing written,
// and the same service over gRPC and Connect (headers as metadata).
import { createClient } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserService } from "../../src/gen/usersvc/vms/v1/user_service_pb.js";
import { BadRequestSchema } from "../../src/gen/google/rpc/error_details_pb.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, type Setup } from "./auth-fixture.js";
import { errorKeys, expectNoWrite, http, userSequence, zitadelUser } from "./account-api-helpers.js";

const USER_FIELDS = ["id", "login", "name", "parent_id", "permissions", "created_at", "updated_at", "access_token_id", "can_update_password", "analytic_license"];
const PASSWORD = "Secr3t!pass";
const VMS_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

const suite = serveForSuite();
let setup: Setup;
let url: string;
let adaId: string;
let token: string;

const put = (body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  http(url, "PUT", "/api/v1/users/self", { token: "token" in options ? options.token : token, body, headers: options.headers });

beforeAll(async () => {
  url = suite.server.url;
  setup = setupFor(suite.server);
  adaId = await setup.human(await setup.defaultOrgId(), "ada", PASSWORD);
  token = await issueUserToken(suite.server, adaId);
});
afterAll(() => setup?.close());

describe("PUT /api/v1/users/self", () => {
  it("answers the documented example (body null, X-Client, X-UUID) with the documented user object and changes nothing", async () => {
    const before = await userSequence(setup, adaId);
    for (const client of ["ios-cctv", "android-cctv", "thick-legal", "web"]) {
      const answer = await put("null", { headers: { accept: "application/json", "x-client": client, "x-uuid": "unique-device-id" } });
      expect(answer.status, client).toBe(200);
      const user = answer.json as JsonObject;
      expect(Object.keys(user)).toEqual(USER_FIELDS);
      // The id is a JSON number with every digit of the 64-bit id (no rounding, no quotes).
      expect(answer.text).toContain(`"id":${adaId},`);
      expect(user).toMatchObject({ name: "Ada ada", parent_id: null, can_update_password: true, analytic_license: [], permissions: [] });
      // The id of the personal access token this call came with.
      const [pat] = await suite.server.app.database.prisma.personalAccessToken.findMany({ where: { userId: adaId } });
      expect(user.access_token_id).toBe(pat!.id);
      expect(user.login).toMatch(/^ada-/);
      expect(user.created_at).toMatch(VMS_TIME);
      expect(user.updated_at).toMatch(VMS_TIME);
    }
    expect(await userSequence(setup, adaId)).toBe(before);
  });

  it("numbers the caller's permissions (1 user.read … 6 org.create) for an administrator", async () => {
    const answer = await put("null", { token: setup.adminToken });
    expect(answer.status).toBe(200);
    expect((answer.json as JsonObject).permissions).toEqual([
      { id: 1, name: "user.read" },
      { id: 2, name: "user.write" },
      { id: 3, name: "user.delete" },
      { id: 4, name: "user.credential.write" },
      { id: 5, name: "org.read" },
      { id: 6, name: "org.create" },
    ]);
    expect((answer.json as JsonObject).can_update_password).toBe(false); // a machine user has no password
  });

  it("changes the language, read back through ZITADEL's API, and shows a ZITADEL-API change", async () => {
    expect((await put({ language: "de-CH" })).status).toBe(200);
    const profile = (((await zitadelUser(setup, adaId)).user as JsonObject).human as JsonObject).profile as JsonObject;
    expect(profile.preferredLanguage).toBe("de-CH");
    ok(await setup.users.call("UpdateHumanUser", { userId: adaId, profile: { givenName: "Ada", familyName: "King", displayName: "Countess" } }, setup.adminToken));
    const answer = await put({});
    expect((answer.json as JsonObject).name).toBe("Countess");
    expect(answer.headers.get("etag")).toBe(`"${await userSequence(setup, adaId)}"`);
  });

  it("changes the password with its confirmation and the current password", async () => {
    const next = "N3w!passw0rd";
    expect((await put({ password: next, password_confirmation: next, current_password: PASSWORD })).status).toBe(200);
    // The old password no longer proves anything; the new one does.
    const wrong = await put({ password: "An0ther!pass", password_confirmation: "An0ther!pass", current_password: PASSWORD });
    expect(wrong.status).toBe(422);
    expect(wrong.json).toEqual({ message: expect.any(String), errors: { current_password: ["the current password is wrong"] } });
    // The same password again is refused on the field it is about, not with an empty errors map.
    const same = await put({ password: next, password_confirmation: next, current_password: next });
    expect(same.status).toBe(422);
    expect(same.json).toEqual({ message: expect.stringContaining("NotChanged"), errors: { password: ["equals the current password"] } });
    expect((await put({ password: PASSWORD, password_confirmation: PASSWORD, current_password: next })).status).toBe(200);
  });

  it("422 with every violated field at once: mismatched confirmation, missing current password, no language tag, X-Client", async () => {
    await expectNoWrite(setup, adaId, async () => {
      const answer = await put({ password: "N3w!passw0rd", password_confirmation: "N3w!passw0rX", language: "not a tag" }, { headers: { "x-client": "mac" } });
      expect(answer.status).toBe(422);
      const body = answer.json as { message: string; errors: Record<string, string[]> };
      expect(body.errors).toEqual({
        password_confirmation: ["does not match password"],
        current_password: ["is required to change the password"],
        language: [expect.stringContaining("BCP 47")],
        "X-Client": ["must be one of ios-cctv, android-cctv, thick-legal, web"],
      });
      const weak = await put({ password: "short", password_confirmation: "short", current_password: PASSWORD, language: "x".repeat(11) });
      expect(errorKeys((weak.json as { errors: object }).errors)).toEqual(["language", "password"]);
      const orphan = await put({ password_confirmation: "N3w!passw0rd" });
      expect(errorKeys((orphan.json as { errors: object }).errors)).toEqual(["password"]);
    });
  });

  it("422 for wrong types, unknown fields, over-long values and bodies that are no object, and writes nothing", async () => {
    await expectNoWrite(setup, adaId, async () => {
      const types = await put({ password: 12345678, language: ["de"], role: "admin", currentPassword: PASSWORD });
      expect(types.status).toBe(422);
      expect(errorKeys((types.json as { errors: object }).errors)).toEqual(["currentPassword", "language", "password", "role"]);
      const long = await put({ password: "P4ss!".repeat(41), password_confirmation: "x", current_password: "y".repeat(201) });
      expect(errorKeys((long.json as { errors: object }).errors)).toEqual(["current_password", "password", "password_confirmation"]);
      for (const body of ["[]", "true", "{oops"]) expect((await put(body)).status, body).toBe(422);
    });
  });

  it("401 without a valid token", async () => {
    for (const bad of [undefined, "nope"]) {
      const answer = await put("null", { token: bad });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ message: expect.stringContaining("Errors.Token") });
    }
  });
});

describe("usersvc.vms.v1.UserService over gRPC and Connect", () => {
  it("answers the user, reads X-Client from the metadata and refuses every bad field at once", async () => {
    for (const transport of [createGrpcTransport({ baseUrl: url }), createConnectTransport({ baseUrl: url, httpVersion: "1.1" })]) {
      const client = createClient(UserService, transport);
      const headers = { authorization: `Bearer ${token}`, "x-client": "web", "x-uuid": "device-1" };
      const { user } = await client.updateCurrentUser({ language: "fr" }, { headers });
      expect(user?.id).toBe(BigInt(adaId));
      const refused = await client.updateCurrentUser({ password: "N3w!passw0rd", language: "??" }, { headers: { ...headers, "x-client": "desktop" } }).then(
        () => undefined,
        (error: unknown) => ConnectError.from(error),
      );
      expect(refused?.code).toBe(Code.InvalidArgument);
      const fields = refused!.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => v.field));
      expect(fields.sort()).toEqual(["X-Client", "current_password", "language", "password_confirmation"]);
    }
  });
});
