// The users projection's columns as the page query selects them: snake_case in SQL, the Prisma model's
// camelCase field names in the rows that come back (the one naming rule of projection-tables.ts).
import { columnOf } from "../../eventstore/projection-tables.js";
import { Prisma } from "../../gen/prisma/client.js";

const fields = Object.values(Prisma.UserScalarFieldEnum);

/** `alias.column AS "field"` for every column of users. */
export function userColumnsSql(alias: string): string {
  return fields.map((field) => `${alias}.${columnOf(field)} AS "${field}"`).join(", ");
}
