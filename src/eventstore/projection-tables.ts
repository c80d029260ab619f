// Primary keys of the projection tables the store writes; used for upserts and the root sequence guard.
import type { ProjectionTable } from "./types.js";
import { EVENT_TIME } from "../domain/event-time.js";

export const primaryKeys: Record<ProjectionTable, readonly string[]> = {
  users: ["id"],
  orgs: ["id"],
  instance: ["id"],
  user_metadata: ["user_id", "key"],
  personal_access_tokens: ["id"],
  memberships: ["user_id", "org_id"],
  outbox: ["id"],
  org_domains: ["org_id", "domain"],
  org_metadata: ["org_id", "key"],
};

/**
 * The column an upsert moves to the event time when it replaces an existing row; a new row gets the event
 * time from the column's default (now(), the transaction's time, as the events' created_at).
 */
export const changeDateColumn: Partial<Record<ProjectionTable, string>> = {
  user_metadata: "change_date",
  org_metadata: "change_date",
};

const columns = new Map<string, string>();

/** Prisma model fields are camelCase and their columns snake_case by one rule (see schema.prisma). */
export function columnOf(field: string): string {
  let column = columns.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    columns.set(field, column); // the fields are the models' own: a few dozen names
  }
  return column;
}

/**
 * JSON for jsonb_populate_record: bytes as PostgreSQL's hex bytea text, everything else as JSON has it.
 * Columns holding EVENT_TIME are left out of the JSON and listed, so the statement sets them to now().
 */
export function rowToJson(row: Record<string, unknown>): { json: Record<string, unknown>; eventTimeColumns: string[] } {
  const json: Record<string, unknown> = {};
  const eventTimeColumns: string[] = [];
  for (const [field, value] of Object.entries(row)) {
    if (value === EVENT_TIME) eventTimeColumns.push(columnOf(field));
    else json[columnOf(field)] = value instanceof Uint8Array ? `\\x${Buffer.from(value).toString("hex")}` : value;
  }
  return { json, eventTimeColumns };
}

export const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
