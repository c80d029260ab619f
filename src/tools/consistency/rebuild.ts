// Rebuilds what the projections must hold from the stored events alone, with the reducers the commands use
// (user-events.ts, org-events.ts), so a projection that drifted from its events is found by comparison.
// Dates the store sets to the transaction time (now()) are the events' created_at, compared as text to the
// microsecond. Token creation dates come from the command's clock, not an event, so they are not derived.
import { applyOrgEvents, emptyOrgRow, OrgEvent } from "../../command/org/org-events.js";
import { OrgState, type OrgRow } from "../../domain/org-row.js";
import { applyUserEvents, beginsUser, UserEvent } from "../../command/user/user-events.js";
import { emptyUserRow, UserState, UserType, type UserRow } from "../../domain/user-row.js";

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

export interface ExpectedOrgDomain {
  domain: string;
  isVerified: boolean;
  isPrimary: boolean;
  creationDate: string;
}

export interface ExpectedOrg {
  row: OrgRow;
  sequence: number;
  creationDate: string;
  changeDate: string;
  /** Lower-cased domain → its org_domains row. */
  domains: Map<string, ExpectedOrgDomain>;
  /** key → value (hex) and the times the store gave the row. */
  metadata: Map<string, { hex: string; creationDate: string; changeDate: string }>;
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
export async function rebuild(aggregates: AsyncIterable<StoredEvent[]> | Iterable<StoredEvent[]>): Promise<Expected> {
  const expected: Expected = { users: new Map(), orgs: new Map(), memberships: new Map(), claims: new Map(), problems: [], aggregates: 0 };
  const grants = new Map<string, { roles: string[]; position: bigint }>();
  // When a user was removed (keyed by its id) or moved out of an organisation ("user|org"), and when an
  // organisation was removed (ending every membership in it).
  const removals = new Map<string, bigint>();
  const orgRemovals = new Map<string, bigint>();
  for await (const events of aggregates) {
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
      else if (first.aggregateType === "org") rebuildOrg(expected, events, grants, orgRemovals);
      else if (first.aggregateType === "instance") rebuildInstance(expected, events, grants);
      else expected.problems.push({ aggregate: name, column: "aggregate_type", expected: "user, org or instance", stored: first.aggregateType });
    } catch (error) {
      expected.problems.push({ aggregate: name, column: "events", expected: "known event types", stored: (error as Error).message });
    }
  }
  for (const [key, grant] of grants) {
    const [userId, orgId] = key.split("|") as [string, string];
    // Removals are keyed by user (user.removed ends every membership) or by "user|org" (user.moved ends those
    // of the organisation left), organisation removals by organisation (org.removed ends every membership in
    // it); a grant stands when no removal came after it.
    const ended = [removals.get(userId), removals.get(key), orgRemovals.get(orgId)].some((at) => at !== undefined && at > grant.position);
    if (!ended) expected.memberships.set(key, grant.roles);
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
      case UserEvent.metadataSet:
        setMetadata(metadata, event);
        break;
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

function rebuildOrg(
  expected: Expected,
  events: StoredEvent[],
  grants: Map<string, { roles: string[]; position: bigint }>,
  orgRemovals: Map<string, bigint>,
): void {
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const row = applyOrgEvents(emptyOrgRow(first.aggregateId), events.map((e) => ({ type: e.eventType, payload: e.payload })));
  let domains: ExpectedOrg["domains"] = new Map();
  let metadata: ExpectedOrg["metadata"] = new Map();
  for (const event of events) {
    const p = event.payload;
    const domain = String(p.domain);
    switch (event.eventType) {
      case OrgEvent.domainAdded:
        domains.set(domain.toLowerCase(), { domain, isVerified: false, isPrimary: false, creationDate: event.createdAt });
        break;
      case OrgEvent.domainVerified: {
        const added = domains.get(domain.toLowerCase());
        if (added) added.isVerified = true;
        break;
      }
      case OrgEvent.primaryDomainSet: {
        // The first start sets the default organisation's domain primary without adding it first: set implies added and verified.
        const known = domains.get(domain.toLowerCase()) ?? { domain, isVerified: true, isPrimary: false, creationDate: event.createdAt };
        for (const other of domains.values()) other.isPrimary = false;
        domains.set(domain.toLowerCase(), { ...known, isPrimary: true });
        break;
      }
      case OrgEvent.domainRemoved:
        domains.delete(domain.toLowerCase());
        break;
      case OrgEvent.memberAdded:
        grant(grants, event, first.aggregateId);
        break;
      case OrgEvent.metadataSet:
        setMetadata(metadata, event);
        break;
      case OrgEvent.metadataRemoved:
        metadata.delete(String(p.key));
        break;
      case OrgEvent.removed:
        domains = new Map();
        metadata = new Map();
        orgRemovals.set(first.aggregateId, event.position);
        break;
    }
  }
  expected.orgs.set(row.id, { row, sequence: last.sequence, creationDate: first.createdAt, changeDate: last.createdAt, domains, metadata });
  if (row.state === OrgState.removed) return;
  expected.claims.set(`org_name|${row.name.toLowerCase()}`, row.id);
  for (const [lower, d] of domains) if (d.isVerified) expected.claims.set(`org_domain|${lower}`, row.id);
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

/** A metadata entry is created by the first set of its key after its removal (or ever) and changed by every set. */
function setMetadata(metadata: Map<string, { hex: string; creationDate: string; changeDate: string }>, event: StoredEvent): void {
  const key = String(event.payload.key);
  const hex = Buffer.from(String(event.payload.value), "base64").toString("hex");
  metadata.set(key, { hex, creationDate: metadata.get(key)?.creationDate ?? event.createdAt, changeDate: event.createdAt });
}

/** Memberships are upserted: the latest grant of a user in an organisation (or the instance, "") wins. */
function grant(grants: Map<string, { roles: string[]; position: bigint }>, event: StoredEvent, orgId: string): void {
  const roles = (event.payload.roles as string[] | undefined) ?? [];
  grants.set(`${String(event.payload.userId)}|${orgId}`, { roles, position: event.position });
}
