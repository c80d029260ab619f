// ListOrganizations: the page of matching organisations the caller may read (org.read: every organisation
// through an instance role, else those where an org role grants it — ZITADEL filters its result the same
// way), their total and the newest event the projection reflects, from one statement. Deleted organisations
// are gone from the list, as from ZITADEL's projection; the domain filter matches any of an organisation's
// domains, not only the primary one (ZITADEL's OrganizationDomainQuery).
import { OrgState } from "../../domain/org-row.js";
import { hasInstancePermission, hasPermission, type Principal } from "../../domain/principal.js";
import type { PrismaClient } from "../../gen/prisma/client.js";
import { resolveLimit, resolveOffset } from "../list-users/paging.js";
import { SqlParams } from "../list-users/sql-params.js";
import { textCondition } from "../list-users/text-match.js";
import type { ListOrgsInput, OrgFilter } from "./list-orgs-input.js";

export interface OrgView {
  id: string;
  name: string;
  primaryDomain: string;
  state: number;
  sequence: number;
  creationDate: Date;
  changeDate: Date;
}

export interface ListOrgsResult {
  orgs: OrgView[];
  total: bigint;
  processedPosition: bigint;
  processedAt: Date | undefined;
}

type Row = Omit<OrgView, "id"> & { id: string | null; total: bigint; processedPosition: bigint | null; processedAt: Date | null };

export async function listOrgs(prisma: PrismaClient, caller: Principal, input: ListOrgsInput): Promise<ListOrgsResult> {
  const limit = resolveLimit(input.limit);
  const params = new SqlParams();
  const conditions = [`o.state <> ${OrgState.removed}`, scopeSql(caller, params), ...input.filters.map((f) => filterSql(f, params))];
  const where = conditions.filter((c) => c !== undefined).join(" AND ");
  const direction = input.asc ? "ASC" : "DESC";
  const order = input.sortBy === "name" ? `o.name ${direction}, o.id ${direction}` : `o.creation_date ${direction}, o.id ${direction}`;
  const sql = `WITH matched AS (SELECT o.* FROM orgs o WHERE ${where}),
    page AS (SELECT o.* FROM matched o ORDER BY ${order} LIMIT ${params.add(limit, "bigint")} OFFSET ${params.add(resolveOffset(input.offset), "bigint")})
    SELECT (SELECT count(*) FROM matched) AS total, ev.position AS "processedPosition", ev.created_at AS "processedAt",
      o.id, o.name, o.primary_domain AS "primaryDomain", o.state, o.sequence, o.creation_date AS "creationDate", o.change_date AS "changeDate"
    FROM (SELECT) AS one
    LEFT JOIN page o ON true
    LEFT JOIN LATERAL (SELECT position, created_at FROM events ORDER BY position DESC LIMIT 1) ev ON true
    ORDER BY ${order}`;
  const rows = await prisma.$queryRawUnsafe<Row[]>(sql, ...params.values);
  const first = rows[0]!;
  return {
    orgs: rows
      .filter((row): row is Row & { id: string } => row.id !== null)
      .map(({ total: _t, processedPosition: _p, processedAt: _a, ...org }) => ({ ...org, sequence: Number(org.sequence) })),
    total: BigInt(first.total),
    processedPosition: first.processedPosition === null ? 0n : BigInt(first.processedPosition),
    processedAt: first.processedAt ?? undefined,
  };
}

/** undefined when the caller may read every organisation. */
function scopeSql(caller: Principal, params: SqlParams): string | undefined {
  if (hasInstancePermission(caller, "org.read")) return undefined;
  const readable = [...caller.orgRoles.keys()].filter((orgId) => hasPermission(caller, "org.read", orgId));
  return `o.id = ANY(${params.add(readable, "text[]")})`;
}

function filterSql(filter: OrgFilter, params: SqlParams): string {
  switch (filter.kind) {
    case "name":
      return textCondition("o.name", filter.method, filter.value, params);
    case "domain":
      return `EXISTS (SELECT 1 FROM org_domains d WHERE d.org_id = o.id AND ${textCondition("d.domain", filter.method, filter.value, params)})`;
    case "state":
      return `o.state = ${params.add(filter.state, "int")}`;
    case "id":
      return `o.id = ${params.add(filter.id)}`;
    case "default":
      return `o.id = (SELECT default_org_id FROM instance WHERE id = 'instance')`;
  }
}
