// ORDER BY for ListUsers: the requested column, then the id in the same direction, so pages never overlap
// or skip rows that tie on the column. Columns are sorted as stored (the database's collation), not by
// LOWER() as ZITADEL does: only a plain column can be read in order from a btree index and stopped after
// one page, instead of sorting every matching row.
import type { UserSortField } from "./list-users-input.js";

const sortColumns: Record<UserSortField, string> = {
  username: "username",
  givenName: "given_name",
  familyName: "family_name",
  nickName: "nick_name",
  displayName: "display_name",
  email: "email",
  state: "state",
  type: "type",
  creationDate: "creation_date",
};

/** `ORDER BY` terms over table alias `alias`; ties (and the unspecified field) fall back as described above. */
export function orderBySql(alias: string, sortBy: UserSortField | undefined, asc: boolean): string {
  const direction = asc ? "ASC" : "DESC";
  return `${alias}.${sortColumns[sortBy ?? "creationDate"]} ${direction}, ${alias}.id ${direction}`;
}
