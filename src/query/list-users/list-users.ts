// ListUsers: runs the statement (list-users-statement.ts) and turns its rows into user views and totals.
import type { Principal } from "../../domain/principal.js";
import type { PendingCodes, UserRow } from "../../domain/user-row.js";
import type { PrismaClient } from "../../gen/prisma/client.js";
import type { UserView } from "../user-by-id.js";
import type { ListUsersInput } from "./list-users-input.js";
import { listUsersStatement } from "./list-users-statement.js";

export interface ListUsersResult {
  users: UserView[];
  /** Every user matching the filters that the caller may read, over all pages. */
  total: bigint;
  /** Position of the newest stored event: the projection (written with the events) reflects all up to it. */
  processedPosition: bigint;
  /** When that event was stored; undefined before the first event. */
  processedAt: Date | undefined;
}

type PageRow = Omit<UserRow, "id"> & { id: string | null; total: bigint; processedPosition: bigint | null; processedAt: Date | null };

export async function listUsers(prisma: PrismaClient, caller: Principal, input: ListUsersInput): Promise<ListUsersResult> {
  const { sql, params } = listUsersStatement(caller, input);
  const rows = await prisma.$queryRawUnsafe<PageRow[]>(sql, ...params);
  const first = rows[0]!;
  return {
    users: rows.filter((row): row is PageRow & { id: string } => row.id !== null).map(toUserView),
    total: BigInt(first.total),
    processedPosition: first.processedPosition === null ? 0n : BigInt(first.processedPosition),
    processedAt: first.processedAt ?? undefined,
  };
}

function toUserView({ total: _t, processedPosition: _p, processedAt: _a, ...row }: PageRow & { id: string }): UserView {
  const user: UserRow = { ...row, codes: (row.codes ?? {}) as PendingCodes };
  // As GetUserByID: the instance's domain policy does not suffix login names, so the username is the login name.
  return { row: user, loginNames: [user.username], preferredLoginName: user.username };
}
