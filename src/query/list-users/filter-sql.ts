// ListUsers' filters as one SQL condition over the users projection (alias `u`), every value a parameter.
// Nesting follows the request: and/or/not become parenthesised AND/OR/NOT, so NULL columns (a machine user's
// email) behave as in ZITADEL's SQL: neither a filter nor its NOT matches them.
import { invalidArgument } from "../../domain/errors.js";
import { MAX_FILTER_DEPTH, type TextField, type UserFilter } from "./list-users-input.js";
import { mentionsMetadata, metadataConditionSql } from "./metadata-filter-sql.js";
import type { SqlParams } from "./sql-params.js";
import { textCondition } from "./text-match.js";

const textColumns: Record<TextField, string> = {
  username: "u.username",
  loginName: "u.username",
  givenName: "u.given_name",
  familyName: "u.family_name",
  nickName: "u.nick_name",
  displayName: "u.display_name",
  email: "u.email",
  phone: "u.phone",
};

/** The filters, all of which must match; undefined when there are none. */
export function filtersSql(filters: readonly UserFilter[], params: SqlParams): string | undefined {
  if (filters.length === 0) return undefined;
  const parts = filters.filter((f) => !mentionsMetadata(f)).map((filter) => filterSql(filter, params, 0, null));
  const onEntries = filters.filter(mentionsMetadata);
  if (onEntries.length > 0) {
    parts.push(metadataConditionSql(onEntries, (entry) => onEntries.map((filter) => filterSql(filter, params, 0, entry)).join(" AND ")));
  }
  return parts.join(" AND ");
}

/** `entry`: the alias of the user_metadata row metadata conditions compare (metadata-filter-sql.ts), or null for none. */
function filterSql(filter: UserFilter, params: SqlParams, depth: number, entry: string | null): string {
  if (depth > MAX_FILTER_DEPTH) {
    throw invalidArgument("QUERY-LstDep1", `Errors.Query.TooManyNestingLevels: filters nest at most ${MAX_FILTER_DEPTH} levels deep`);
  }
  switch (filter.kind) {
    case "text":
      return textCondition(textColumns[filter.field], filter.method, filter.value, params);
    case "metadataKey":
      return entry === null ? "NULL::boolean" : textCondition(`${entry}.key`, filter.method, filter.key, params);
    case "metadataValue": {
      if (entry === null) return "NULL::boolean";
      // Hex keeps the parameter a plain text on both drivers; decode() of a constant folds before planning.
      const value = `decode(${params.add(Buffer.from(filter.value).toString("hex"))}, 'hex')`;
      return `${entry}.value ${filter.method === "equals" ? "=" : "<>"} ${value}`;
    }
    case "state":
      return `u.state = ${params.add(filter.state, "int")}`;
    case "type":
      return `u.type = ${params.add(filter.type, "int")}`;
    case "org":
      return `u.resource_owner = ${params.add(filter.orgId)}`;
    case "userIds":
      return `u.id = ANY(${params.add(nonEmpty(filter.ids, "in_user_ids_query.user_ids"), "text[]")})`;
    case "emails":
      return `u.email = ANY(${params.add(nonEmpty(filter.emails, "in_user_emails_query.user_emails"), "text[]")})`;
    case "and":
    case "or": {
      const parts = nonEmpty(filter.filters, `${filter.kind}_query.queries`).map((f) => filterSql(f, params, depth + 1, entry));
      return `(${parts.join(filter.kind === "and" ? " AND " : " OR ")})`;
    }
    case "not":
      return `NOT (${filterSql(filter.filter, params, depth + 1, entry)})`;
  }
}

/** ZITADEL refuses empty lists rather than guessing whether they mean "nothing" or "anything". */
function nonEmpty<T>(values: readonly T[], field: string): readonly T[] {
  if (values.length === 0) {
    throw invalidArgument("QUERY-LstEmp1", `Errors.Query.EmptyValues: ${field} must not be empty`, [
      { field, rule: "repeated.min_items", description: "must not be empty" },
    ]);
  }
  return values;
}
