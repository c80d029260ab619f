// DeleteUser: one user.removed event that frees the username and takes the user's metadata, tokens and
// memberships with it in the same push; the events stay; afterwards the user is NotFound for every command,
// a second delete included, and its username and id can be used again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeUser } from "../../src/command/user/user-remove.js";
import { changeUserState } from "../../src/command/user/user-state-change.js";
import { setUserMetadata } from "../../src/command/user/metadata-set.js";
import { UserState } from "../../src/domain/user-row.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";
import { addHuman, addMachine, errorOf, member, metadataDeps, newHuman, self, stateOf } from "./lifecycle-helpers.js";

let f: CommandFixture;
beforeAll(async () => (f = await createCommandFixture()));
afterAll(async () => f?.close());

const bytes = (text: string) => new TextEncoder().encode(text);

async function giveToken(userId: string, id: string): Promise<void> {
  await f.db.prisma.personalAccessToken.create({
    data: { id, userId, tokenHash: `hash-${id}`, expirationDate: new Date(Date.now() + 3_600_000), creationDate: new Date() },
  });
}

describe("delete", () => {
  it("writes user.removed, keeps the row as DELETED and every earlier event", async () => {
    const userId = await addHuman(f);
    const events = await f.eventTypes(userId);
    const before = (await f.deps.loadUser(userId))!;
    const details = await removeUser(f.deps, f.admin, userId);
    expect(await f.eventTypes(userId)).toEqual([...events, "user.removed"]);
    const row = (await f.deps.loadUser(userId))!;
    expect(row).toMatchObject({ state: UserState.deleted, username: before.username, sequence: before.sequence + 1 });
    expect(details).toEqual({ sequence: before.sequence + 1, changeDate: row.changeDate, creationDate: row.creationDate, resourceOwner: f.orgId });
    const [removed] = await f.db.prisma.event.findMany({ where: { aggregateId: userId, eventType: "user.removed" } });
    expect(removed!.payload).toEqual({ username: before.username });
  });

  it("frees the username in the same push, so a new user can take it", async () => {
    const userId = await addHuman(f, { username: "Reusable.Name" });
    const claims = () => f.db.prisma.uniqueConstraint.findMany({ where: { uniqueType: "username", uniqueField: "reusable.name" } });
    expect(await claims()).toEqual([{ uniqueType: "username", uniqueField: "reusable.name", aggregateId: userId }]);
    await removeUser(f.deps, f.admin, userId);
    expect(await claims()).toEqual([]);
    const again = await addHuman(f, { username: "reusable.name" });
    expect(again).not.toBe(userId);
    expect(await claims()).toEqual([{ uniqueType: "username", uniqueField: "reusable.name", aggregateId: again }]);
  });

  it("deletes the user's metadata, tokens and memberships, and nobody else's", async () => {
    const userId = await addHuman(f, { metadata: [{ key: "a", value: bytes("1") }, { key: "b", value: bytes("2") }] });
    const otherId = await addHuman(f, { metadata: [{ key: "a", value: bytes("1") }] });
    await giveToken(userId, `pat-${userId}`);
    await giveToken(otherId, `pat-${otherId}`);
    await f.db.prisma.membership.create({ data: { userId, orgId: f.orgId, roles: ["ORG_OWNER"] } });
    await removeUser(f.deps, f.admin, userId);
    const left = async (id: string) => [
      await f.db.prisma.userMetadata.count({ where: { userId: id } }),
      await f.db.prisma.personalAccessToken.count({ where: { userId: id } }),
      await f.db.prisma.membership.count({ where: { userId: id } }),
    ];
    expect(await left(userId)).toEqual([0, 0, 0]);
    expect(await left(otherId)).toEqual([1, 1, 0]);
  });

  it("answers NotFound afterwards for a second delete and every other command", async () => {
    const userId = await addHuman(f);
    await removeUser(f.deps, f.admin, userId);
    const events = await f.eventTypes(userId);
    for (const attempt of [
      removeUser(f.deps, f.admin, userId),
      changeUserState(f.deps, f.admin, userId, "lock"),
      setUserMetadata(metadataDeps(f), f.admin, { userId, entries: [{ key: "k", value: bytes("v") }] }),
      f.commands.changeHumanUser(f.admin, { userId, username: "after-delete" }),
    ]) {
      const error = await errorOf(attempt);
      expect(error.kind).toBe("not_found");
    }
    expect((await errorOf(removeUser(f.deps, f.admin, userId))).id).toBe("COMMAND-UsrNf1");
    expect((await errorOf(removeUser(f.deps, f.admin, "never-existed"))).id).toBe("COMMAND-UsrNf1");
    expect(await f.eventTypes(userId)).toEqual(events);
  });

  it("lets the id be used again by a new user who inherits nothing", async () => {
    const userId = await addHuman(f, { metadata: [{ key: "old", value: bytes("x") }] });
    await removeUser(f.deps, f.admin, userId);
    const { details } = await f.commands.addHumanUser(f.admin, newHuman({ userId }));
    expect(await stateOf(f, userId)).toBe(UserState.active);
    expect(await f.db.prisma.userMetadata.count({ where: { userId } })).toBe(0);
    // One aggregate, its history whole: the new user's events go on after the old one's removal.
    expect(await f.eventTypes(userId)).toEqual([
      "user.human.added",
      "user.human.email.verified",
      "user.metadata.set",
      "user.removed",
      "user.human.added",
      "user.human.email.verified",
    ]);
    expect(details.sequence).toBe(6);
  });

  it.each([UserState.locked, UserState.inactive, UserState.initial])("deletes a user in state %i", async (state) => {
    const userId = await addHuman(f);
    await f.db.prisma.user.update({ where: { id: userId }, data: { state } });
    await removeUser(f.deps, f.admin, userId);
    expect(await stateOf(f, userId)).toBe(UserState.deleted);
  });

  it("deletes machine users", async () => {
    const userId = await addMachine(f);
    await removeUser(f.deps, f.admin, userId);
    expect(await f.eventTypes(userId)).toEqual(["user.machine.added", "user.removed"]);
  });
});

describe("who may delete", () => {
  it("needs user.delete in the user's organisation from anyone else", async () => {
    const userId = await addHuman(f);
    // Without any membership reaching the user's organisation ZITADEL answers NotFound, else PermissionDenied.
    const stranger = await errorOf(removeUser(f.deps, self("someone-else"), userId));
    expect([stranger.kind, stranger.id]).toEqual(["not_found", "COMMAND-PermDl1"]);
    const otherOrg = await errorOf(removeUser(f.deps, member("org2", ["ORG_OWNER"]), userId));
    expect([otherOrg.kind, otherOrg.id]).toEqual(["not_found", "COMMAND-PermDl1"]);
    const settingsManager = await errorOf(removeUser(f.deps, member(f.orgId, ["ORG_SETTINGS_MANAGER"]), userId));
    expect([settingsManager.kind, settingsManager.id]).toEqual(["permission_denied", "COMMAND-PermDl1"]);
    expect(await stateOf(f, userId)).toBe(UserState.active);
    await removeUser(f.deps, member(f.orgId, ["ORG_USER_MANAGER"]), userId);
    expect(await stateOf(f, userId)).toBe(UserState.deleted);
  });

  it("lets users delete themselves, as ZITADEL's checkPermissionDeleteUser does", async () => {
    const userId = await addHuman(f);
    await removeUser(f.deps, self(userId), userId);
    expect(await stateOf(f, userId)).toBe(UserState.deleted);
  });

  it("answers NotFound before the permission for a user that does not exist", async () => {
    expect((await errorOf(removeUser(f.deps, self("someone-else"), "never-existed"))).kind).toBe("not_found");
  });
});
