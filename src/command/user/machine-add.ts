// CreateUser's machine variant: validate → resolve the organisation → permission → one push creating the
// machine user (user.machine.added). The username (default: the user id) is claimed case-insensitively.
import { failedPrecondition } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import { loadUserToChange } from "./load-human.js";
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import type { Details } from "./inputs.js";
import { pushUserChange, usernameClaim } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import { emptyUserRow, UserState, UserType } from "../../domain/user-row.js";

export interface AddMachineInput {
  orgId: string;
  userId?: string;
  username?: string;
  name: string;
  description?: string;
}

export async function addMachineUser(deps: CommandDeps, caller: Principal, input: AddMachineInput): Promise<{ userId: string; details: Details }> {
  const org = await deps.findOrgById(input.orgId);
  if (!org) throw failedPrecondition("COMMAND-OrgNf1", "Errors.Org.NotFound");
  if (!hasUserPermission(caller, "user.write", org.id)) {
    throw refusal(caller, org.id, "COMMAND-PermAd2", "Errors.PermissionDenied: user.write is required in the organisation");
  }
  const userId = input.userId ?? deps.newId();
  const username = input.username ?? userId;

  return deps.eventstore.execute(userId, async () => {
    const existing = await loadUserToChange(deps, userId);
    if (existing && existing.state !== UserState.deleted) {
      throw failedPrecondition("COMMAND-UsrEx1", "Errors.User.AlreadyExisting: a user with this id exists");
    }
    // A deleted id may be used again: its aggregate goes on from its last sequence with a fresh state.
    const row = { ...emptyUserRow(userId, org.id, UserType.machine), sequence: existing?.sequence ?? 0 };
    const added = { username, name: input.name, description: input.description ?? "", accessTokenType: 0 };
    const details = await pushUserChange(deps, caller, {
      row,
      events: [{ type: UserEvent.machineAdded, payload: added }],
      claim: [usernameClaim(username)],
    });
    return { userId, details };
  });
}
