// What the API layer hands to the organisation commands, free of protobuf types.
import type { AddHumanInput, Details } from "../user/inputs.js";
import type { MetadataReader } from "../../domain/metadata-reader.js";
import type { UserRow } from "../../domain/user-row.js";
import type { CommandDeps } from "../deps.js";
import type { OrgDomainRow, StoredOrgRow } from "../../domain/org-row.js";

export type OrgAdminInput = { userId: string; roles: string[] } | { human: AddHumanInput; roles: string[] };

export interface AddOrgInput {
  orgId?: string;
  name: string;
  admins: OrgAdminInput[];
}

export interface CreatedAdmin {
  userId: string;
  emailCode?: string;
  phoneCode?: string;
}

export interface AddOrgResult {
  orgId: string;
  details: Details;
  /** The admins created as new human users, in request order. */
  createdAdmins: CreatedAdmin[];
}

export interface OrgCommandDeps extends CommandDeps {
  /** The domain new organisations get their primary domain under (INSTANCE_DOMAIN). */
  instanceDomain: string;
  /** Whether a unique value (e.g. a username) is claimed already; compared case-insensitively. */
  isClaimed(type: string, value: string): Promise<boolean>;
  /** The organisation's projection row (any state), or undefined when there is none. */
  loadOrg(id: string): Promise<StoredOrgRow | undefined>;
  /** The organisation's domains. Written in the same statement as its events, so as current as its row. */
  domainsOf(orgId: string): Promise<OrgDomainRow[]>;
  /** The org_metadata projection (same shape as the users' one). */
  orgMetadata: MetadataReader;
  /** The users whose resource owner the organisation is, deleted ones left out: the write models DeleteOrganization removes. */
  usersOf(orgId: string): Promise<UserRow[]>;
}
