// LockUser, UnlockUser, DeactivateUser, ReactivateUser: one table of transitions, each a state rule from
// src/domain/user-state.ts and the event it writes. As ZITADEL's *UserV2 commands: load (missing or deleted →
// NotFound), the state rule (→ FailedPrecondition) before the permission, then one event. Human and machine
// users alike. A user may change its own state (ZITADEL's checkPermissionUpdateUser lets the user itself
// through); anyone else needs user.write in the user's organisation.
import { canDeactivate, canLock, canReactivate, canUnlock, type UserStateValue } from "../../domain/user-state.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission } from "./change-permission.js";
import type { Details } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";

const transitions = {
  lock: { allowed: canLock, event: UserEvent.locked },
  unlock: { allowed: canUnlock, event: UserEvent.unlocked },
  deactivate: { allowed: canDeactivate, event: UserEvent.deactivated },
  reactivate: { allowed: canReactivate, event: UserEvent.reactivated },
} as const satisfies Record<string, { allowed: (state: UserStateValue) => void; event: string }>;

export type UserStateChange = keyof typeof transitions;

export async function changeUserState(deps: CommandDeps, caller: Principal, userId: string, change: UserStateChange): Promise<Details> {
  const transition = transitions[change];
  return deps.eventstore.execute(userId, async () => {
    const row = await loadExistingUser(deps, userId);
    transition.allowed(row.state as UserStateValue);
    checkChangePermission(caller, row, {});
    return pushUserChange(deps, caller, { row, events: [{ type: transition.event, payload: {} }] });
  });
}
