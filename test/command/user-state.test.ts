// LockUser, UnlockUser, DeactivateUser, ReactivateUser: every transition from every existing state, allowed
// (one event, the new state, fresh details) or refused (its error id, nothing written); NotFound for users that
// do not exist; the state rule before the permission; who may do it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeUser } from "../../src/command/user/user-remove.js";
import { changeUserState, type UserStateChange } from "../../src/command/user/user-state-change.js";
import { UserState, type UserStateValue } from "../../src/domain/user-row.js";
import type { Principal } from "../../src/domain/principal.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";
import { addHuman, addMachine, errorOf, giveState, member, self, stateOf } from "./lifecycle-helpers.js";

let f: CommandFixture;
beforeAll(async () => (f = await createCommandFixture()));
afterAll(async () => f?.close());

const change = (caller: Principal, userId: string, to: UserStateChange) => changeUserState(f.deps, caller, userId, to);

/** A human user in `state`, reached through the commands where one leads there. */
async function userIn(state: UserStateValue): Promise<string> {
  const userId = await addHuman(f);
  if (state === UserState.locked) await change(f.admin, userId, "lock");
  if (state === UserState.inactive) await change(f.admin, userId, "deactivate");
  if (state === UserState.initial) await giveState(f, userId, UserState.initial);
  expect(await stateOf(f, userId)).toBe(state);
  return userId;
}

const { active, inactive, locked, initial } = UserState;
const stateName = (state: number) => Object.entries(UserState).find(([, v]) => v === state)![0];

const ALLOWED: [UserStateChange, UserStateValue, string, UserStateValue][] = [
  ["lock", active, "user.locked", locked],
  ["lock", initial, "user.locked", locked],
  ["unlock", locked, "user.unlocked", active],
  ["deactivate", active, "user.deactivated", inactive],
  ["deactivate", locked, "user.deactivated", inactive],
  ["reactivate", inactive, "user.reactivated", active],
];

const REFUSED: [UserStateChange, UserStateValue, string][] = [
  ["lock", locked, "USER-LckSt1"],
  ["lock", inactive, "USER-LckSt1"],
  ["unlock", active, "USER-UlkSt1"],
  ["unlock", inactive, "USER-UlkSt1"],
  ["unlock", initial, "USER-UlkSt1"],
  ["deactivate", initial, "USER-DeaIn1"],
  ["deactivate", inactive, "USER-DeaIn2"],
  ["reactivate", active, "USER-ReaSt1"],
  ["reactivate", locked, "USER-ReaSt1"],
  ["reactivate", initial, "USER-ReaSt1"],
];

describe("allowed transitions", () => {
  it.each(ALLOWED.map(([to, from, event, after]) => [to, stateName(from), from, event, after] as const))(
    "%s from %s writes one event and moves the state",
    async (to, _name, from, event, after) => {
      const userId = await userIn(from);
      const before = (await f.deps.loadUser(userId))!;
      const details = await change(f.admin, userId, to);
      expect((await f.eventTypes(userId)).at(-1)).toBe(event);
      const row = (await f.deps.loadUser(userId))!;
      expect(row.state).toBe(after);
      expect(details).toEqual({ sequence: before.sequence + 1, changeDate: row.changeDate, creationDate: row.creationDate, resourceOwner: f.orgId });
    },
  );
});

describe("refused transitions", () => {
  it.each(REFUSED.map(([to, from, id]) => [to, stateName(from), from, id] as const))(
    "%s from %s is FailedPrecondition %s and writes nothing",
    async (to, _name, from, id) => {
      const userId = await userIn(from);
      const events = await f.eventTypes(userId);
      const error = await errorOf(change(f.admin, userId, to));
      expect([error.kind, error.id]).toEqual(["failed_precondition", id]);
      expect(await f.eventTypes(userId)).toEqual(events);
      expect(await stateOf(f, userId)).toBe(from);
    },
  );
});

describe("users that do not exist", () => {
  it.each(["lock", "unlock", "deactivate", "reactivate"] as const)("%s of an unknown or deleted user is NotFound", async (to) => {
    expect((await errorOf(change(f.admin, "no-such-user", to))).id).toBe("COMMAND-UsrNf1");
    const userId = await addHuman(f);
    await removeUser(f.deps, f.admin, userId);
    const error = await errorOf(change(f.admin, userId, to));
    expect([error.kind, error.id]).toEqual(["not_found", "COMMAND-UsrNf1"]);
  });
});

describe("who may", () => {
  it("needs user.write in the user's organisation from anyone else", async () => {
    const userId = await userIn(active);
    // Without any membership reaching the user's organisation ZITADEL answers NotFound, else PermissionDenied.
    const stranger = await errorOf(change(self("someone-else"), userId, "lock"));
    expect([stranger.kind, stranger.id]).toEqual(["not_found", "COMMAND-PermUs1"]);
    const otherOrgManager = await errorOf(change(member("org2", ["ORG_USER_MANAGER"]), userId, "lock"));
    expect([otherOrgManager.kind, otherOrgManager.id]).toEqual(["not_found", "COMMAND-PermUs1"]);
    const settingsManager = await errorOf(change(member(f.orgId, ["ORG_SETTINGS_MANAGER"]), userId, "lock"));
    expect([settingsManager.kind, settingsManager.id]).toEqual(["permission_denied", "COMMAND-PermUs1"]);
    expect(await stateOf(f, userId)).toBe(active);
    await change(member(f.orgId, ["ORG_USER_MANAGER"]), userId, "lock");
    expect(await stateOf(f, userId)).toBe(locked);
  });

  it("lets users change their own state, as ZITADEL's checkPermissionUpdateUser does", async () => {
    const userId = await userIn(active);
    await change(self(userId), userId, "deactivate");
    expect(await stateOf(f, userId)).toBe(inactive);
  });

  it("answers the state rule before the permission", async () => {
    const userId = await userIn(active);
    const error = await errorOf(change(self("someone-else"), userId, "unlock"));
    expect([error.kind, error.id]).toEqual(["failed_precondition", "USER-UlkSt1"]);
  });
});

it("unlocking clears the failed password attempts that led to the lock", async () => {
  const userId = await userIn(locked);
  await f.db.prisma.user.update({ where: { id: userId }, data: { failedPasswordAttempts: 5 } });
  await change(f.admin, userId, "unlock");
  expect((await f.deps.loadUser(userId))!.failedPasswordAttempts).toBe(0);
});

it("works for machine users through the whole cycle", async () => {
  const userId = await addMachine(f);
  for (const [to, after] of [["lock", locked], ["unlock", active], ["deactivate", inactive], ["reactivate", active]] as const) {
    await change(f.admin, userId, to);
    expect(await stateOf(f, userId)).toBe(after);
  }
  expect(await f.eventTypes(userId)).toEqual(["user.machine.added", "user.locked", "user.unlocked", "user.deactivated", "user.reactivated"]);
});
