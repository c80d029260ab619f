// LIMIT and OFFSET of ListUsers: 0 asks for the default page, more than the maximum is refused as ZITADEL
// refuses it (QUERY-4M0fs there).
import { invalidArgument } from "../../domain/errors.js";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from "./list-users-input.js";

/** PostgreSQL's OFFSET is a bigint; a larger uint64 offset lies past every row anyway. */
const MAX_OFFSET = 2n ** 63n - 1n;

export function resolveLimit(requested: number): number {
  if (requested > MAX_LIST_LIMIT) {
    throw invalidArgument("QUERY-LstLim1", `Errors.Query.LimitExceeded: limit ${requested} is above the maximum of ${MAX_LIST_LIMIT}`, [
      { field: "query.limit", rule: "uint32.lte", description: `must be at most ${MAX_LIST_LIMIT}` },
    ]);
  }
  return requested === 0 ? DEFAULT_LIST_LIMIT : requested;
}

export function resolveOffset(requested: bigint): bigint {
  return requested > MAX_OFFSET ? MAX_OFFSET : requested;
}
