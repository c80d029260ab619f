// Reads of a metadata projection (user_metadata or org_metadata, the same shape keyed by their owner): a page of
// entries with ZITADEL's key filters (all must match) and paging (limit 0 → the default, above the maximum →
// InvalidArgument as ZITADEL's QUERY-4M0fs), and the reader the metadata commands decide with. Entries are
// ordered by key (byte order, the same on every database; keys are unique, so pages are stable); `asc` false,
// the proto default, orders them descending as ZITADEL's lists do.
import type { MetadataReader } from "../domain/metadata-reader.js";
import { invalidArgument } from "../domain/errors.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, type TextMethod } from "./list-users/list-users-input.js";
import { resolveOffset } from "./list-users/paging.js";
import { SqlParams } from "./list-users/sql-params.js";
import { textCondition } from "./list-users/text-match.js";

export type MetadataTable = "user_metadata" | "org_metadata";

const ownerColumn: Record<MetadataTable, string> = { user_metadata: "user_id", org_metadata: "org_id" };

export interface MetadataKeyFilter {
  method: TextMethod;
  key: string;
}

export interface MetadataPageInput {
  /** All must match (AND). */
  filters: readonly MetadataKeyFilter[];
  offset: bigint;
  /** 0: DEFAULT_LIST_LIMIT; above MAX_LIST_LIMIT: InvalidArgument. */
  limit: number;
  asc: boolean;
}

export interface MetadataItem {
  key: string;
  value: Uint8Array;
  creationDate: Date;
  changeDate: Date;
}

export interface ListMetadataResult {
  items: MetadataItem[];
  /** Every entry matching the filters, over all pages. */
  total: bigint;
  appliedLimit: number;
}

interface PageRow {
  total: bigint | number;
  key: string | null;
  value: Uint8Array | null;
  creation_date: Date | null;
  change_date: Date | null;
}

/** The page of `ownerId`'s entries; whether the caller may read them is the caller's check. */
export async function metadataPage(prisma: PrismaClient, table: MetadataTable, ownerId: string, input: MetadataPageInput): Promise<ListMetadataResult> {
  const limit = resolveMetadataLimit(input.limit);
  const params = new SqlParams();
  const where = [`m.${ownerColumn[table]} = ${params.add(ownerId)}`, ...input.filters.map((f) => textCondition("m.key", f.method, f.key, params))].join(" AND ");
  const order = `COLLATE "C" ${input.asc ? "ASC" : "DESC"}`;
  const sql = `SELECT (SELECT count(*) FROM ${table} m WHERE ${where}) AS total, p.key, p.value, p.creation_date, p.change_date
    FROM (SELECT) AS one
    LEFT JOIN LATERAL (
      SELECT m.key, m.value, m.creation_date, m.change_date FROM ${table} m WHERE ${where}
      ORDER BY m.key ${order} LIMIT ${params.add(limit, "bigint")} OFFSET ${params.add(resolveOffset(input.offset), "bigint")}) p ON true
    ORDER BY p.key ${order}`;
  const rows = await prisma.$queryRawUnsafe<PageRow[]>(sql, ...params.values);
  return {
    items: rows.filter((row) => row.key !== null).map((row) => ({ key: row.key!, value: row.value!, creationDate: row.creation_date!, changeDate: row.change_date! })),
    total: BigInt(rows[0]!.total),
    appliedLimit: limit,
  };
}

/** The page size a request gets; callers that check the owner first call this before, so a bad limit is named first. */
export function resolveMetadataLimit(requested: number): number {
  if (requested > MAX_LIST_LIMIT) {
    throw invalidArgument("QUERY-MdLim1", `Errors.Query.LimitExceeded: limit ${requested} is above the maximum of ${MAX_LIST_LIMIT}`, [
      { field: "pagination.limit", rule: "uint32.lte", description: `must be at most ${MAX_LIST_LIMIT}` },
    ]);
  }
  return requested === 0 ? DEFAULT_LIST_LIMIT : requested;
}

/** What the metadata commands read: the stored values, or only which keys exist. */
export function metadataReader(prisma: PrismaClient, table: MetadataTable): MetadataReader {
  const byKeys = `m.${ownerColumn[table]} = $1 AND m.key = ANY($2::text[])`;
  return {
    async values(ownerId, keys) {
      const rows = await prisma.$queryRawUnsafe<{ key: string; value: Uint8Array }[]>(`SELECT m.key, m.value FROM ${table} m WHERE ${byKeys}`, ownerId, [...keys]);
      return new Map(rows.map((row) => [row.key, row.value]));
    },
    async existingKeys(ownerId, keys) {
      const rows = await prisma.$queryRawUnsafe<{ key: string }[]>(`SELECT m.key FROM ${table} m WHERE ${byKeys}`, ownerId, [...keys]);
      return new Set(rows.map((row) => row.key));
    },
  };
}
