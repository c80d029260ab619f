// Callers for the history and feed tests, made through the service's own RPCs: the instance owner (the
// administrator), the owner of organisation A (where the subjects live), the owner of organisation B, a user of
// organisation A without any role ("no membership"), and a human of organisation A calling about themselves.
import type { DescService } from "@bufbuild/protobuf";
import { UserHistoryService } from "../../src/gen/usersvc/history/v1/history_service_pb.js";
import type { TestServer } from "../helpers/app-server.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, unique, type Setup } from "../api/auth-fixture.js";

export type CallerName = "IAM owner" | "owner of the user's org" | "owner of another org" | "no membership" | "self";

export interface HistoryCallers {
  setup: Setup;
  orgA: string;
  orgB: string;
  /** A human of org A whose token is the "self" caller. */
  selfId: string;
  tokens: Record<CallerName, string>;
  adminId: string;
}

export async function historyCallers(server: TestServer): Promise<HistoryCallers> {
  const setup = setupFor(server);
  const home = await setup.defaultOrgId();
  const [ownerA, ownerB] = await Promise.all([setup.machineWithToken(home, "owner-a"), setup.machineWithToken(home, "owner-b")]);
  const orgA = await setup.org(unique("History Org A"), [{ userId: ownerA.userId }]);
  const orgB = await setup.org(unique("History Org B"), [{ userId: ownerB.userId, roles: ["ORG_OWNER"] }]);
  const nobody = await setup.machineWithToken(orgA, "nobody");
  const selfId = await setup.human(orgA, "self", "Secr3t!pass");
  return {
    setup,
    orgA,
    orgB,
    selfId,
    adminId: server.app.bootstrap.adminUserId,
    tokens: {
      "IAM owner": setup.adminToken,
      "owner of the user's org": ownerA.token,
      "owner of another org": ownerB.token,
      "no membership": nobody.token,
      self: await issueUserToken(server, selfId),
    },
  };
}

/** A human of `orgId` with a password, an email code returned, a profile change and metadata (one value too long to show). */
export async function humanWithHistory(setup: Setup, orgId: string): Promise<{ userId: string; emailCode: string }> {
  const added = ok(
    await setup.users.call(
      "AddHumanUser",
      {
        organization: { orgId },
        username: unique("subject"),
        profile: { givenName: "Grace", familyName: "Hopper" },
        email: { email: `${unique("subject")}@example.com`, returnCode: {} },
        password: { password: "Secr3t!pass", changeRequired: true },
      },
      setup.adminToken,
    ),
  );
  const userId = String(added.userId);
  ok(await setup.users.call("UpdateHumanUser", { userId, profile: { givenName: "Grace", familyName: "Murray" } }, setup.adminToken));
  ok(await setup.users.call("SetPassword", { userId, newPassword: { password: "An0ther!pass", changeRequired: false } }, setup.adminToken));
  const short = Buffer.from("blue").toString("base64");
  const long = Buffer.alloc(2000, 7).toString("base64");
  ok(await setup.users.call("SetUserMetadata", { userId, metadata: [{ key: "colour", value: short }, { key: "blob", value: long }] }, setup.adminToken));
  return { userId, emailCode: String(added.emailCode) };
}

export function historyDrivers(url: string): Driver[] {
  return allDrivers(url, UserHistoryService as DescService);
}

export type { JsonObject };
