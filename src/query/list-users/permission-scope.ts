// Which users a caller may list, as a SQL condition: everyone with an instance role granting user.read,
// the users of each organisation where one of the caller's org roles grants it, and always the caller.
// The condition joins the filters in SQL, so paging and total_result count only what the caller may see.
import { hasUserPermission, type Principal } from "../../domain/principal.js";
import type { SqlParams } from "./sql-params.js";

export type ReadScope = { kind: "all" } | { kind: "orgs"; orgIds: string[]; selfId: string; selfOrgId: string };

export function readScopeOf(caller: Principal): ReadScope {
  // Asked of the instance roles alone (no org roles), whether user.read reaches every organisation.
  const instanceOnly: Principal = { ...caller, orgRoles: new Map() };
  if (hasUserPermission(instanceOnly, "user.read", caller.orgId)) return { kind: "all" };
  const orgIds = [...caller.orgRoles.keys()].filter((orgId) => hasUserPermission(caller, "user.read", orgId)).sort();
  return { kind: "orgs", orgIds, selfId: caller.userId, selfOrgId: caller.orgId };
}

/** undefined when the caller may read every user. */
export function scopeSql(scope: ReadScope, params: SqlParams): string | undefined {
  if (scope.kind === "all") return undefined;
  const self = () => `u.id = ${params.add(scope.selfId)}`;
  if (scope.orgIds.length === 0) return self();
  // A single org is compared with = so the (resource_owner, …) indexes can also deliver the sort order.
  const orgs =
    scope.orgIds.length === 1
      ? `u.resource_owner = ${params.add(scope.orgIds[0])}`
      : `u.resource_owner = ANY(${params.add(scope.orgIds, "text[]")})`;
  // The caller belongs to its own org: when that org is readable, the OR (which defeats index order) is moot.
  return scope.orgIds.includes(scope.selfOrgId) ? orgs : `(${orgs} OR ${self()})`;
}
