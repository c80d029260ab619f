// The write model of a command on a human (or a machine) user: its projection row, or NotFound as ZITADEL
// answers for a missing or deleted user and for one of the other type (ZITADEL's human write model does not
// see a machine's events, and the reverse, so to it such a user does not exist).
import { notFound } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import { UserState, UserType, type UserRow } from "../../domain/user-row.js";

/** The write model of the user the command changes (see CommandDeps.loadUserToChange), or undefined. */
export function loadUserToChange(deps: CommandDeps, userId: string): Promise<UserRow | undefined> {
  return deps.loadUserToChange ? deps.loadUserToChange(userId) : deps.loadUser(userId);
}

export async function loadExistingUser(deps: CommandDeps, userId: string): Promise<UserRow> {
  const row = await loadUserToChange(deps, userId);
  if (!row || row.state === UserState.deleted || row.state === UserState.unspecified) {
    throw notFound("COMMAND-UsrNf1", "Errors.User.NotFound");
  }
  return row;
}

export async function loadHuman(deps: CommandDeps, userId: string): Promise<UserRow> {
  return requireHuman(await loadExistingUser(deps, userId));
}

export function requireHuman(row: UserRow): UserRow {
  if (row.type !== UserType.human) throw notFound("COMMAND-UsrNf2", "Errors.User.NotFound: not a human user");
  return row;
}

export function requireMachine(row: UserRow): UserRow {
  if (row.type !== UserType.machine) throw notFound("COMMAND-UsrNf3", "Errors.User.NotFound: not a machine user");
  return row;
}
