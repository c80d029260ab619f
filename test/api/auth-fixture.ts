// Callers for the organisation, token and permission tests, made through the service's own RPCs: machine
// users with personal access tokens (CreateUser + AddPersonalAccessToken), organisations with admins
// (AddOrganization), human users (AddHumanUser). Setup runs over Connect JSON as the administrator.
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import type { TestServer } from "../helpers/app-server.js";

import { ok } from "../helpers/outcome-checks.js";

export { codeOf, ok } from "../helpers/outcome-checks.js";

/** An hour from now, as JSON timestamps are written. */
export const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

let serial = 0;
export const unique = (tag: string) => `${tag}-${Date.now().toString(36)}-${++serial}`;

export interface Setup {
  users: Driver;
  orgs: Driver;
  adminToken: string;
  defaultOrgId(): Promise<string>;
  machineWithToken(orgId: string, tag: string): Promise<{ userId: string; token: string; tokenId: string }>;
  human(orgId: string, tag: string, password?: string): Promise<string>;
  org(name: string, admins: JsonObject[]): Promise<string>;
  close(): void;
}

export function setupFor(server: TestServer): Setup {
  const [users] = allDrivers(server.url).filter((d) => d.name === "connect");
  const orgs = allDrivers(server.url, OrganizationService).find((d) => d.name === "connect")!;
  const admin = server.adminToken;
  let defaultOrg: string | undefined;
  return {
    users: users!,
    orgs,
    adminToken: admin,
    async defaultOrgId() {
      defaultOrg ??= String((ok(await users!.call("GetUserByID", { userId: server.app.bootstrap.adminUserId }, admin)).details as JsonObject).resourceOwner);
      return defaultOrg;
    },
    async machineWithToken(orgId, tag) {
      const userId = String(ok(await users!.call("CreateUser", { organizationId: orgId, username: unique(tag), machine: { name: tag } }, admin)).id);
      const pat = ok(await users!.call("AddPersonalAccessToken", { userId, expirationDate: inAnHour() }, admin));
      return { userId, token: String(pat.token), tokenId: String(pat.tokenId) };
    },
    async human(orgId, tag, password) {
      const request: JsonObject = {
        organization: { orgId },
        username: unique(tag),
        profile: { givenName: "Ada", familyName: tag },
        email: { email: `${unique(tag)}@example.com`, isVerified: true },
        ...(password ? { password: { password } } : {}),
      };
      return String(ok(await users!.call("AddHumanUser", request, admin)).userId);
    },
    async org(name, admins) {
      return String(ok(await orgs.call("AddOrganization", { name, admins }, admin)).organizationId);
    },
    close() {
      users!.close();
      orgs.close();
    },
  };
}
