import { describe, expect, it } from "vitest";
import {
  canDeactivate,
  canDelete,
  canLock,
  canReactivate,
  canUnlock,
  userExists,
  UserState,
  type UserStateValue,
} from "../../src/domain/user-state.js";
import { domainErrorOf } from "./expect-domain-error.js";

const { unspecified, active, inactive, deleted, locked, initial } = UserState;
const ALL: UserStateValue[] = [unspecified, active, inactive, deleted, locked, initial];
const EXISTING: UserStateValue[] = [active, inactive, locked, initial];
const name = (state: UserStateValue) => Object.entries(UserState).find(([, value]) => value === state)![0];

/** The states each transition allows, from ZITADEL's v2 user commands. */
const TRANSITIONS = [
  ["canLock", canLock, [active, initial]],
  ["canUnlock", canUnlock, [locked]],
  ["canDeactivate", canDeactivate, [active, locked]],
  ["canReactivate", canReactivate, [inactive]],
  ["canDelete", canDelete, [active, inactive, locked, initial]],
] as const;

describe("user state", () => {
  it("mirrors zitadel.user.v2.UserState numbers", () => {
    expect(UserState).toEqual({ unspecified: 0, active: 1, inactive: 2, deleted: 3, locked: 4, initial: 5 });
  });

  it("treats unspecified and deleted as not existing", () => {
    expect(ALL.filter(userExists)).toEqual(EXISTING);
  });

  describe.each(TRANSITIONS)("%s", (_name, check, allowed) => {
    it.each(ALL.map((state) => [name(state), state] as const))("from %s", (_stateName, state) => {
      if ((allowed as readonly number[]).includes(state)) {
        expect(() => check(state)).not.toThrow();
        return;
      }
      const error = domainErrorOf(() => check(state));
      expect(error.kind).toBe(userExists(state) ? "failed_precondition" : "not_found");
    });
  });

  it("gives every refusal its own id", () => {
    const ids = new Set<string>();
    for (const [, check] of TRANSITIONS) {
      for (const state of ALL) {
        try {
          check(state);
        } catch (error) {
          ids.add((error as { id: string }).id);
        }
      }
    }
    // One id per transition and reason: not-found differs per transition, and deactivating an initial
    // user is told apart from deactivating an inactive one.
    expect([...ids].sort()).toEqual(
      ["USER-DeaIn1", "USER-DeaIn2", "USER-DeaNf1", "USER-DelNf1", "USER-LckNf1", "USER-LckSt1", "USER-ReaNf1", "USER-ReaSt1", "USER-UlkNf1", "USER-UlkSt1"].sort(),
    );
  });

  it("says why in ZITADEL's words", () => {
    expect(domainErrorOf(() => canLock(inactive)).message).toMatch(/^Errors\.User\.ShouldBeActiveOrInitial/);
    expect(domainErrorOf(() => canUnlock(active)).message).toMatch(/^Errors\.User\.NotLocked/);
    expect(domainErrorOf(() => canDeactivate(initial)).message).toMatch(/^Errors\.User\.CantDeactivateInitial/);
    expect(domainErrorOf(() => canDeactivate(inactive)).message).toMatch(/^Errors\.User\.AlreadyInactive/);
    expect(domainErrorOf(() => canReactivate(active)).message).toMatch(/^Errors\.User\.NotInactive/);
    expect(domainErrorOf(() => canDelete(deleted)).message).toBe("Errors.User.NotFound");
  });
});
