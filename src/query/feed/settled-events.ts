// Reads the event log in the change feed's order, taking only events whose transaction can no longer be
// joined by an earlier one.
//
// Why not by position alone: "position" is drawn from a sequence when a push inserts, before it commits, so
// two pushes can commit out of position order (the one holding 11 first, the one holding 10 a moment later). A
// reader that had moved past 11 would never see 10. Instead every event records its transaction's id
// (events.transaction_id, written by the column's default), and a read takes only events of transactions older
// than the horizon: the oldest transaction that was still running when the statement's snapshot was taken and
// might be writing to this database (or, with none, the next transaction id to be handed out). Everything below
// it has ended, so every such event that will ever exist is visible now; any transaction still running, or
// started later, has an id at or above it, so what it writes sorts after everything already read. Ordering by
// (transaction_id, position) therefore never places a later commit before a position a reader has passed:
// nothing is missed and, as a reader continues strictly after its last position, nothing repeats.
//
// "Might be writing to this database": the snapshot lists the running transactions of the whole PostgreSQL
// server, and a long one in another database (a bulk load, a benchmark's seeding) must not hold this feed
// back. A transaction is left out only when pg_stat_activity shows it, still running, in another database —
// a backend cannot write to a database it is not connected to. One that ended between the snapshot and that
// look is kept (it might have been ours), which can only delay the feed by a read, never skip an event.
//
// The price: an open transaction in this database holds the horizon back, delaying (never losing) the feed
// until it ends. With PGlite, statements run one at a time, so the horizon is always current.
import type { SqlRunner } from "../../eventstore/eventstore.js";
import { AUTHOR_JOIN, CHANGE_COLUMNS, changeFromRow, type UserChangeRow, type UserChangeView } from "../history/user-change-rows.js";
import { LOG_START, type FeedPosition } from "./feed-position.js";

export interface FeedEntry {
  position: FeedPosition;
  change: UserChangeView;
}

export interface SettledBatch {
  /** User events after the asked position, in feed order. */
  entries: FeedEntry[];
  /** The last settled event read (of any aggregate), or the asked position when there was none. */
  readTo: FeedPosition;
  /** Fewer than `limit` events were read: the reader is at the horizon. */
  caughtUp: boolean;
  /** When caught up: committed events past the horizon wait for an older transaction to end. */
  heldBack: boolean;
}

// Ids as bigint: xid8 cast through text (64-bit ids never wrap); xid(x) is the 32-bit id pg_stat_activity shows.
const HORIZON = `(SELECT LEAST(pg_snapshot_xmax(s)::text::bigint,
    (SELECT min(x::text::bigint) FROM pg_snapshot_xip(s) AS x
     WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity AS a WHERE a.backend_xid = xid(x) AND a.datname IS DISTINCT FROM current_database())))
  FROM pg_current_snapshot() AS s)`;

type Row = UserChangeRow & { tx: string; pos: string; aggregateType: string };

export async function readSettled(db: SqlRunner, after: FeedPosition, limit: number): Promise<SettledBatch> {
  const rows = await db.query<Row>(
    `SELECT e."transaction_id"::text AS "tx", e."position"::text AS "pos", e."aggregate_type" AS "aggregateType", ${CHANGE_COLUMNS}
     FROM "events" AS e ${AUTHOR_JOIN}
     WHERE (e."transaction_id", e."position") > ($1::bigint, $2::bigint) AND e."transaction_id" < ${HORIZON}
     ORDER BY e."transaction_id", e."position" LIMIT $3`,
    [after.tx.toString(), after.pos.toString(), limit],
    "feed-settled",
  );
  const entries: FeedEntry[] = [];
  let readTo = after;
  for (const row of rows) {
    readTo = { tx: BigInt(row.tx), pos: BigInt(row.pos) };
    if (row.aggregateType === "user") entries.push({ position: readTo, change: changeFromRow(row) });
  }
  const caughtUp = rows.length < limit;
  let heldBack = false;
  if (caughtUp) {
    const [held] = await db.query<{ heldBack: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "events" WHERE ("transaction_id", "position") > ($1::bigint, $2::bigint) AND "transaction_id" >= ${HORIZON}) AS "heldBack"`,
      [readTo.tx.toString(), readTo.pos.toString()],
      "feed-held-back",
    );
    heldBack = held?.heldBack === true;
  }
  return { entries, readTo, caughtUp, heldBack };
}

/** The last settled event: a stream that starts "from now" starts after it. */
export async function settledHead(db: SqlRunner): Promise<FeedPosition> {
  const [row] = await db.query<{ tx: string; pos: string }>(
    `SELECT "transaction_id"::text AS "tx", "position"::text AS "pos" FROM "events" WHERE "transaction_id" < ${HORIZON}
     ORDER BY "transaction_id" DESC, "position" DESC LIMIT 1`,
    [],
    "feed-head",
  );
  return row ? { tx: BigInt(row.tx), pos: BigInt(row.pos) } : LOG_START;
}
