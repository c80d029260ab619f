// What ListUsers asks of the users projection, free of protobuf types: filters (nestable with and/or/not),
// one sort field, direction and paging. The limits are ZITADEL's defaults for list queries.

/** `limit` 0 asks for this many users. */
export const DEFAULT_LIST_LIMIT = 100;
/** A larger `limit` is refused (InvalidArgument), as ZITADEL refuses anything above its MaxQueryLimit. */
export const MAX_LIST_LIMIT = 1000;
/** and/or/not may nest this deep below the top-level filters (ZITADEL's bound). */
export const MAX_FILTER_DEPTH = 20;

/** zitadel.object.v2.TextQueryMethod, in the enum's order. */
export const textMethods = [
  "equals",
  "equalsIgnoreCase",
  "startsWith",
  "startsWithIgnoreCase",
  "contains",
  "containsIgnoreCase",
  "endsWith",
  "endsWithIgnoreCase",
] as const;
export type TextMethod = (typeof textMethods)[number];

/** Text attributes a filter can compare. The login name is the username (no org-suffixed login names). */
export type TextField = "username" | "loginName" | "givenName" | "familyName" | "nickName" | "displayName" | "email" | "phone";

/** zitadel.filter.v2.ByteFilterMethod, in the enum's order. */
export const byteMethods = ["equals", "notEquals"] as const;
export type ByteMethod = (typeof byteMethods)[number];

export type UserFilter =
  | { kind: "text"; field: TextField; method: TextMethod; value: string }
  /** Conditions on one metadata entry of the user: all of a query's metadata conditions hold for the same entry. */
  | { kind: "metadataKey"; method: TextMethod; key: string }
  | { kind: "metadataValue"; method: ByteMethod; value: Uint8Array }
  | { kind: "state"; state: number }
  | { kind: "type"; type: number }
  | { kind: "org"; orgId: string }
  | { kind: "userIds"; ids: readonly string[] }
  | { kind: "emails"; emails: readonly string[] }
  | { kind: "and"; filters: readonly UserFilter[] }
  | { kind: "or"; filters: readonly UserFilter[] }
  | { kind: "not"; filter: UserFilter };

/** zitadel.user.v2.UserFieldName without UNSPECIFIED, which sorts by creation date (then id). */
export type UserSortField =
  | "username"
  | "givenName"
  | "familyName"
  | "nickName"
  | "displayName"
  | "email"
  | "state"
  | "type"
  | "creationDate";

export interface ListUsersInput {
  /** All must match (AND). */
  filters: readonly UserFilter[];
  /** undefined: creation date, then id. */
  sortBy?: UserSortField;
  /** false (the proto default) sorts descending, as ZITADEL does. */
  asc: boolean;
  offset: bigint;
  /** 0: DEFAULT_LIST_LIMIT; above MAX_LIST_LIMIT: InvalidArgument. */
  limit: number;
}
