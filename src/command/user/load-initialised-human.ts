// The write model of the email, phone and password-reset commands: a human user (NotFound rules of
// load-human.ts) that has finished initialisation. ZITADEL refuses these changes for a user still in
// INITIAL state: the init flow sets email and password itself.
import { failedPrecondition } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import { loadHuman } from "./load-human.js";
import { UserState, type UserRow } from "../../domain/user-row.js";

export async function loadInitialisedHuman(deps: CommandDeps, userId: string): Promise<UserRow> {
  const row = await loadHuman(deps, userId);
  if (row.state === UserState.initial) throw failedPrecondition("COMMAND-UsrIni1", "Errors.User.NotInitialised");
  return row;
}
