// UpdateUser's machine branch (ZITADEL's ChangeUserMachine): load the machine user → check permission: to change
// when something is set, to read when nothing is (human-change.ts) → username, then one user.machine.changed event with only the fields whose value changes →
// one push. Nothing changed: nothing pushed, current details.
import type { PendingEvent } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission, checkEmptyChangeVisible } from "./change-permission.js";
import type { Details } from "./inputs.js";
import { loadExistingUser, requireMachine } from "./load-human.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";
import { decideUsername } from "./username-decision.js";

export interface ChangeMachineInput {
  userId: string;
  username?: string;
  name?: string;
  description?: string;
}

export async function changeMachineUser(deps: CommandDeps, caller: Principal, input: ChangeMachineInput): Promise<{ userId: string; details: Details }> {
  return deps.eventstore.execute(input.userId, async () => {
    const loaded = await loadExistingUser(deps, input.userId);
    const anythingSet = [input.username, input.name, input.description].some((v) => v !== undefined);
    if (!anythingSet) checkEmptyChangeVisible(caller, loaded);
    const row = requireMachine(loaded);
    // The same rule as for humans (a user may change itself, anyone else needs user.write); nothing of a
    // machine's fields vouches for anything.
    if (anythingSet) checkChangePermission(caller, row, {});

    const { events, claim, release } = decideUsername(row, input.username);
    events.push(...decideMachine(row, input));
    const details = await pushUserChange(deps, caller, { row, events, claim, release });
    return { userId: row.id, details };
  });
}

function decideMachine(row: UserRow, input: ChangeMachineInput): PendingEvent[] {
  const changed: Record<string, string> = {};
  if (input.name !== undefined && input.name !== (row.machineName ?? "")) changed.name = input.name;
  if (input.description !== undefined && input.description !== (row.machineDescription ?? "")) changed.description = input.description;
  return Object.keys(changed).length === 0 ? [] : [{ type: UserEvent.machineChanged, payload: changed }];
}
