// RemovePhone: ZITADEL asks for the manager permission here even for oneself, and answers a user without
// a phone with Errors.User.Phone.NotFound rather than a silent success.
import { notFound } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkManagerPermission } from "./change-permission.js";
import type { Details } from "./inputs.js";
import { loadInitialisedHuman } from "./load-initialised-human.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";

export async function removePhone(deps: CommandDeps, caller: Principal, userId: string): Promise<Details> {
  return deps.eventstore.execute(userId, async () => {
    const row = await loadInitialisedHuman(deps, userId);
    checkManagerPermission(caller, row);
    if (row.phone === null) throw notFound("COMMAND-PhNone1", "Errors.User.Phone.NotFound: the user has no phone");
    return pushUserChange(deps, caller, { row, events: [{ type: UserEvent.phoneRemoved, payload: {} }] });
  });
}
