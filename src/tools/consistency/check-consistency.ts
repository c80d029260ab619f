// Compares every projection row that events determine with what the events rebuild (rebuild.ts): users
// (every column), orgs, the instance, user_metadata, org_metadata, org_domains, personal_access_tokens (all but
// creation_date, which comes from the command's clock), memberships and unique_constraints; rows without events
// count too.
// The event log is read in keyset-paged batches (one aggregate's events at a time are held), so its size does
// not bound the check; what the events rebuild, one entry per projection row, is kept. Meant for operators and
// tests, best run while nothing writes: the batches and the projections are read at different moments.
import type { SqlRunner } from "../../eventstore/eventstore.js";
import { rebuild, type Expected, type StoredEvent } from "./rebuild.js";

export interface Mismatch {
  /** "user <id>", "org <id>", "membership <user>|<org>", … */
  aggregate: string;
  column: string;
  expected: string;
  stored: string;
}

export interface ConsistencyReport {
  aggregates: number;
  events: number;
  /** How many queries read the event log. */
  batches: number;
  mismatches: Mismatch[];
}

export interface ConsistencyOptions {
  /** Events read per query. Default 5000. */
  batchSize?: number;
}

type Row = Record<string, unknown>;

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export async function checkConsistency(db: SqlRunner, options: ConsistencyOptions = {}): Promise<ConsistencyReport> {
  const read = { events: 0, batches: 0 };
  const expected = await rebuild(groupByAggregate(readEvents(db, options.batchSize ?? 5000, read)));
  const mismatches: Mismatch[] = [...expected.problems];
  await compareUsers(db, expected, mismatches);
  await compareOrgs(db, expected, mismatches);
  await compareInstance(db, expected, mismatches);
  await compareMetadata(db, mismatches, "user_metadata", [...expected.users].map(([id, user]) => [id, user.metadata]));
  await compareMetadata(db, mismatches, "org_metadata", [...expected.orgs].map(([id, org]) => [id, org.metadata]));
  await compareOrgDomains(db, expected, mismatches);
  await compareTokens(db, expected, mismatches);
  compareKeyed(
    mismatches,
    "membership",
    "roles",
    new Map([...expected.memberships].map(([k, roles]) => [k, JSON.stringify(roles)])),
    await db.query<Row>(`SELECT "user_id" || '|' || "org_id" AS k, array_to_json("roles")::text AS v FROM "memberships"`, []),
  );
  compareKeyed(
    mismatches,
    "unique claim",
    "aggregate_id",
    expected.claims,
    await db.query<Row>(`SELECT "unique_type" || '|' || "unique_field" AS k, "aggregate_id" AS v FROM "unique_constraints"`, []),
  );
  return { aggregates: expected.aggregates, events: read.events, batches: read.batches, mismatches };
}

export function formatReport(report: ConsistencyReport): string {
  const lines = [`checked ${report.aggregates} aggregates (${report.events} events): ${report.mismatches.length} mismatches`];
  for (const m of report.mismatches) lines.push(`  ${m.aggregate} ${m.column}: expected ${m.expected}, stored ${m.stored}`);
  return lines.join("\n");
}

/** The log in (aggregate type, id, sequence) order, `batchSize` rows per query, each after the last one read (its unique key). */
async function* readEvents(db: SqlRunner, batchSize: number, read: { events: number; batches: number }): AsyncGenerator<StoredEvent> {
  let after: unknown[] | undefined;
  for (;;) {
    const rows = await db.query<Row>(
      `SELECT "aggregate_type", "aggregate_id", "sequence", "event_type", "payload", "resource_owner",
              "created_at"::text AS "created_at",
              date_trunc('milliseconds', "created_at")::text AS "created_ms", "position"::text AS "position"
       FROM "events" ${after ? `WHERE ("aggregate_type", "aggregate_id", "sequence") > ($2, $3, $4)` : ""}
       ORDER BY "aggregate_type", "aggregate_id", "sequence" LIMIT $1`,
      [batchSize, ...(after ?? [])],
    );
    read.batches++;
    read.events += rows.length;
    yield* rows.map(storedEvent);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = [last.aggregate_type, last.aggregate_id, last.sequence];
  }
}

function storedEvent(r: Row): StoredEvent {
  return {
    aggregateType: String(r.aggregate_type),
    aggregateId: String(r.aggregate_id),
    sequence: Number(r.sequence),
    eventType: String(r.event_type),
    payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    resourceOwner: String(r.resource_owner),
    createdAt: String(r.created_at),
    createdAtMs: String(r.created_ms),
    position: BigInt(String(r.position)),
  };
}

async function* groupByAggregate(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent[]> {
  let group: StoredEvent[] = [];
  for await (const event of events) {
    const head = group[0];
    if (head && (head.aggregateType !== event.aggregateType || head.aggregateId !== event.aggregateId)) {
      yield group;
      group = [];
    }
    group.push(event);
  }
  if (group.length > 0) yield group;
}

/** One comparable text per value: null stays null, objects as JSON with sorted keys. */
function text(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") return canonicalJson(value);
  return String(value);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function compareColumns(mismatches: Mismatch[], aggregate: string, pairs: [column: string, expected: unknown, stored: unknown][]): void {
  for (const [column, want, have] of pairs) {
    const e = text(want);
    const s = typeof have === "string" && typeof want === "object" && want !== null ? text(JSON.parse(have)) : text(have);
    if (e !== s) mismatches.push({ aggregate, column, expected: e, stored: s });
  }
}

const userColumns: [column: string, field: string][] = [
  ["resource_owner", "resourceOwner"], ["type", "type"], ["state", "state"], ["username", "username"],
  ["given_name", "givenName"], ["family_name", "familyName"], ["nick_name", "nickName"], ["display_name", "displayName"],
  ["preferred_language", "preferredLanguage"], ["gender", "gender"], ["email", "email"], ["email_verified", "emailVerified"],
  ["phone", "phone"], ["phone_verified", "phoneVerified"], ["password_hash", "passwordHash"],
  ["password_change_required", "passwordChangeRequired"], ["failed_password_attempts", "failedPasswordAttempts"],
  ["codes", "codes"], ["machine_name", "machineName"], ["machine_description", "machineDescription"],
  ["access_token_type", "accessTokenType"], ["sequence", "sequence"],
];

async function compareUsers(db: SqlRunner, expected: Expected, mismatches: Mismatch[]): Promise<void> {
  const stored = await db.query<Row>(
    `SELECT *, "creation_date"::text AS "creation_text", "change_date"::text AS "change_text",
            date_trunc('milliseconds', "password_changed")::text AS "password_changed_text", "codes"::text AS "codes_text" FROM "users"`,
    [],
  );
  const byId = new Map(stored.map((r) => [String(r.id), r]));
  for (const [id, want] of expected.users) {
    const have = byId.get(id);
    const aggregate = `user ${id}`;
    if (!have) {
      mismatches.push({ aggregate, column: "row", expected: "present", stored: "missing" });
      continue;
    }
    const row = want.row as unknown as Row;
    compareColumns(mismatches, aggregate, [
      ...userColumns.map(([column, field]): [string, unknown, unknown] => [column, row[field], column === "codes" ? have.codes_text : have[column]]),
      ["creation_date", want.creationDate, have.creation_text],
      ["change_date", want.changeDate, have.change_text],
      ["password_changed", want.passwordChanged, have.password_changed_text],
    ]);
  }
  for (const id of byId.keys()) {
    if (!expected.users.has(id)) mismatches.push({ aggregate: `user ${id}`, column: "row", expected: "missing (no events)", stored: "present" });
  }
}

async function compareOrgs(db: SqlRunner, expected: Expected, mismatches: Mismatch[]): Promise<void> {
  const stored = await db.query<Row>(`SELECT *, "creation_date"::text AS "creation_text", "change_date"::text AS "change_text" FROM "orgs"`, []);
  const byId = new Map(stored.map((r) => [String(r.id), r]));
  for (const [id, want] of expected.orgs) {
    const have = byId.get(id);
    if (!have) {
      mismatches.push({ aggregate: `org ${id}`, column: "row", expected: "present", stored: "missing" });
      continue;
    }
    compareColumns(mismatches, `org ${id}`, [
      ["name", want.row.name, have.name],
      ["primary_domain", want.row.primaryDomain, have.primary_domain],
      ["state", want.row.state, have.state],
      ["sequence", want.sequence, have.sequence],
      ["creation_date", want.creationDate, have.creation_text],
      ["change_date", want.changeDate, have.change_text],
    ]);
  }
  for (const id of byId.keys()) {
    if (!expected.orgs.has(id)) mismatches.push({ aggregate: `org ${id}`, column: "row", expected: "missing (no events)", stored: "present" });
  }
}

async function compareInstance(db: SqlRunner, expected: Expected, mismatches: Mismatch[]): Promise<void> {
  const stored = await db.query<Row>(`SELECT "id", "default_org_id", "admin_user_id" FROM "instance"`, []);
  const want = expected.instance;
  const have = stored.find((r) => r.id === want?.id);
  if (want && !have) mismatches.push({ aggregate: `instance ${want.id}`, column: "row", expected: "present", stored: "missing" });
  if (want && have) {
    compareColumns(mismatches, `instance ${want.id}`, [
      ["default_org_id", want.defaultOrgId, have.default_org_id],
      ["admin_user_id", want.adminUserId, have.admin_user_id],
    ]);
  }
  for (const row of stored) {
    if (row.id !== want?.id) mismatches.push({ aggregate: `instance ${String(row.id)}`, column: "row", expected: "missing (no events)", stored: "present" });
  }
}

type MetadataByOwner = Iterable<[ownerId: string, entries: Map<string, { hex: string; creationDate: string; changeDate: string }>]>;

/** user_metadata or org_metadata: every expected entry stored with its value and dates, nothing more. */
async function compareMetadata(db: SqlRunner, mismatches: Mismatch[], table: "user_metadata" | "org_metadata", owners: MetadataByOwner): Promise<void> {
  const owner = table === "user_metadata" ? "user_id" : "org_id";
  const stored = await db.query<Row>(
    `SELECT "${owner}" AS "owner", "key", encode("value", 'hex') AS "hex", "creation_date"::text AS "creation_text", "change_date"::text AS "change_text" FROM "${table}"`,
    [],
  );
  const have = new Map(stored.map((r) => [`${String(r.owner)}|${String(r.key)}`, r]));
  for (const [ownerId, entries] of owners) {
    for (const [key, want] of entries) {
      const row = have.get(`${ownerId}|${key}`);
      const aggregate = `${table} ${ownerId}|${key}`;
      have.delete(`${ownerId}|${key}`);
      if (!row) {
        mismatches.push({ aggregate, column: "row", expected: "present", stored: "missing" });
        continue;
      }
      compareColumns(mismatches, aggregate, [
        ["value", want.hex, row.hex],
        ["creation_date", want.creationDate, row.creation_text],
        ["change_date", want.changeDate, row.change_text],
      ]);
    }
  }
  for (const key of have.keys()) mismatches.push({ aggregate: `${table} ${key}`, column: "row", expected: "missing", stored: "present" });
}

async function compareOrgDomains(db: SqlRunner, expected: Expected, mismatches: Mismatch[]): Promise<void> {
  const stored = await db.query<Row>(`SELECT "org_id", "domain", "is_verified", "is_primary", "validation_type", "creation_date"::text AS "creation_text" FROM "org_domains"`, []);
  const have = new Map(stored.map((r) => [`${String(r.org_id)}|${String(r.domain).toLowerCase()}`, r]));
  for (const [orgId, org] of expected.orgs) {
    for (const [lower, want] of org.domains) {
      const row = have.get(`${orgId}|${lower}`);
      const aggregate = `org_domain ${orgId}|${want.domain}`;
      have.delete(`${orgId}|${lower}`);
      if (!row) {
        mismatches.push({ aggregate, column: "row", expected: "present", stored: "missing" });
        continue;
      }
      compareColumns(mismatches, aggregate, [
        ["domain", want.domain, row.domain],
        ["is_verified", want.isVerified, row.is_verified],
        ["is_primary", want.isPrimary, row.is_primary],
        ["validation_type", 0, row.validation_type],
        ["creation_date", want.creationDate, row.creation_text],
      ]);
    }
  }
  for (const key of have.keys()) mismatches.push({ aggregate: `org_domain ${key}`, column: "row", expected: "missing", stored: "present" });
}

async function compareTokens(db: SqlRunner, expected: Expected, mismatches: Mismatch[]): Promise<void> {
  const stored = await db.query<Row>(
    `SELECT "id", "user_id", "token_hash", to_char("expiration_date" AT TIME ZONE 'UTC', ${ISO_MS}) AS "expiration" FROM "personal_access_tokens"`,
    [],
  );
  const have = new Map(stored.map((r) => [String(r.id), r]));
  for (const [userId, user] of expected.users) {
    for (const [id, want] of user.tokens) {
      const row = have.get(id);
      have.delete(id);
      if (!row) {
        mismatches.push({ aggregate: `personal_access_token ${id}`, column: "row", expected: "present", stored: "missing" });
        continue;
      }
      compareColumns(mismatches, `personal_access_token ${id}`, [
        ["user_id", userId, row.user_id],
        ["token_hash", want.tokenHash, row.token_hash],
        ["expiration_date", want.expirationDate, row.expiration],
      ]);
    }
  }
  for (const id of have.keys()) mismatches.push({ aggregate: `personal_access_token ${id}`, column: "row", expected: "missing", stored: "present" });
}

/** Key → single value tables (memberships, unique claims): every expected key stored with its value, nothing more. */
function compareKeyed(mismatches: Mismatch[], what: string, column: string, expected: Map<string, string>, stored: Row[]): void {
  const have = new Map(stored.map((r) => [String(r.k), String(r.v)]));
  for (const [key, want] of expected) {
    const value = have.get(key);
    have.delete(key);
    if (value === undefined) mismatches.push({ aggregate: `${what} ${key}`, column: "row", expected: "present", stored: "missing" });
    else if (value !== want) mismatches.push({ aggregate: `${what} ${key}`, column, expected: want, stored: value });
  }
  for (const [key] of have) mismatches.push({ aggregate: `${what} ${key}`, column: "row", expected: "missing", stored: "present" });
}
