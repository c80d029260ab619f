// Drivers and callers for the organisation service tests. ZITADEL's published descriptors (@zitadel/proto 1.3.1)
// know only AddOrganization and ListOrganizations, so these drivers use our own descriptors of the service; the
// conformance test (test/conformance/) holds those to ZITADEL's current protos field by field.
//
// The callers of the permission cases, all with personal access tokens: the instance owner; an ORG_OWNER, an
// ORG_SETTINGS_MANAGER and an ORG_OWNER_VIEWER of the target organisation (machine users of the default
// organisation made its admins);
// the owner of another organisation; a user with no membership anywhere; and "self", a user of the target
// organisation itself without any role in it. The admins get fresh tokens with every new organisation: the
// service caches a token's roles for 5 s, so an older token would not know the new membership yet.
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import type { TestServer } from "../helpers/app-server.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import { issueUserToken } from "../helpers/user-token.js";
import { inAnHour, ok, setupFor, unique, type Setup } from "./auth-fixture.js";

export type Protocol = Driver["name"];
export const protocols: Protocol[] = ["grpc", "grpc-web", "connect", "rest"];

/** A token per caller, for one target organisation. */
export interface OrgCallers {
  iamOwner: string;
  orgOwner: string;
  settingsManager: string;
  viewer: string;
  otherOwner: string;
  noMembership: string;
  /** A user of the target organisation without roles. */
  self: string;
}

export interface TargetOrg {
  orgId: string;
  name: string;
  selfId: string;
  self: string;
  callers: OrgCallers;
}

export interface OrgFixture {
  setup: Setup;
  drivers: Driver[];
  driver(protocol: Protocol): Driver;
  ownerId: string;
  viewerId: string;
  /**
   * A new organisation whose admins are the fixture's owner (ORG_OWNER), settings manager (ORG_SETTINGS_MANAGER)
   * and viewer (ORG_OWNER_VIEWER), plus its own role-less user.
   */
  newOrg(tag: string, extra?: JsonObject): Promise<TargetOrg>;
  close(): void;
}

export async function orgFixture(server: TestServer): Promise<OrgFixture> {
  const setup = setupFor(server);
  const drivers = allDrivers(server.url, OrganizationService);
  const home = await setup.defaultOrgId();
  const owner = await setup.machineWithToken(home, "org-owner");
  const viewer = await setup.machineWithToken(home, "org-viewer");
  const settings = await setup.machineWithToken(home, "org-settings");
  const other = await setup.machineWithToken(home, "other-owner");
  const nobody = await setup.machineWithToken(home, "no-membership");
  await setup.org(unique("Other Org"), [{ userId: other.userId }]);
  const admin = drivers.find((d) => d.name === "connect")!;
  const freshToken = async (userId: string) =>
    String(ok(await setup.users.call("AddPersonalAccessToken", { userId, expirationDate: inAnHour() }, server.adminToken)).token);
  return {
    setup,
    drivers,
    driver: (protocol) => drivers.find((d) => d.name === protocol)!,
    ownerId: owner.userId,
    viewerId: viewer.userId,
    async newOrg(tag, extra = {}) {
      const name = unique(tag);
      const admins: JsonObject[] = [
        { userId: owner.userId },
        { userId: settings.userId, roles: ["ORG_SETTINGS_MANAGER"] },
        { userId: viewer.userId, roles: ["ORG_OWNER_VIEWER"] },
      ];
      const orgId = String(ok(await admin.call("AddOrganization", { name, admins, ...extra }, server.adminToken)).organizationId);
      const selfId = await setup.human(orgId, "self");
      const self = await issueUserToken(server, selfId);
      const [orgOwner, settingsManager, viewerToken] = await Promise.all([owner.userId, settings.userId, viewer.userId].map(freshToken));
      const callers: OrgCallers = {
        iamOwner: server.adminToken,
        orgOwner: orgOwner!,
        settingsManager: settingsManager!,
        viewer: viewerToken!,
        otherOwner: other.token,
        noMembership: nobody.token,
        self,
      };
      return { orgId, name, selfId, self, callers };
    },
    close() {
      setup.close();
      for (const d of drivers) d.close();
    },
  };
}

/** The REST-safe way to break organization_id's rules on every protocol: longer than 200 characters. */
export const tooLongId = "x".repeat(201);
