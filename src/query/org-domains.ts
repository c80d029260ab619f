// ListOrganizationDomains: the domains of one organisation the caller may read (org.read), with ZITADEL's domain
// filters (all must match), sorted by name or creation date (unspecified: creation date, then name) and paged
// like the other v2 lists (limit 0 → the default, above the maximum → InvalidArgument; `asc` false, the proto
// default, sorts descending).
import type { Principal } from "../domain/principal.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import type { TextMethod } from "./list-users/list-users-input.js";
import { resolveOffset } from "./list-users/paging.js";
import { SqlParams } from "./list-users/sql-params.js";
import { textCondition } from "./list-users/text-match.js";
import { resolveMetadataLimit } from "./metadata-entries.js";
import { requireReadableOrg } from "./org-readable.js";

export interface DomainFilter {
  method: TextMethod;
  domain: string;
}

export interface ListOrgDomainsInput {
  orgId: string;
  filters: readonly DomainFilter[];
  sortBy: "name" | "creationDate";
  asc: boolean;
  offset: bigint;
  limit: number;
}

export interface OrgDomainView {
  orgId: string;
  domain: string;
  isVerified: boolean;
  isPrimary: boolean;
  validationType: number;
}

export interface ListOrgDomainsResult {
  domains: OrgDomainView[];
  total: bigint;
  appliedLimit: number;
}

interface PageRow {
  total: bigint | number;
  domain: string | null;
  is_verified: boolean | null;
  is_primary: boolean | null;
  validation_type: number | null;
}

export async function listOrgDomains(prisma: PrismaClient, caller: Principal, input: ListOrgDomainsInput): Promise<ListOrgDomainsResult> {
  const limit = resolveMetadataLimit(input.limit);
  await requireReadableOrg(prisma, caller, input.orgId);
  const params = new SqlParams();
  const where = [`d.org_id = ${params.add(input.orgId)}`, ...input.filters.map((f) => textCondition("d.domain", f.method, f.domain, params))].join(" AND ");
  const direction = input.asc ? "ASC" : "DESC";
  const orderBy = (t: string) =>
    input.sortBy === "name" ? `${t}.domain COLLATE "C" ${direction}` : `${t}.creation_date ${direction}, ${t}.domain COLLATE "C" ${direction}`;
  const sql = `SELECT (SELECT count(*) FROM org_domains d WHERE ${where}) AS total, p.domain, p.is_verified, p.is_primary, p.validation_type
    FROM (SELECT) AS one
    LEFT JOIN LATERAL (
      SELECT d.domain, d.is_verified, d.is_primary, d.validation_type, d.creation_date FROM org_domains d WHERE ${where}
      ORDER BY ${orderBy("d")} LIMIT ${params.add(limit, "bigint")} OFFSET ${params.add(resolveOffset(input.offset), "bigint")}) p ON true
    ORDER BY ${orderBy("p")}`;
  const rows = await prisma.$queryRawUnsafe<PageRow[]>(sql, ...params.values);
  return {
    domains: rows
      .filter((row) => row.domain !== null)
      .map((row) => ({ orgId: input.orgId, domain: row.domain!, isVerified: row.is_verified!, isPrimary: row.is_primary!, validationType: Number(row.validation_type) })),
    total: BigInt(rows[0]!.total),
    appliedLimit: limit,
  };
}
