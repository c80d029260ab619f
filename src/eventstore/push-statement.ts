// Builds the single SQL statement that pushes a command's events: root projection row (guarded by the
// expected sequence), events, unique claims and releases, and side projections, all in one round trip.
// Data-modifying CTEs run in one snapshot and commit together, so nothing is half-written; every write
// selects FROM root, so when the guard finds the aggregate moved on, nothing at all is written.
import { primaryKeys, quote, rowToJson } from "./projection-tables.js";
import type { PushRequest, SideWrite } from "./types.js";

export interface Statement {
  sql: string;
  params: unknown[];
}

interface SideShape {
  table: SideWrite["table"];
  op: SideWrite["op"];
  columns: string[];
}

// The statement's text depends only on its shape (which columns, which side writes), so it is built once
// per shape and reused; the database can then reuse its plan too.
const sqlCache = new Map<string, string>();
const FIXED_PARAMS = 9;

export function buildPushStatement(request: PushRequest): Statement {
  const root = request.root ? rowToJson(request.root.row) : undefined;
  const side = (request.side ?? []).filter((write) => write.rows.length > 0);
  const sideRows = side.map((write) => write.rows.map((row) => rowToJson(row).json));
  const sideShapes: SideShape[] = side.map((write, i) => ({
    table: write.table,
    op: write.op,
    columns: Object.keys(sideRows[i]![0]!),
  }));
  const rootShape = root && request.root ? { table: request.root.table, columns: Object.keys(root.json), now: root.eventTimeColumns } : undefined;
  const key = JSON.stringify([rootShape, sideShapes]);
  let sql = sqlCache.get(key);
  if (sql === undefined) {
    sql = renderSql(rootShape, sideShapes);
    sqlCache.set(key, sql);
  }
  const params: unknown[] = [
    JSON.stringify(root?.json ?? {}),
    request.expectedSequence,
    request.aggregateType,
    request.aggregateId,
    request.creator,
    request.resourceOwner,
    JSON.stringify(request.events.map((e) => ({ type: e.type, payload: e.payload }))),
    JSON.stringify((request.claim ?? []).map((c) => ({ type: c.type, field: c.value.toLowerCase() }))),
    JSON.stringify((request.release ?? []).map((c) => ({ type: c.type, field: c.value.toLowerCase() }))),
    ...sideRows.map((rows) => JSON.stringify(rows)),
  ];
  return { sql, params };
}

function renderSql(root: { table: string; columns: string[]; now: string[] } | undefined, side: readonly SideShape[]): string {
  const ctes = [
    root ? renderRootUpsert(root.table, root.columns, root.now) : renderEventOnlyGuard(),
    `ev AS (
      INSERT INTO "events" ("aggregate_type", "aggregate_id", "sequence", "event_type", "payload", "creator", "resource_owner")
      SELECT $3::text, $4::text, $2::int + x.ord::int, x.ev->>'type', x.ev->'payload', $5::text, $6::text
      FROM root, jsonb_array_elements($7::jsonb) WITH ORDINALITY AS x(ev, ord))`,
    `claim AS (
      INSERT INTO "unique_constraints" ("unique_type", "unique_field", "aggregate_id")
      SELECT u->>'type', u->>'field', $4::text FROM root, jsonb_array_elements($8::jsonb) AS u)`,
    `release AS (
      DELETE FROM "unique_constraints" AS c USING root, jsonb_array_elements($9::jsonb) AS u
      WHERE c."unique_type" = u->>'type' AND c."unique_field" = u->>'field' AND c."aggregate_id" = $4::text)`,
    ...side.map((write, index) => renderSideWrite(write, `$${FIXED_PARAMS + index + 1}::jsonb`, index)),
  ];
  return `WITH ${ctes.join(",\n")}\nSELECT "sequence", "creation_date", "change_date" FROM root`;
}

/** Root row upsert guarded by the expected sequence: a moved-on aggregate (or an existing one, for 0) returns no row. */
function renderRootUpsert(rootTable: string, jsonColumns: string[], nowColumns: string[]): string {
  const table = quote(rootTable);
  const keys = primaryKeys[rootTable as "users"];
  const managed = new Set(["sequence", "change_date", "creation_date", ...nowColumns]);
  const columns = [...jsonColumns.filter((c) => !managed.has(c)), ...nowColumns, "sequence", "change_date", "creation_date"];
  const values = columns.map((c) => {
    if (c === "sequence") return "$2::int + jsonb_array_length($7::jsonb)";
    if (managed.has(c)) return "now()";
    return `r.${quote(c)}`;
  });
  const updates = columns
    .filter((c) => !keys.includes(c) && c !== "creation_date")
    .map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`);
  return `root AS (
      INSERT INTO ${table} AS t (${columns.map(quote).join(", ")})
      SELECT ${values.join(", ")} FROM jsonb_populate_record(NULL::${table}, $1::jsonb) AS r
      ON CONFLICT (${keys.map(quote).join(", ")}) DO UPDATE SET ${updates.join(", ")}
      WHERE t."sequence" = $2::int
      RETURNING t."sequence", t."creation_date", t."change_date")`;
}

/** Aggregates without a root row: the latest stored sequence must be the expected one; a racing push trips the events key. */
function renderEventOnlyGuard(): string {
  return `root AS (
      SELECT $2::int + jsonb_array_length($7::jsonb) AS "sequence",
             COALESCE(cur.first, now()) AS "creation_date", now() AS "change_date"
      FROM (SELECT COALESCE(MAX("sequence"), 0) AS last, MIN("created_at") AS first FROM "events"
            WHERE "aggregate_type" = $3::text AND "aggregate_id" = $4::text) AS cur
      -- $1 (the root row) is unused here but keeps the parameter numbering of every shape the same.
      WHERE cur.last = $2::int AND $1::jsonb IS NOT NULL)`;
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
  const onConflict = updates.length > 0 ? `DO UPDATE SET ${updates.join(", ")}` : "DO NOTHING";
  return `side${index} AS (${insert} ON CONFLICT (${keys.map(quote).join(", ")}) ${onConflict})`;
}

