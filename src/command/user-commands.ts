// The user commands with their dependencies bound, as the API layer calls them.
import type { CommandDeps } from "./deps.js";
import type { Principal } from "./principal.js";
import { changeHumanUser } from "./user/human-change.js";
import { addHumanUser } from "./user/human-add.js";
import type { AddHumanInput, ChangeHumanInput } from "./user/inputs.js";

export function createUserCommands(deps: CommandDeps) {
  return {
    addHumanUser: (caller: Principal, input: AddHumanInput) => addHumanUser(deps, caller, input),
    changeHumanUser: (caller: Principal, input: ChangeHumanInput) => changeHumanUser(deps, caller, input),
  };
}

export type UserCommands = ReturnType<typeof createUserCommands>;
