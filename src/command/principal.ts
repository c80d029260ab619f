// Who is calling, as the authentication layer resolved it, and what ZITADEL's roles let them do with users.

export interface Principal {
  userId: string;
  /** The caller's own organisation. */
  orgId: string;
  /** Instance-wide roles, e.g. IAM_OWNER. */
  instanceRoles: readonly string[];
  /** Roles per organisation id, e.g. ORG_OWNER, ORG_USER_MANAGER. */
  orgRoles: ReadonlyMap<string, readonly string[]>;
}

export type UserPermission = "user.read" | "user.write" | "user.delete" | "user.credential.write";

// ZITADEL's default role → permission mapping, restricted to the user permissions this service checks.
const rolePermissions: Record<string, readonly UserPermission[]> = {
  IAM_OWNER: ["user.read", "user.write", "user.delete", "user.credential.write"],
  IAM_USER_MANAGER: ["user.read", "user.write", "user.delete", "user.credential.write"],
  ORG_OWNER: ["user.read", "user.write", "user.delete", "user.credential.write"],
  ORG_USER_MANAGER: ["user.read", "user.write", "user.delete", "user.credential.write"],
};

const grants = (roles: readonly string[] | undefined, permission: UserPermission): boolean =>
  (roles ?? []).some((role) => rolePermissions[role]?.includes(permission));

/** Whether the caller holds `permission` on users of organisation `orgId` (instance roles reach every org). */
export function hasUserPermission(principal: Principal, permission: UserPermission, orgId: string): boolean {
  return grants(principal.instanceRoles, permission) || grants(principal.orgRoles.get(orgId), permission);
}

/** Whether the caller has any role at all; ZITADEL answers NotFound rather than PermissionDenied to those without. */
export function hasAnyMembership(principal: Principal): boolean {
  return principal.instanceRoles.length > 0 || [...principal.orgRoles.values()].some((roles) => roles.length > 0);
}
