// The one statement ListUsers runs: the requested page of the matching users the caller may read, the count
// of all of them, and the newest event the projection reflects, all from one snapshot. The page has its own
// ORDER BY … LIMIT, so an index can deliver it in order and stop after one page; the count alone has to
// visit every match (or every row, for a filter no index serves).
import type { Principal } from "../../domain/principal.js";
import { UserState } from "../../domain/user-row.js";
import { filtersSql } from "./filter-sql.js";
import type { ListUsersInput } from "./list-users-input.js";
import { resolveLimit, resolveOffset } from "./paging.js";
import { readScopeOf, scopeSql } from "./permission-scope.js";
import { orderBySql } from "./sorting.js";
import { SqlParams } from "./sql-params.js";
import { userColumnsSql } from "./user-columns.js";

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Rows: one per user of the page, in order, each with `total`, `processedPosition` and `processedAt`; a
 * single row with a NULL id when the page is empty.
 */
export function listUsersStatement(caller: Principal, input: ListUsersInput): Statement {
  const limit = resolveLimit(input.limit);
  const params = new SqlParams();
  const conditions = [
    // Deleted users stay in the projection (their events do) but no longer exist for any reader.
    `u.state NOT IN (${UserState.unspecified}, ${UserState.deleted})`,
    scopeSql(readScopeOf(caller), params),
    filtersSql(input.filters, params),
  ].filter((condition) => condition !== undefined);
  const where = conditions.join(" AND ");
  const limitParam = params.add(limit, "bigint");
  const offsetParam = params.add(resolveOffset(input.offset), "bigint");
  // The page first, then the count only when the page cannot tell it: a first page that is not full holds
  // every match. The CASE's subqueries run only when their branch is taken.
  const sql = `WITH page AS MATERIALIZED (
      SELECT u.* FROM users u WHERE ${where}
      ORDER BY ${orderBySql("u", input.sortBy, input.asc)}
      LIMIT ${limitParam} OFFSET ${offsetParam})
    SELECT
      CASE WHEN ${offsetParam} = 0 AND (SELECT count(*) FROM page) < ${limitParam} THEN (SELECT count(*) FROM page)
           ELSE (SELECT count(*) FROM users u WHERE ${where}) END AS total,
      ev.position AS "processedPosition", ev.created_at AS "processedAt", ${userColumnsSql("p")}
    FROM (SELECT) AS one
    LEFT JOIN page p ON true
    LEFT JOIN LATERAL (SELECT position, created_at FROM events ORDER BY position DESC LIMIT 1) ev ON true
    ORDER BY ${orderBySql("p", input.sortBy, input.asc)}`;
  return { sql, params: params.values };
}
