// What the account command reads besides the user row: the metadata it changes (metadata-deps.ts) and the
// organisations the user belongs to, for a default organisation.
import type { MembershipReader } from "../../domain/membership-reader.js";
import type { MetadataDeps } from "./metadata-deps.js";

export interface AccountDeps extends MetadataDeps {
  memberships: MembershipReader;
}
