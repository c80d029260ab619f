// What ListOrganizations asks of the orgs projection, free of protobuf types.
import type { TextMethod } from "../list-users/list-users-input.js";

export type OrgFilter =
  | { kind: "name"; method: TextMethod; value: string }
  | { kind: "domain"; method: TextMethod; value: string }
  | { kind: "state"; state: number }
  | { kind: "id"; id: string }
  /** The instance's default organisation. */
  | { kind: "default" };

export interface ListOrgsInput {
  /** All must match (AND). */
  filters: readonly OrgFilter[];
  /** undefined: creation date, then id. */
  sortBy?: "name";
  /** false (the proto default) sorts descending, as ZITADEL does. */
  asc: boolean;
  offset: bigint;
  /** 0: the default page size; above the maximum: InvalidArgument (as ListUsers). */
  limit: number;
}
