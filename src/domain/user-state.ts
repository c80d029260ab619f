// The user lifecycle as ZITADEL's v2 API runs it, as pure checks over the state numbers of
// zitadel.user.v2.UserState. A user that does not exist (never created or deleted) is NotFound; a
// transition the current state does not allow is FailedPrecondition, each with its own id. Commands run
// these before the permission check, as ZITADEL does.
import { failedPrecondition, notFound } from "./errors.js";

/** zitadel.user.v2.UserState numbers. */
export const UserState = Object.freeze({ unspecified: 0, active: 1, inactive: 2, deleted: 3, locked: 4, initial: 5 } as const);
export type UserStateValue = (typeof UserState)[keyof typeof UserState];

export function userExists(state: UserStateValue): boolean {
  return state !== UserState.unspecified && state !== UserState.deleted;
}

/** Lock: from ACTIVE or INITIAL. */
export function canLock(state: UserStateValue): void {
  mustExist(state, "USER-LckNf1");
  if (state !== UserState.active && state !== UserState.initial) {
    throw failedPrecondition("USER-LckSt1", "Errors.User.ShouldBeActiveOrInitial: only an active or initial user can be locked");
  }
}

/** Unlock: only LOCKED. */
export function canUnlock(state: UserStateValue): void {
  mustExist(state, "USER-UlkNf1");
  if (state !== UserState.locked) throw failedPrecondition("USER-UlkSt1", "Errors.User.NotLocked: the user is not locked");
}

/** Deactivate: not from INITIAL (the user never signed in) nor INACTIVE (already done). */
export function canDeactivate(state: UserStateValue): void {
  mustExist(state, "USER-DeaNf1");
  if (state === UserState.initial) {
    throw failedPrecondition("USER-DeaIn1", "Errors.User.CantDeactivateInitial: a user in initial state cannot be deactivated");
  }
  if (state === UserState.inactive) throw failedPrecondition("USER-DeaIn2", "Errors.User.AlreadyInactive: the user is already inactive");
}

/** Reactivate: only INACTIVE. */
export function canReactivate(state: UserStateValue): void {
  mustExist(state, "USER-ReaNf1");
  if (state !== UserState.inactive) throw failedPrecondition("USER-ReaSt1", "Errors.User.NotInactive: the user is not inactive");
}

/** Delete: from any state of an existing user. */
export function canDelete(state: UserStateValue): void {
  mustExist(state, "USER-DelNf1");
}

function mustExist(state: UserStateValue, id: string): void {
  if (!userExists(state)) throw notFound(id, "Errors.User.NotFound");
}
