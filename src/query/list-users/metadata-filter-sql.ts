// ListUsers' metadata filters (metadata_key_filter, metadata_value_filter) with ZITADEL's semantics. ZITADEL
// LEFT JOINs user_metadata to the users and applies every filter to each joined row, keeping the distinct
// users with at least one row where the whole condition holds (internal/query/user.go, prepareUsersQuery):
// - all metadata conditions of a query hold for one and the same entry (key = a AND value = x finds users
//   whose entry a has the value x, not users with some entry a and some entry of value x);
// - a user without metadata is one row of NULLs, on which a metadata condition is neither true nor false;
//   so NOT key = a finds users having an entry with another key, never users without metadata;
// - values compare as bytes (ZITADEL compares sha256 digests of the bytes: the same up to collisions).
// Here the same is an EXISTS over the user's entries, plus, only when the condition could hold without any
// entry (e.g. `or` with a user field), the NULL row for users without metadata. Only the filters that
// mention metadata go inside; the others stay on the users row, where their indexes serve them.
import type { UserFilter } from "./list-users-input.js";

/** Whether the filter mentions a metadata entry anywhere in its tree. */
export function mentionsMetadata(filter: UserFilter): boolean {
  switch (filter.kind) {
    case "metadataKey":
    case "metadataValue":
      return true;
    case "and":
    case "or":
      return filter.filters.some(mentionsMetadata);
    case "not":
      return mentionsMetadata(filter.filter);
    default:
      return false;
  }
}

/** SQL's three truth values; a condition's possible outcomes are a set of them. */
type Truth = "true" | "false" | "null";
const ANY: readonly Truth[] = ["true", "false", "null"];

/** What a filter can evaluate to on the NULL row of a user without metadata (user fields: anything). */
function outcomesWithoutEntry(filter: UserFilter): Set<Truth> {
  switch (filter.kind) {
    case "metadataKey":
    case "metadataValue":
      return new Set(["null"]);
    case "not":
      return new Set([...outcomesWithoutEntry(filter.filter)].map((t): Truth => (t === "true" ? "false" : t === "false" ? "true" : "null")));
    case "and":
    case "or":
      return combine(filter.filters.map(outcomesWithoutEntry), filter.kind);
    default:
      return new Set(ANY);
  }
}

/** AND/OR over children's possible outcomes, as SQL's three-valued logic combines them. */
function combine(children: Set<Truth>[], kind: "and" | "or"): Set<Truth> {
  const [dominant, neutral]: [Truth, Truth] = kind === "and" ? ["false", "true"] : ["true", "false"];
  const out = new Set<Truth>();
  if (children.some((c) => c.has(dominant))) out.add(dominant);
  if (children.every((c) => c.has(neutral))) out.add(neutral);
  // NULL needs no dominant value anywhere and at least one NULL among values that are otherwise neutral.
  if (children.every((c) => c.has(neutral) || c.has("null")) && children.some((c) => c.has("null"))) out.add("null");
  return out;
}

/** Whether the top-level filters (ANDed) can hold for a user who has no metadata entry at all. */
export function canMatchWithoutEntries(filters: readonly UserFilter[]): boolean {
  return combine(filters.map(outcomesWithoutEntry), "and").has("true");
}

/**
 * The condition on users `u` for top-level filters that mention metadata; `entryCondition(alias)` renders
 * them over one entry row (`m`), or over no row (null) where every metadata condition is NULL.
 */
export function metadataConditionSql(filters: readonly UserFilter[], entryCondition: (alias: string | null) => string): string {
  const exists = `EXISTS (SELECT 1 FROM user_metadata m WHERE m.user_id = u.id AND ${entryCondition("m")})`;
  if (!canMatchWithoutEntries(filters)) return exists;
  return `(${exists} OR (NOT EXISTS (SELECT 1 FROM user_metadata m WHERE m.user_id = u.id) AND ${entryCondition(null)}))`;
}
