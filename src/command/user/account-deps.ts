// What the account command reads besides the user row: the metadata it changes (metadata-deps.ts) and the
// organisations the user belongs to, for a default organisation.
import type { MetadataDeps } from "./metadata-deps.js";

export interface OrgMembership {
  id: string;
  name: string;
  /** The user's roles there; empty for its own organisation without a role. */
  roles: string[];
}

export interface MembershipReader {
  /** The active organisations of the user: its own (when active) first, then those where it holds a role, by name. */
  organisationsOf(userId: string, ownOrgId: string): Promise<OrgMembership[]>;
}

export interface AccountDeps extends MetadataDeps {
  memberships: MembershipReader;
}
