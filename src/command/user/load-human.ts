// The write model of a command on a human user: its projection row, or NotFound as ZITADEL answers for a
// missing, deleted or machine user.
import { notFound } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import { UserState, UserType, type UserRow } from "./user-row.js";

export async function loadExistingUser(deps: CommandDeps, userId: string): Promise<UserRow> {
  const row = await deps.loadUser(userId);
  if (!row || row.state === UserState.deleted || row.state === UserState.unspecified) {
    throw notFound("COMMAND-UsrNf1", "Errors.User.NotFound");
  }
  return row;
}

export async function loadHuman(deps: CommandDeps, userId: string): Promise<UserRow> {
  const row = await loadExistingUser(deps, userId);
  if (row.type !== UserType.human) throw notFound("COMMAND-UsrNf2", "Errors.User.NotFound: not a human user");
  return row;
}
