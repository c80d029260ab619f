// Facts ListUsers tests need that no RPC of this service creates yet: a second organisation whose manager
// (a machine user with a token and an org role) calls the API, and users in other states. Each is pushed
// as events with their projections through the event store, the way the commands and the bootstrap do.
import { randomBytes } from "node:crypto";
import type { Principal } from "../../src/domain/principal.js";
import { pushUserChange, usernameClaim } from "../../src/command/user/push-user.js";
import { applyUserEvents, UserEvent } from "../../src/command/user/user-events.js";
import { emptyUserRow, UserType } from "../../src/domain/user-row.js";
import { isConnectionError, postgresErrorOf } from "../../src/db/postgres-error.js";
import { Eventstore } from "../../src/eventstore/eventstore.js";
import type { PendingEvent } from "../../src/eventstore/types.js";
import { EVENT_TIME } from "../../src/domain/event-time.js";
import { hashToken } from "../../src/domain/token-hash.js";
import { userRowReader } from "../../src/query/user-rows.js";
import type { TestServer } from "../helpers/app-server.js";

const CREATOR = "list-users-test";
const system: Principal = { userId: CREATOR, orgId: "", instanceRoles: [], orgRoles: new Map() };

/** An event store on the server's own database; it caches nothing, so every push starts from stored rows. */
const eventstoreOf = (server: TestServer) =>
  new Eventstore({ db: server.app.database, postgresErrorOf, isConnectionError, cachedRoots: 0 });

const randomId = () => String(700_000_000_000_000_000n + BigInt(`0x${randomBytes(6).toString("hex")}`));

export interface OrgWithMember {
  orgId: string;
  /** The member: a machine user of the org. */
  userId: string;
  username: string;
  token: string;
}

/** A new organisation and a machine user of it holding `roles` there (none: no membership at all). */
export async function addOrgWithMember(server: TestServer, name: string, roles: string[]): Promise<OrgWithMember> {
  const eventstore = eventstoreOf(server);
  const orgId = randomId();
  const domain = `${name}.localhost`;
  await eventstore.push({
    aggregateType: "org",
    aggregateId: orgId,
    resourceOwner: orgId,
    creator: CREATOR,
    expectedSequence: 0,
    events: [
      { type: "org.added", payload: { name } },
      { type: "org.domain.primary.set", payload: { domain } },
    ],
    root: { table: "orgs", row: { id: orgId, name, primaryDomain: domain, state: 1 } },
    claim: [
      { type: "org_name", value: name },
      { type: "org_domain", value: domain },
    ],
  });
  const { userId, username, token } = await addMachineWithToken(server, orgId, `${name}-manager`);
  if (roles.length > 0) await grantOrgRoles(server, orgId, userId, roles);
  return { orgId, userId, username, token };
}

/** Makes `userId` (of any organisation) a member of `orgId` with `roles`. */
export async function grantOrgRoles(server: TestServer, orgId: string, userId: string, roles: string[]): Promise<void> {
  const org = await server.app.database.prisma.org.findUniqueOrThrow({ where: { id: orgId } });
  await eventstoreOf(server).push({
    aggregateType: "org",
    aggregateId: orgId,
    resourceOwner: orgId,
    creator: CREATOR,
    expectedSequence: org.sequence,
    events: [{ type: "org.member.added", payload: { userId, roles } }],
    root: { table: "orgs", row: { id: orgId, name: org.name, primaryDomain: org.primaryDomain, state: org.state } },
    side: [{ table: "memberships", op: "upsert", rows: [{ userId, orgId, roles }] }],
  });
}

async function addMachineWithToken(server: TestServer, orgId: string, username: string) {
  const userId = randomId();
  const tokenId = randomId();
  const token = randomBytes(32).toString("base64url");
  const expirationDate = new Date(Date.now() + 60 * 60 * 1000);
  const events: PendingEvent[] = [
    { type: UserEvent.machineAdded, payload: { username, name: username, description: "", accessTokenType: 0 } },
    { type: UserEvent.patAdded, payload: { tokenId, tokenHash: hashToken(token), expirationDate: expirationDate.toISOString() } },
  ];
  const { sequence: _s, creationDate: _c, changeDate: _d, ...row } = applyUserEvents(emptyUserRow(userId, orgId, UserType.machine), events, EVENT_TIME);
  await eventstoreOf(server).push({
    aggregateType: "user",
    aggregateId: userId,
    resourceOwner: orgId,
    creator: CREATOR,
    expectedSequence: 0,
    events,
    root: { table: "users", row },
    claim: [usernameClaim(username)],
    side: [
      {
        table: "personal_access_tokens",
        op: "insert",
        rows: [{ id: tokenId, userId, tokenHash: hashToken(token), expirationDate, creationDate: new Date() }],
      },
    ],
  });
  return { userId, username, token };
}

/** Appends lifecycle events (user.locked, user.deactivated, …) to a user, as the state commands would. */
export async function pushUserEvents(server: TestServer, userId: string, types: string[]): Promise<void> {
  const row = await userRowReader(server.app.database)(userId);
  if (!row) throw new Error(`no user ${userId}`);
  const events = types.map((type) => ({ type, payload: {} }));
  const release = types.includes(UserEvent.removed) ? [usernameClaim(row.username)] : undefined;
  await pushUserChange({ eventstore: eventstoreOf(server) }, system, { row, events, release });
}
