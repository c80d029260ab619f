// ListUserHistory: one user's events, newest or oldest first, paged by cursor. Read permission as GetUserByID
// (src/query/user-by-id.ts): yourself, or user.read in the user's organisation; outsiders get NotFound. Unlike
// GetUserByID a deleted user still answers: its events stay, and who changed it is what an audit asks.
//
// Paging is by cursor, not offset: a page token names the last sequence shown, so changes committed while a
// reader pages (new events only ever get higher sequences) neither shift nor repeat entries. Each page reads
// the (aggregate_type, aggregate_id, sequence) key of the events table from that sequence on.
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import type { SqlRunner } from "../../eventstore/eventstore.js";
import { invalidField, notFound } from "../../domain/errors.js";
import { UserState } from "../../domain/user-state.js";
import type { UserRowReader } from "../user-rows.js";
import { AUTHOR_JOIN, CHANGE_COLUMNS, changeFromRow, type UserChangeRow, type UserChangeView } from "./user-change-rows.js";

export type HistoryOrder = "newest_first" | "oldest_first";

export interface UserHistoryInput {
  userId: string;
  order: HistoryOrder;
  /** 0: the default page size. */
  pageSize: number;
  /** Empty for the first page. */
  pageToken: string;
}

export interface UserHistoryPage {
  changes: UserChangeView[];
  /** Empty on the last page. */
  nextPageToken: string;
  total: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export async function listUserHistory(db: SqlRunner, readUser: UserRowReader, caller: Principal, input: UserHistoryInput): Promise<UserHistoryPage> {
  const after = parsePageToken(input.pageToken, input.order);
  const row = await readUser(input.userId);
  if (!row || row.state === UserState.unspecified) throw notFound("QUERY-HstNf1", "Errors.User.NotFound");
  if (caller.userId !== row.id && !hasUserPermission(caller, "user.read", row.resourceOwner)) {
    throw refusal(caller, row.resourceOwner, "QUERY-HstPm1", "Errors.PermissionDenied: user.read is required");
  }
  const pageSize = input.pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(input.pageSize, MAX_PAGE_SIZE);
  const newestFirst = input.order === "newest_first";
  // One more than the page, to know whether a next page exists.
  const [rows, counted] = await Promise.all([
    db.query<UserChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM "events" AS e ${AUTHOR_JOIN}
       WHERE e."aggregate_type" = 'user' AND e."aggregate_id" = $1 AND e."sequence" ${newestFirst ? "<" : ">"} $2
       ORDER BY e."sequence" ${newestFirst ? "DESC" : "ASC"} LIMIT $3`,
      [row.id, after ?? (newestFirst ? 2_147_483_647 : 0), pageSize + 1],
      newestFirst ? "user-history-desc" : "user-history-asc",
    ),
    db.query<{ total: string | number }>(
      `SELECT count(*)::int AS "total" FROM "events" WHERE "aggregate_type" = 'user' AND "aggregate_id" = $1`,
      [row.id],
      "user-history-count",
    ),
  ]);
  const changes = rows.slice(0, pageSize).map(changeFromRow);
  const last = changes.at(-1);
  return {
    changes,
    nextPageToken: rows.length > pageSize && last ? pageToken(input.order, last.sequence) : "",
    total: Number(counted[0]?.total ?? 0),
  };
}

// A page token: the order it belongs to and the last sequence shown, e.g. "n.42" (newest first).
const TOKEN = /^([no])\.(\d{1,10})$/;

function pageToken(order: HistoryOrder, sequence: number): string {
  return `${order === "newest_first" ? "n" : "o"}.${sequence}`;
}

function parsePageToken(token: string, order: HistoryOrder): number | undefined {
  if (token === "") return undefined;
  const match = TOKEN.exec(token);
  if (!match || (match[1] === "n") !== (order === "newest_first")) {
    throw invalidField("QUERY-HstTk1", "page_token", "page_token.valid", "must be the next_page_token of a page in the same order");
  }
  return Number(match[2]);
}
