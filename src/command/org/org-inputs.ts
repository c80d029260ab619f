// What the API layer hands to the organisation commands, free of protobuf types.
import type { AddHumanInput, Details } from "../user/inputs.js";
import type { CommandDeps } from "../deps.js";

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
  /** Whether an organisation with this id was ever created (whatever its state). */
  orgIdTaken(id: string): Promise<boolean>;
}
