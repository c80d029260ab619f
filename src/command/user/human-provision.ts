// ProvisionHumanUser: the whole of a human user as an identity provider states it (SCIM PUT, PATCH), decided as
// one change and written in one push — as ZITADEL's ChangeUserV2 does for its SCIM API. The same deciders and
// events as the v2 RPCs: username, profile, email and phone (human-change-decision.ts), password (manager
// permission, as a password without proof), state (deactivated/reactivated under the lifecycle rules) and
// metadata (../metadata-decision.ts: set only where the value really changes, removed only where a key is stored).
// Nothing changed: nothing pushed.
import { canDeactivate, canReactivate, type UserStateValue } from "../../domain/user-state.js";
import type { PendingEvent } from "../../eventstore/types.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission, checkManagerPermission } from "./change-permission.js";
import { decideHumanChange } from "./human-change-decision.js";
import type { ChangeHumanInput, Details, MetadataEntry } from "./inputs.js";
import { loadHuman } from "./load-human.js";
import type { MetadataDeps } from "./metadata-deps.js";
import { decideMetadata, userMetadata } from "../metadata-decision.js";
import { normalizeInput } from "./normalize-input.js";
import { passwordChangeEvents } from "./password-change-events.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import { UserState, type UserRow } from "../../domain/user-row.js";

/** UpdateHumanUser's input (phone number "" removes the phone), plus the state and metadata. */
export interface ProvisionHumanInput extends ChangeHumanInput {
  /** true: active (reactivated when inactive); false: deactivated; undefined: as it is. */
  active?: boolean;
  metadata?: { set: readonly MetadataEntry[]; remove: readonly string[] };
}

export async function provisionHumanUser(deps: MetadataDeps, caller: Principal, raw: ProvisionHumanInput): Promise<Details> {
  const input = normalizeInput(deps, raw, { password: "password", hash: "password" });
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadHuman(deps, input.userId);
    const { events, side, claim, release } = decideHumanChange(deps, row, input);
    const stateEvent = decideState(row, input.active);
    if (stateEvent) events.push(stateEvent);
    const metadata = input.metadata
      ? await decideMetadata(deps.metadata, userMetadata, row.id, { set: new Map(input.metadata.set.map((entry) => [entry.key, entry.value])), remove: input.metadata.remove })
      : { events: [], side: [] };
    events.push(...metadata.events);
    side.push(...metadata.side);

    if (events.length > 0 || input.password) checkPermissions(caller, row, input, metadata.events.length > 0);
    // Last, after every check: a password decision that fails writes its own event (password-change-events.ts).
    if (input.password) events.push(...(await passwordChangeEvents(deps, caller, row, input.password)));
    return pushUserChange(deps, caller, { row, events, side, claim, release });
  });
}

/** Only a real change of state is an event: active=false on an inactive user, or true on an active one, is none. */
function decideState(row: UserRow, active: boolean | undefined): PendingEvent | undefined {
  if (active === false && row.state !== UserState.inactive) {
    canDeactivate(row.state as UserStateValue);
    return { type: UserEvent.deactivated, payload: {} };
  }
  if (active === true && row.state === UserState.inactive) {
    canReactivate(row.state as UserStateValue);
    return { type: UserEvent.reactivated, payload: {} };
  }
  return undefined;
}

/** UpdateHumanUser's rule for the profile and contact data; metadata, as SetUserMetadata, needs the manager permission. */
function checkPermissions(caller: Principal, row: UserRow, input: ProvisionHumanInput, changesMetadata: boolean): void {
  const vouches = [input.email?.verification.mode, input.phone?.verification.mode].some((mode) => mode === "verified" || mode === "return");
  checkChangePermission(caller, row, { vouches, unprovenPassword: input.password !== undefined });
  if (changesMetadata) checkManagerPermission(caller, row);
}
