// First start: the instance gets its default organisation and an administrator (a machine user holding
// IAM_OWNER) whose personal access token is written to a file once. Later starts find the instance and
// only complete what an interrupted first start left undone. Servers starting together on one PostgreSQL
// race on the instance aggregate's first event; the losers adopt the winner's ids. They race again for the
// organisation and the administrator: a loser's push fails on the sequence guard or on the winner's unique
// name claim, and it reads again and finds what the winner created. Only the winner writes the token file.
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DomainError } from "../../domain/errors.js";
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
    if (await deps.orgExists(instance.defaultOrgId)) return;
    await decideAgainWhenTaken(addDefaultOrg(deps, instance.defaultOrgId), instance.defaultOrgId);
  });
  await deps.eventstore.execute(instance.adminUserId, async () => {
    if (await deps.userExists(instance.adminUserId)) return;
    result.adminToken = await decideAgainWhenTaken(addAdmin(deps, instance.adminUserId, instance.defaultOrgId), instance.adminUserId);
  });
  return result;
}

/**
 * Another server created the same organisation (or administrator) first and its unique name claim stopped
 * this push: decide again (Eventstore.execute), which then finds what the winner created.
 */
async function decideAgainWhenTaken<T>(push: Promise<T>, aggregateId: string): Promise<T> {
  try {
    return await push;
  } catch (error) {
    if (error instanceof DomainError && error.kind === "already_exists") throw new SequenceConflict(aggregateId);
    throw error;
  }
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
  // The token goes to a file of this process first and becomes the token file only once its event is stored:
  // a server that loses the race never replaces the file with a token that does not exist, and a crash
  // right after the push still leaves the working token on disk (in the .pending file).
  await mkdir(path.dirname(deps.adminPatFile), { recursive: true });
  const pending = `${deps.adminPatFile}.${process.pid}.pending`;
  await writeFile(pending, `${token}\n`, { mode: 0o600 });
  try {
    await pushAdmin(deps, userId, orgId, token, tokenId);
  } catch (error) {
    await rm(pending, { force: true });
    throw error;
  }
  await rename(pending, deps.adminPatFile);
  return token;
}

async function pushAdmin(deps: BootstrapDeps, userId: string, orgId: string, token: string, tokenId: string): Promise<void> {
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
}
