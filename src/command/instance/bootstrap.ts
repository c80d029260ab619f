// First start: the instance gets its default organisation and an administrator (a machine user holding
// IAM_OWNER) whose personal access token is written to a file once. Later starts find the instance and
// only complete what an interrupted first start left undone. Two servers starting together on one
// PostgreSQL race on the instance aggregate's first event; the loser adopts the winner's ids, and finds the
// organisation and administrator the winner created when it decides again (Eventstore.execute).
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { SequenceConflict, type Eventstore } from "../../eventstore/eventstore.js";
import { EVENT_TIME } from "../../domain/event-time.js";
import { hashToken } from "../../domain/token-hash.js";
import { applyUserEvents, UserEvent } from "../user/user-events.js";
import { emptyUserRow, UserType } from "../../domain/user-row.js";

export const SYSTEM_CREATOR = "SYSTEM";
const INSTANCE_ID = "instance";
const NO_EXPIRY = new Date("9999-12-31T23:59:59Z");

export interface BootstrapDeps {
  eventstore: Eventstore;
  newId(): string;
  readInstance(): Promise<{ defaultOrgId: string; adminUserId: string } | undefined>;
  orgExists(id: string): Promise<boolean>;
  userExists(id: string): Promise<boolean>;
  defaultOrg: { name: string; domain: string };
  adminPatFile: string;
}

export interface BootstrapResult {
  defaultOrgId: string;
  adminUserId: string;
  /** Set only on the start that created the administrator. */
  adminToken?: string;
}

export async function bootstrapInstance(deps: BootstrapDeps): Promise<BootstrapResult> {
  const instance = (await deps.readInstance()) ?? (await claimInstance(deps));
  const result: BootstrapResult = { ...instance };
  await deps.eventstore.execute(instance.defaultOrgId, async () => {
    if (!(await deps.orgExists(instance.defaultOrgId))) await addDefaultOrg(deps, instance.defaultOrgId);
  });
  await deps.eventstore.execute(instance.adminUserId, async () => {
    if (!(await deps.userExists(instance.adminUserId))) result.adminToken = await addAdmin(deps, instance.adminUserId, instance.defaultOrgId);
  });
  return result;
}

async function claimInstance(deps: BootstrapDeps): Promise<{ defaultOrgId: string; adminUserId: string }> {
  const ids = { defaultOrgId: deps.newId(), adminUserId: deps.newId() };
  try {
    await deps.eventstore.push({
      aggregateType: "instance",
      aggregateId: INSTANCE_ID,
      resourceOwner: INSTANCE_ID,
      creator: SYSTEM_CREATOR,
      expectedSequence: 0,
      events: [
        { type: "instance.added", payload: { ...ids } },
        { type: "instance.member.added", payload: { userId: ids.adminUserId, roles: ["IAM_OWNER"] } },
      ],
      side: [
        { table: "instance", op: "insert", rows: [{ id: INSTANCE_ID, ...ids }] },
        { table: "memberships", op: "upsert", rows: [{ userId: ids.adminUserId, orgId: "", roles: ["IAM_OWNER"] }] },
      ],
    });
    return ids;
  } catch (error) {
    const winner = error instanceof SequenceConflict ? await deps.readInstance() : undefined;
    if (!winner) throw error;
    return winner;
  }
}

async function addDefaultOrg(deps: BootstrapDeps, orgId: string): Promise<void> {
  const { name, domain } = deps.defaultOrg;
  await deps.eventstore.push({
    aggregateType: "org",
    aggregateId: orgId,
    resourceOwner: orgId,
    creator: SYSTEM_CREATOR,
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
    side: [{ table: "org_domains", op: "insert", rows: [{ orgId, domain, isVerified: true, isPrimary: true }] }],
  });
}

async function addAdmin(deps: BootstrapDeps, userId: string, orgId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const tokenId = deps.newId();
  // The file comes first: a crash after it leaves a token that the next start replaces, never an admin nobody can use.
  await mkdir(path.dirname(deps.adminPatFile), { recursive: true });
  await writeFile(deps.adminPatFile, `${token}\n`, { mode: 0o600 });
  const events = [
    { type: UserEvent.machineAdded, payload: { username: "admin", name: "Administrator", description: "created on first start", accessTokenType: 0 } },
    { type: UserEvent.patAdded, payload: { tokenId, tokenHash: hashToken(token), expirationDate: NO_EXPIRY.toISOString() } },
  ];
  const { sequence: _s, creationDate: _c, changeDate: _d, ...row } = applyUserEvents(emptyUserRow(userId, orgId, UserType.machine), events, EVENT_TIME);
  await deps.eventstore.push({
    aggregateType: "user",
    aggregateId: userId,
    resourceOwner: orgId,
    creator: SYSTEM_CREATOR,
    expectedSequence: 0,
    events,
    root: { table: "users", row },
    claim: [{ type: "username", value: "admin" }],
    side: [
      {
        table: "personal_access_tokens",
        op: "insert",
        rows: [{ id: tokenId, userId, tokenHash: hashToken(token), expirationDate: NO_EXPIRY, creationDate: new Date() }],
      },
    ],
  });
  return token;
}
