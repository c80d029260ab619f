// Reads a user projection row in the shape commands and queries use. It is on the path of every user RPC, so
// it goes straight to the driver as one prepared statement (Database.query) instead of through Prisma's query
// engine; the column list comes from the Prisma model, so it follows schema.prisma.
import type { PendingCodes, UserRow } from "../domain/user-row.js";
import type { Database } from "../db/client.js";
import { columnOf, quote } from "../eventstore/projection-tables.js";
import { Prisma } from "../gen/prisma/client.js";

export type UserRowReader = (id: string) => Promise<UserRow | undefined>;

const SELECT_USER = `SELECT ${Object.values(Prisma.UserScalarFieldEnum)
  .map((field) => `${quote(columnOf(field))} AS ${quote(field)}`)
  .join(", ")} FROM "users" WHERE "id" = $1`;

export function userRowReader(database: Pick<Database, "query">): UserRowReader {
  return async (id) => {
    const [row] = await database.query<UserRow>(SELECT_USER, [id], "user-row");
    if (!row) return undefined;
    return { ...row, codes: (row.codes ?? {}) as PendingCodes };
  };
}
