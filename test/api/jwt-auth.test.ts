// JWT access tokens of an OpenID Connect issuer (OIDC_ISSUER, OIDC_AUDIENCE) authenticate calls over all four
// protocols next to personal access tokens; the caller gets its user's permissions. A server without the
// configuration refuses JWTs. (The verifier's every refusal is tested in test/query/principal-by-jwt.test.ts.)
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { allDrivers, type JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { startTestIssuer } from "../helpers/oidc-issuer.js";
import { codeOf, ok, setupFor, unique, type Setup } from "./auth-fixture.js";

const AUDIENCE = "user-service-api";
const issuer = await startTestIssuer(AUDIENCE);
afterAll(() => issuer.close());

const suite = serveForSuite({ env: { OIDC_ISSUER: issuer.url, OIDC_AUDIENCE: `other, ${AUDIENCE}` } });
const withoutOidc = serveForSuite();

let setup: Setup;
let userId: string;
let managedId: string;
beforeAll(async () => {
  setup = setupFor(suite.server);
  const home = await setup.defaultOrgId();
  userId = await setup.human(home, "jwt");
  const orgId = await setup.org(unique("JWT Org"), [{ userId, roles: ["ORG_USER_MANAGER"] }]);
  managedId = await setup.human(orgId, "managed");
});
afterAll(() => setup?.close());

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject, token?: string) => suite.driver(protocol).call(method, request, token);

  it("authenticates a JWT of the issuer as the user it names", async () => {
    const token = await issuer.sign({ sub: userId });
    expect((ok(await call("GetUserByID", { userId }, token)).user as JsonObject).userId).toBe(userId);
    // The user's role reaches the organisation it manages, and no further.
    ok(await call("UpdateHumanUser", { userId: managedId, profile: { givenName: "By", familyName: "Jwt" } }, token));
    expect(codeOf(await call("GetUserByID", { userId: suite.server.app.bootstrap.adminUserId }, token))).toBe(Code.NotFound);
  });

  it("attributes the events to the token's user", async () => {
    const token = await issuer.sign({ sub: userId });
    ok(await call("UpdateHumanUser", { userId: managedId, profile: { givenName: "By", familyName: unique(protocol) } }, token));
    const [last] = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: managedId }, orderBy: { sequence: "desc" }, take: 1 });
    expect(last?.creator).toBe(userId);
  });

  it("refuses a JWT for another audience or one that has expired", async () => {
    expect(codeOf(await call("GetUserByID", { userId }, await issuer.sign({ sub: userId }, { audience: "someone-else" })))).toBe(Code.Unauthenticated);
    const expired = await issuer.sign({ sub: userId, exp: Math.floor(Date.now() / 1000) - 120 });
    expect(codeOf(await call("GetUserByID", { userId }, expired))).toBe(Code.Unauthenticated);
  });

  it("refuses the JWTs of a user whose organisation is deactivated, until it is activated again", async () => {
    const orgs = allDrivers(suite.server.url, OrganizationService).find((d) => d.name === "connect")!;
    try {
      const orgId = await setup.org(unique(`JWT Shut ${protocol}`), []);
      const member = await setup.human(orgId, "shut");
      const token = await issuer.sign({ sub: member });
      ok(await call("GetUserByID", { userId: member }, token));
      ok(await orgs.call("DeactivateOrganization", { organizationId: orgId }, suite.server.adminToken));
      // The caller's principal is cached for up to 5 s.
      await expect.poll(async () => codeOf(await call("GetUserByID", { userId: member }, token)), { timeout: 8_000, interval: 200 }).toBe(Code.Unauthenticated);
      ok(await orgs.call("ActivateOrganization", { organizationId: orgId }, suite.server.adminToken));
      await expect.poll(async () => codeOf(await call("GetUserByID", { userId: member }, token)), { timeout: 8_000, interval: 200 }).toBe("OK");
    } finally {
      orgs.close();
    }
  });

  it("still accepts personal access tokens", async () => {
    ok(await call("GetUserByID", { userId }, suite.server.adminToken));
  });

  it("is refused by a server without OIDC configuration", async () => {
    const token = await issuer.sign({ sub: withoutOidc.server.app.bootstrap.adminUserId });
    expect(codeOf(await withoutOidc.driver(protocol).call("GetUserByID", { userId: withoutOidc.server.app.bootstrap.adminUserId }, token))).toBe(Code.Unauthenticated);
  });
});
