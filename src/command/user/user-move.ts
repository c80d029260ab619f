// MoveUser, beyond ZITADEL (its issue #8835): a user changes organisation and keeps its id, username, profile,
// credentials, metadata and tokens. One user.moved event, pushed with the target as resource owner, so the
// users row, every later event and the answer's details name the new organisation at once.
//
// What follows the target organisation, under today's rules:
// - Usernames are unique on the whole instance (the `username` claim has no organisation in it: push-user.ts,
//   human-add.ts), because the instance's policy does not require organisation-suffixed login names. A moved
//   user's name therefore cannot collide with anybody in the target; its claim stays as it is.
// - Login names are the username (query/user-by-id.ts), so they do not change either.
// - Role memberships the user held in the old organisation end in the same push: they were granted by that
//   organisation. Memberships elsewhere (the instance, third organisations) stay.
//
// Permission: user.write on the user in both organisations (source checked first, so an outsider learns nothing
// about the user, and the refusal follows principal.ts `refusal`). Moving a user to the organisation it is
// already in changes nothing and pushes nothing. The target must exist and be active, else FailedPrecondition
// Errors.Org.NotFound, as ZITADEL's commands answer for an organisation a request refers to (checkOrgExists).
import { failedPrecondition } from "../../domain/errors.js";
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import { Violations } from "../violations.js";
import type { Details } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";

export interface MoveUserInput {
  userId: string;
  /** The organisation the user is to belong to. */
  organizationId: string;
}

export interface MoveUserResult {
  /** The user's details after the move: resource_owner is the target organisation. */
  details: Details;
}

export async function moveUser(deps: CommandDeps, caller: Principal, input: MoveUserInput): Promise<MoveUserResult> {
  checkInput(input);
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    const move = await decideMove(deps, caller, row, input.organizationId);
    return { details: await pushUserChange(deps, caller, { row, events: move.events, side: move.side }) };
  });
}

export interface MoveDecision {
  events: PendingEvent[];
  side: SideWrite[];
  /** The row as the user's other changes in the same push see it: in the target organisation. */
  row: UserRow;
}

/** The move of the loaded user, after the permission and target checks; no events when it is there already. */
export async function decideMove(deps: CommandDeps, caller: Principal, row: UserRow, organizationId: string): Promise<MoveDecision> {
  const from = row.resourceOwner;
  requirePermission(caller, "user.write", from, "COMMAND-MvPerm1");
  if (organizationId === from) return { events: [], side: [], row };
  requirePermission(caller, "user.write", organizationId, "COMMAND-MvPerm2");
  const target = await deps.findOrgById(organizationId);
  if (!target) {
    throw failedPrecondition("COMMAND-MvOrg1", "Errors.Org.NotFound: the target organisation does not exist or is not active", [
      { field: "organization_id", rule: "organization.exists", description: "no active organisation has this id" },
    ]);
  }
  return {
    events: [{ type: UserEvent.moved, payload: { fromOrganizationId: from, toOrganizationId: target.id } }],
    side: [{ table: "memberships", op: "delete", rows: [{ userId: row.id, orgId: from }] }],
    row: { ...row, resourceOwner: target.id },
  };
}

/** The API's validation checks the same limits; this covers callers of the command that have none (other APIs). */
function checkInput(input: MoveUserInput): void {
  const violations = new Violations();
  for (const [field, value] of [["user_id", input.userId], ["organization_id", input.organizationId]] as const) {
    const length = [...value].length; // code points, as protoc-gen-validate counts
    if (length < 1) violations.add({ field, rule: "string.min_len", description: "must be at least 1 characters long" });
    if (length > 200) violations.add({ field, rule: "string.max_len", description: "must be at most 200 characters long" });
  }
  violations.throwIfAny("COMMAND-MvInv1");
}
