// Rebuilds what the projections must hold from the stored events alone, with the reducers the commands use
// (user-events.ts, org-events.ts), so a projection that drifted from its events is found by comparison.
// Dates the store sets to the transaction time (now()) are the events' created_at, compared as text to the
// microsecond. Token creation dates come from the command's clock, not an event, so they are not derived.
import { applyOrgEvents, emptyOrgRow, OrgEvent, type OrgRow } from "../../command/org/org-events.js";
import { applyUserEvents, beginsUser, UserEvent } from "../../command/user/user-events.js";
import { emptyUserRow, UserState, UserType, type UserRow } from "../../command/user/user-row.js";

/** One stored event as the tool reads it (created_at as PostgreSQL's text, in UTC). */
export interface StoredEvent {
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  eventType: string;
  payload: Record<string, unknown>;
  resourceOwner: string;
  createdAt: string;
  /** created_at cut to milliseconds: what a value that went through a JavaScript Date keeps. */
  createdAtMs: string;
  position: bigint;
}

export interface ExpectedUser {
  row: UserRow;
  creationDate: string;
  changeDate: string;
  /**
   * created_at of the last password change, to the millisecond: later pushes write the loaded row back, and
   * the loaded password_changed went through a JavaScript Date.
   */
  passwordChanged: string | null;
  /** key → value (hex) and the times the store gave the row. */
  metadata: Map<string, { hex: string; creationDate: string; changeDate: string }>;
  tokens: Map<string, { tokenHash: string; expirationDate: string }>;
}

export interface ExpectedOrg {
  row: OrgRow;
  sequence: number;
  creationDate: string;
  changeDate: string;
  domains: Set<string>;
}

export interface Expected {
  users: Map<string, ExpectedUser>;
  orgs: Map<string, ExpectedOrg>;
  instance?: { id: string; defaultOrgId: string; adminUserId: string };
  /** "userId|orgId" → roles. */
  memberships: Map<string, string[]>;
  /** "type|field" → aggregate id. */
  claims: Map<string, string>;
  /** Problems found in the event log itself (gaps, unknown events). */
  problems: { aggregate: string; column: string; expected: string; stored: string }[];
  aggregates: number;
}

/** Folds events grouped by aggregate and ordered by sequence; memberships are decided by global position. */
export function rebuild(aggregates: Iterable<StoredEvent[]>): Expected {
  const expected: Expected = { users: new Map(), orgs: new Map(), memberships: new Map(), claims: new Map(), problems: [], aggregates: 0 };
  const grants = new Map<string, { roles: string[]; position: bigint }>();
  const removals = new Map<string, bigint>();
  for (const events of aggregates) {
    const first = events[0];
    if (!first) continue;
    expected.aggregates++;
    const name = `${first.aggregateType} ${first.aggregateId}`;
    events.forEach((event, index) => {
      if (event.sequence !== index + 1) {
        expected.problems.push({ aggregate: name, column: "events.sequence", expected: String(index + 1), stored: String(event.sequence) });
      }
    });
    try {
      if (first.aggregateType === "user") rebuildUser(expected, events, removals);
      else if (first.aggregateType === "org") rebuildOrg(expected, events, grants);
      else if (first.aggregateType === "instance") rebuildInstance(expected, events, grants);
      else expected.problems.push({ aggregate: name, column: "aggregate_type", expected: "user, org or instance", stored: first.aggregateType });
    } catch (error) {
      expected.problems.push({ aggregate: name, column: "events", expected: "known event types", stored: (error as Error).message });
    }
  }
  for (const [key, grant] of grants) {
    const userId = key.split("|")[0]!;
    // Removals are keyed by user (user.removed ends every membership) or by "user|org" (user.moved ends those
    // of the organisation left); a grant stands when no removal came after it.
    const removed = [removals.get(userId), removals.get(key)].some((at) => at !== undefined && at > grant.position);
    if (!removed) expected.memberships.set(key, grant.roles);
  }
  return expected;
}

function rebuildUser(expected: Expected, events: StoredEvent[], removals: Map<string, bigint>): void {
  const first = events[0]!;
  let row = emptyUserRow(first.aggregateId, first.resourceOwner, UserType.human);
  let passwordChanged: string | null = null;
  let creationDate = first.createdAt;
  let metadata: ExpectedUser["metadata"] = new Map();
  let tokens: ExpectedUser["tokens"] = new Map();
  for (const event of events) {
    // A deleted id may be used again: the command starts from a fresh row, keeping only the sequence.
    if (beginsUser(event.eventType)) {
      row = emptyUserRow(first.aggregateId, event.resourceOwner, UserType.human);
      passwordChanged = null;
      creationDate = event.createdAt;
    }
    row.resourceOwner = event.resourceOwner;
    const at = new Date(0);
    row = applyUserEvents(row, [{ type: event.eventType, payload: event.payload }], at);
    if (row.passwordChanged === at) passwordChanged = event.createdAtMs;
    const p = event.payload;
    switch (event.eventType) {
      case UserEvent.metadataSet: {
        const hex = Buffer.from(String(p.value), "base64").toString("hex");
        const before = metadata.get(String(p.key));
        metadata.set(String(p.key), { hex, creationDate: before?.creationDate ?? event.createdAt, changeDate: event.createdAt });
        break;
      }
      case UserEvent.metadataRemoved:
        metadata.delete(String(p.key));
        break;
      case UserEvent.patAdded:
        tokens.set(String(p.tokenId), { tokenHash: String(p.tokenHash), expirationDate: String(p.expirationDate) });
        break;
      case UserEvent.patRemoved:
        tokens.delete(String(p.tokenId));
        break;
      case UserEvent.moved:
        removals.set(`${first.aggregateId}|${String(p.fromOrganizationId)}`, event.position);
        break;
      case UserEvent.removed:
        metadata = new Map();
        tokens = new Map();
        removals.set(first.aggregateId, event.position);
        break;
    }
  }
  const last = events[events.length - 1]!;
  row.sequence = last.sequence;
  expected.users.set(row.id, { row, creationDate, changeDate: last.createdAt, passwordChanged, metadata, tokens });
  if (row.state !== UserState.deleted && row.state !== UserState.unspecified) {
    expected.claims.set(`username|${row.username.toLowerCase()}`, row.id);
  }
}

function rebuildOrg(expected: Expected, events: StoredEvent[], grants: Map<string, { roles: string[]; position: bigint }>): void {
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const row = applyOrgEvents(emptyOrgRow(first.aggregateId), events.map((e) => ({ type: e.eventType, payload: e.payload })));
  const domains = new Set<string>();
  for (const event of events) {
    if (event.eventType === OrgEvent.domainAdded || event.eventType === OrgEvent.primaryDomainSet) domains.add(String(event.payload.domain));
    if (event.eventType === OrgEvent.memberAdded) grant(grants, event, first.aggregateId);
  }
  expected.orgs.set(row.id, { row, sequence: last.sequence, creationDate: first.createdAt, changeDate: last.createdAt, domains });
  expected.claims.set(`org_name|${row.name.toLowerCase()}`, row.id);
  for (const domain of domains) expected.claims.set(`org_domain|${domain.toLowerCase()}`, row.id);
}

function rebuildInstance(expected: Expected, events: StoredEvent[], grants: Map<string, { roles: string[]; position: bigint }>): void {
  for (const event of events) {
    if (event.eventType === "instance.added") {
      expected.instance = { id: event.aggregateId, defaultOrgId: String(event.payload.defaultOrgId), adminUserId: String(event.payload.adminUserId) };
    } else if (event.eventType === "instance.member.added") {
      grant(grants, event, "");
    } else {
      throw new Error(`no reducer for instance event ${event.eventType}`);
    }
  }
}

/** Memberships are upserted: the latest grant of a user in an organisation (or the instance, "") wins. */
function grant(grants: Map<string, { roles: string[]; position: bigint }>, event: StoredEvent, orgId: string): void {
  const roles = (event.payload.roles as string[] | undefined) ?? [];
  grants.set(`${String(event.payload.userId)}|${orgId}`, { roles, position: event.position });
}
