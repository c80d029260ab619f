// ListPersonalAccessTokens: the page of matching tokens the caller may see — those of users it may read
// (user.read in their organisation, every organisation through an instance role) and always its own — with
// the total over all pages, from one statement. Only bookkeeping is read; the token itself is never stored.
import { hasInstancePermission, hasPermission, type Principal } from "../../domain/principal.js";
import { invalidArgument } from "../../domain/errors.js";
import type { PrismaClient } from "../../gen/prisma/client.js";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from "../list-users/list-users-input.js";
import { resolveOffset } from "../list-users/paging.js";
import { SqlParams } from "../list-users/sql-params.js";

export type TimestampMethod = "equals" | "after" | "afterOrEquals" | "before" | "beforeOrEquals";

export type PatFilter =
  | { kind: "tokenId" | "userId" | "orgId"; id: string }
  | { kind: "created" | "expires"; method: TimestampMethod; at: Date };

export type PatSortField = "creationDate" | "id" | "userId" | "orgId" | "expirationDate";

export interface ListPatsInput {
  filters: readonly PatFilter[];
  /** undefined: creation date. */
  sortBy?: PatSortField;
  /** false sorts descending, as ZITADEL does. */
  asc: boolean;
  offset: bigint;
  /** 0: the default page size; above the maximum: InvalidArgument. */
  limit: number;
}

export interface PatView {
  id: string;
  userId: string;
  orgId: string;
  creationDate: Date;
  expirationDate: Date;
}

export interface ListPatsResult {
  tokens: PatView[];
  total: bigint;
  appliedLimit: number;
}

/** Sort columns, as named in the statement's `matched` rows. */
const columns: Record<PatSortField, string> = {
  creationDate: "creation_date",
  id: "id",
  userId: "user_id",
  orgId: "resource_owner",
  expirationDate: "expiration_date",
};

const comparisons: Record<TimestampMethod, string> = { equals: "=", after: ">", afterOrEquals: ">=", before: "<", beforeOrEquals: "<=" };

type Row = Omit<PatView, "id"> & { id: string | null; total: bigint };

export async function listPersonalAccessTokens(prisma: PrismaClient, caller: Principal, input: ListPatsInput): Promise<ListPatsResult> {
  if (input.limit > MAX_LIST_LIMIT) {
    throw invalidArgument("QUERY-PatLim1", `Errors.Query.LimitExceeded: limit ${input.limit} is above the maximum of ${MAX_LIST_LIMIT}`, [
      { field: "pagination.limit", rule: "uint32.lte", description: `must be at most ${MAX_LIST_LIMIT}` },
    ]);
  }
  const limit = input.limit === 0 ? DEFAULT_LIST_LIMIT : input.limit;
  const params = new SqlParams();
  const conditions = [scopeSql(caller, params), ...input.filters.map((f) => filterSql(f, params))].filter((c) => c !== undefined);
  const where = conditions.length > 0 ? conditions.join(" AND ") : "true";
  const direction = input.asc ? "ASC" : "DESC";
  const orderBy = (alias: string) => `${alias}.${columns[input.sortBy ?? "creationDate"]} ${direction}, ${alias}.id ${direction}`;
  const sql = `WITH matched AS (
      SELECT t.id, t.user_id, t.creation_date, t.expiration_date, u.resource_owner
      FROM personal_access_tokens t JOIN users u ON u.id = t.user_id WHERE ${where}),
    page AS (SELECT * FROM matched m ORDER BY ${orderBy("m")}
      LIMIT ${params.add(limit, "bigint")} OFFSET ${params.add(resolveOffset(input.offset), "bigint")})
    SELECT (SELECT count(*) FROM matched) AS total, p.id, p.user_id AS "userId", p.resource_owner AS "orgId",
      p.creation_date AS "creationDate", p.expiration_date AS "expirationDate"
    FROM (SELECT) AS one LEFT JOIN page p ON true
    ORDER BY ${orderBy("p")}`;
  const rows = await prisma.$queryRawUnsafe<Row[]>(sql, ...params.values);
  return {
    tokens: rows.filter((row): row is Row & { id: string } => row.id !== null).map(({ total: _t, ...token }) => token),
    total: BigInt(rows[0]!.total),
    appliedLimit: limit,
  };
}

/** undefined when the caller may read every user. */
function scopeSql(caller: Principal, params: SqlParams): string | undefined {
  if (hasInstancePermission(caller, "user.read")) return undefined;
  const readable = [...caller.orgRoles.keys()].filter((orgId) => hasPermission(caller, "user.read", orgId));
  return `(u.resource_owner = ANY(${params.add(readable, "text[]")}) OR t.user_id = ${params.add(caller.userId)})`;
}

function filterSql(filter: PatFilter, params: SqlParams): string {
  switch (filter.kind) {
    case "tokenId":
      return `t.id = ${params.add(filter.id)}`;
    case "userId":
      return `t.user_id = ${params.add(filter.id)}`;
    case "orgId":
      return `u.resource_owner = ${params.add(filter.id)}`;
    case "created":
      return `t.creation_date ${comparisons[filter.method]} ${params.add(filter.at.toISOString(), "timestamptz")}`;
    case "expires":
      return `t.expiration_date ${comparisons[filter.method]} ${params.add(filter.at.toISOString(), "timestamptz")}`;
  }
}
