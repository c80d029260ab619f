// Builds the single SQL statement that pushes a command's events: root projection row (guarded by the
// expected sequence), events, unique claims and releases, and side projections, all in one round trip.
// Data-modifying CTEs run in one snapshot and commit together, so nothing is half-written; every write
// selects FROM root, so when the guard finds the aggregate moved on, nothing at all is written.
import { createHash } from "node:crypto";
import { changeDateColumn, primaryKeys, quote, rowToJson } from "./projection-tables.js";
import type { PushRequest, SideWrite } from "./types.js";

export interface Statement {
  sql: string;
  params: unknown[];
  /** Stable per shape, so the database can keep the statement prepared. */
  name: string;
}

interface SideShape {
  table: SideWrite["table"];
  op: SideWrite["op"];
  columns: string[];
}

interface Shape {
  /** update: only the changed columns of a row stored at the expected sequence; otherwise the whole row, upserted. */
  root?: { table: string; columns: string[]; now: string[]; update: boolean };
  claims: boolean;
  releases: boolean;
  side: SideShape[];
}

// The statement's text depends only on its shape (which columns, which parts), so it is built once per shape
// and reused; parameters are numbered in the same order for every statement of a shape.
const sqlCache = new Map<string, { sql: string; name: string }>();

export function buildPushStatement(request: PushRequest): Statement {
  const root = request.root ? rowToJson(rootFields(request.root)) : undefined;
  const side = (request.side ?? []).filter((write) => write.rows.length > 0);
  const sideRows = side.map((write) => write.rows.map((row) => rowToJson(row).json));
  const claims = (request.claim ?? []).map((c) => ({ type: c.type, field: c.value.toLowerCase() }));
  const releases = (request.release ?? []).map((c) => ({ type: c.type, field: c.value.toLowerCase() }));
  const shape: Shape = {
    root: root && request.root ? { table: request.root.table, columns: Object.keys(root.json), now: root.eventTimeColumns, update: request.root.changed !== undefined } : undefined,
    claims: claims.length > 0,
    releases: releases.length > 0,
    side: side.map((write, i) => ({ table: write.table, op: write.op, columns: Object.keys(sideRows[i]![0]!) })),
  };
  const key = JSON.stringify(shape);
  let cached = sqlCache.get(key);
  if (cached === undefined) {
    const sql = renderSql(shape);
    cached = { sql, name: `push_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}` };
    sqlCache.set(key, cached);
  }
  const params: unknown[] = [
    request.expectedSequence,
    request.aggregateType,
    request.aggregateId,
    request.creator,
    request.resourceOwner,
    JSON.stringify(request.events.map((e) => ({ type: e.type, payload: e.payload }))),
  ];
  if (root) params.push(JSON.stringify(root.json));
  if (shape.claims) params.push(JSON.stringify(claims));
  if (shape.releases) params.push(JSON.stringify(releases));
  for (const rows of sideRows) params.push(JSON.stringify(rows));
  return { sql: cached.sql, params, name: cached.name };
}

const BOOKKEEPING = new Set(["sequence", "creationDate", "changeDate"]);

/** The fields the statement writes: the changed ones of an update, every one of an upsert. */
function rootFields(root: NonNullable<PushRequest["root"]>): Record<string, unknown> {
  if (root.changed === undefined) return root.row;
  const fields: Record<string, unknown> = {};
  for (const field of root.changed) if (!BOOKKEEPING.has(field)) fields[field] = root.row[field];
  return fields;
}

// $1 expected sequence, $2 aggregate type, $3 aggregate id, $4 creator, $5 resource owner, $6 events;
// then, in this order and only when present: root row, claims, releases, one parameter per side write.
function renderSql(shape: Shape): string {
  let next = 7;
  const param = () => `$${next++}::jsonb`;
  const ctes = [
    shape.root ? (shape.root.update ? renderRootUpdate : renderRootUpsert)(shape.root, param()) : renderEventOnlyGuard(),
    `ev AS (
      INSERT INTO "events" ("aggregate_type", "aggregate_id", "sequence", "event_type", "payload", "creator", "resource_owner")
      SELECT $2::text, $3::text, $1::int + x.ord::int, x.ev->>'type', x.ev->'payload', $4::text, $5::text
      FROM root, jsonb_array_elements($6::jsonb) WITH ORDINALITY AS x(ev, ord))`,
  ];
  if (shape.claims) {
    ctes.push(`claim AS (
      INSERT INTO "unique_constraints" ("unique_type", "unique_field", "aggregate_id")
      SELECT u->>'type', u->>'field', $3::text FROM root, jsonb_array_elements(${param()}) AS u)`);
  }
  if (shape.releases) {
    ctes.push(`release AS (
      DELETE FROM "unique_constraints" AS c USING root, jsonb_array_elements(${param()}) AS u
      WHERE c."unique_type" = u->>'type' AND c."unique_field" = u->>'field' AND c."aggregate_id" = $3::text)`);
  }
  shape.side.forEach((write, index) => ctes.push(renderSideWrite(write, param(), index)));
  return `WITH ${ctes.join(",\n")}\nSELECT "sequence", "creation_date", "change_date" FROM root`;
}

/**
 * Root row upsert guarded by the expected sequence: a moved-on aggregate (or an existing one, for 0) returns no
 * row. An existing row keeps its creation date unless the push names creation_date as event time (a root that
 * begins anew on its old id).
 */
function renderRootUpsert(root: { table: string; columns: string[]; now: string[] }, rowParam: string): string {
  const table = quote(root.table);
  const keys = primaryKeys[root.table as "users"];
  const bookkeeping = ["sequence", "change_date", "creation_date"];
  const managed = new Set([...bookkeeping, ...root.now]);
  const columns = [...root.columns.filter((c) => !managed.has(c)), ...root.now.filter((c) => !bookkeeping.includes(c)), ...bookkeeping];
  const values = columns.map((c) => {
    if (c === "sequence") return "$1::int + jsonb_array_length($6::jsonb)";
    if (managed.has(c)) return "now()";
    return `r.${quote(c)}`;
  });
  const beginsAnew = root.now.includes("creation_date");
  const updates = columns
    .filter((c) => !keys.includes(c) && (c !== "creation_date" || beginsAnew))
    .map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`);
  return `root AS (
      INSERT INTO ${table} AS t (${columns.map(quote).join(", ")})
      SELECT ${values.join(", ")} FROM jsonb_populate_record(NULL::${table}, ${rowParam}) AS r
      ON CONFLICT (${keys.map(quote).join(", ")}) DO UPDATE SET ${updates.join(", ")}
      WHERE t."sequence" = $1::int
      RETURNING t."sequence", t."creation_date", t."change_date")`;
}

/**
 * The changed columns of a root row stored at the expected sequence (users and organisations, keyed by the
 * aggregate id): a moved-on or missing row returns no row, as the upsert's guard does.
 */
function renderRootUpdate(root: { table: string; columns: string[]; now: string[] }, rowParam: string): string {
  const sets = [
    ...root.columns.map((c) => `${quote(c)} = r.${quote(c)}`),
    ...root.now.filter((c) => c !== "change_date").map((c) => `${quote(c)} = now()`),
    `"sequence" = $1::int + jsonb_array_length($6::jsonb)`,
    `"change_date" = now()`,
  ];
  return `root AS (
      UPDATE ${quote(root.table)} AS t SET ${sets.join(", ")}
      FROM jsonb_populate_record(NULL::${quote(root.table)}, ${rowParam}) AS r
      WHERE t."id" = $3::text AND t."sequence" = $1::int
      RETURNING t."sequence", t."creation_date", t."change_date")`;
}

/** Aggregates without a root row: the latest stored sequence must be the expected one; a racing push trips the events key. */
function renderEventOnlyGuard(): string {
  return `root AS (
      SELECT $1::int + jsonb_array_length($6::jsonb) AS "sequence",
             COALESCE(cur.first, now()) AS "creation_date", now() AS "change_date"
      FROM (SELECT COALESCE(MAX("sequence"), 0) AS last, MIN("created_at") AS first FROM "events"
            WHERE "aggregate_type" = $2::text AND "aggregate_id" = $3::text) AS cur
      WHERE cur.last = $1::int)`;
}

function renderSideWrite(write: SideShape, param: string, index: number): string {
  const table = quote(write.table);
  const list = write.columns.map(quote).join(", ");
  const values = write.columns.map((c) => `d.${quote(c)}`).join(", ");
  const source = `root, jsonb_populate_recordset(NULL::${table}, ${param}) AS d`;
  if (write.op === "delete") {
    const match = write.columns.map((c) => `s.${quote(c)} = d.${quote(c)}`).join(" AND ");
    return `side${index} AS (DELETE FROM ${table} AS s USING ${source} WHERE ${match})`;
  }
  const insert = `INSERT INTO ${table} (${list}) SELECT ${values} FROM ${source}`;
  if (write.op === "insert") return `side${index} AS (${insert})`;
  const keys = primaryKeys[write.table];
  const updates = write.columns.filter((c) => !keys.includes(c)).map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`);
  const touched = changeDateColumn[write.table];
  if (touched && updates.length > 0) updates.push(`${quote(touched)} = now()`);
  const onConflict = updates.length > 0 ? `DO UPDATE SET ${updates.join(", ")}` : "DO NOTHING";
  return `side${index} AS (${insert} ON CONFLICT (${keys.map(quote).join(", ")}) ${onConflict})`;
}
