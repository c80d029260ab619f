// UpdateUser: one call for either type of user. The human branch is UpdateHumanUser's command (the same
// events, permission rules and "nothing changed, nothing written"), the machine branch changeMachineUser; a
// branch that does not match the stored user's type is NotFound, as ZITADEL answers. Violations name the
// fields as the request nests them (`human.profile.given_name`).
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { withFieldPrefix } from "../violations.js";
import { changeHumanUser } from "./human-change.js";
import type { ChangeHumanInput, Details } from "./inputs.js";
import { changeMachineUser, type ChangeMachineInput } from "./machine-change.js";

export type ChangeUserInput = { kind: "human"; input: ChangeHumanInput } | { kind: "machine"; input: ChangeMachineInput };

export interface ChangeUserResult {
  details: Details;
  emailCode?: string;
  phoneCode?: string;
}

export function changeUser(deps: CommandDeps, caller: Principal, change: ChangeUserInput): Promise<ChangeUserResult> {
  if (change.kind === "human") return withFieldPrefix("human.", () => changeHumanUser(deps, caller, change.input));
  return withFieldPrefix("machine.", () => changeMachineUser(deps, caller, change.input));
}
