// The organisations a user belongs to, as the account command reads them for a default organisation and the
// account view shows them; the queries implement the reader.
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
