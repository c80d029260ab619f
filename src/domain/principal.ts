// Who is calling, as the authentication layer resolved it, what ZITADEL's default roles let them do, and
// how ZITADEL refuses a caller who may not (internal/api/authz/permissions.go, getUserPermissions and
// checkUserResourcePermissions): the caller's memberships are looked up on the instance and in the
// organisation the resource belongs to; none there at all → NotFound "membership not found" (the resource
// stays hidden from outsiders); memberships there that grant no matching permission → PermissionDenied.
import { DomainError, notFound, permissionDenied } from "./errors.js";

export interface Principal {
  userId: string;
  /** The caller's own organisation. */
  orgId: string;
  /** Instance-wide roles, e.g. IAM_OWNER. */
  instanceRoles: readonly string[];
  /** Roles per organisation id, e.g. ORG_OWNER, ORG_USER_MANAGER. */
  orgRoles: ReadonlyMap<string, readonly string[]>;
  /** The personal access token the call was authenticated with (its id); unset for JWTs. */
  tokenId?: string;
}

export type UserPermission = "user.read" | "user.write" | "user.delete" | "user.credential.write";
export type OrgPermission = "org.read" | "org.create" | "org.write" | "org.delete";
export type Permission = UserPermission | OrgPermission;

// ZITADEL's default role → permission mapping (cmd/defaults.yaml, InternalAuthZ), restricted to the
// permissions this service checks. user.credential.write guards only setting a password without proof,
// which ZITADEL's user commands check with user.write (setPasswordWithPermission), so here every role
// holding user.write holds it too.
const rolePermissions: Record<string, readonly Permission[]> = {
  IAM_OWNER: ["user.read", "user.write", "user.delete", "user.credential.write", "org.read", "org.create", "org.write", "org.delete"],
  IAM_OWNER_VIEWER: ["user.read", "org.read"],
  IAM_ORG_MANAGER: ["user.read", "user.write", "user.delete", "user.credential.write", "org.read", "org.create", "org.write", "org.delete"],
  IAM_USER_MANAGER: ["user.read", "user.write", "user.delete", "user.credential.write", "org.read"],
  ORG_OWNER: ["user.read", "user.write", "user.delete", "user.credential.write", "org.read", "org.write", "org.delete"],
  ORG_OWNER_VIEWER: ["user.read", "org.read"],
  ORG_USER_MANAGER: ["user.read", "user.write", "user.delete", "user.credential.write", "org.read"],
  ORG_SETTINGS_MANAGER: ["org.read", "org.write"],
  ORG_USER_PERMISSION_EDITOR: ["user.read", "org.read"],
  ORG_PROJECT_PERMISSION_EDITOR: ["user.read", "org.read"],
};

/** The organisation roles ZITADEL knows; AddOrganization grants only these to its admins. */
export const ORG_ROLES: readonly string[] = [
  "ORG_OWNER",
  "ORG_OWNER_VIEWER",
  "ORG_USER_MANAGER",
  "ORG_SETTINGS_MANAGER",
  "ORG_USER_PERMISSION_EDITOR",
  "ORG_PROJECT_PERMISSION_EDITOR",
  "ORG_PROJECT_CREATOR",
  "ORG_ADMIN_IMPERSONATOR",
  "ORG_END_USER_IMPERSONATOR",
  "ORG_USER_SELF_MANAGER",
];

const grants = (roles: readonly string[] | undefined, permission: Permission): boolean =>
  (roles ?? []).some((role) => rolePermissions[role]?.includes(permission));

/** Whether the caller holds `permission` in organisation `orgId` (instance roles reach every org). */
export function hasPermission(principal: Principal, permission: Permission, orgId: string): boolean {
  return grants(principal.instanceRoles, permission) || grants(principal.orgRoles.get(orgId), permission);
}

/** Whether the caller holds `permission` on users of organisation `orgId` (instance roles reach every org). */
export function hasUserPermission(principal: Principal, permission: UserPermission, orgId: string): boolean {
  return hasPermission(principal, permission, orgId);
}

/** Every permission this service knows, in a fixed order (the other update-user APIs number them by it). */
export const PERMISSIONS: readonly Permission[] = ["user.read", "user.write", "user.delete", "user.credential.write", "org.read", "org.create"];

/** The permissions the caller holds in organisation `orgId`, in PERMISSIONS' order. */
export function permissionsIn(principal: Principal, orgId: string): Permission[] {
  return PERMISSIONS.filter((permission) => hasPermission(principal, permission, orgId));
}

/** Whether the caller holds `permission` through an instance role, i.e. in every organisation. */
export function hasInstancePermission(principal: Principal, permission: Permission): boolean {
  return grants(principal.instanceRoles, permission);
}

/** Whether the caller has a role on the instance or in `orgId`: where ZITADEL looks for its permissions. */
export function hasMembershipReaching(principal: Principal, orgId: string): boolean {
  return principal.instanceRoles.length > 0 || (principal.orgRoles.get(orgId)?.length ?? 0) > 0;
}

/**
 * The refusal ZITADEL gives a caller lacking a permission in `orgId`: NotFound ("membership not found",
 * AUTHZ-cdgFk there) without any membership on the instance or in that organisation, else PermissionDenied.
 * Both carry the checking call site's `id`, so a log line still says which check refused.
 */
export function refusal(principal: Principal, orgId: string, id: string, message: string): DomainError {
  if (!hasMembershipReaching(principal, orgId)) {
    return notFound(id, "Errors.Membership.NotFound: membership not found on the instance or in the organisation");
  }
  return permissionDenied(id, message);
}

/** Throws ZITADEL's refusal unless the caller holds `permission` in `orgId`. */
export function requirePermission(principal: Principal, permission: Permission, orgId: string, id: string): void {
  if (hasPermission(principal, permission, orgId)) return;
  throw refusal(principal, orgId, id, `No matching permissions found: ${permission} is required`);
}
