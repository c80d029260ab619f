// UpdateUser's decisions: the human branch writes what UpdateHumanUser writes (profile fields one at a time),
// the machine branch one user.machine.changed event with only what changes, a branch of the wrong type is
// NotFound, and violations name the fields as the request nests them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeUser, type ChangeUserInput } from "../../src/command/user/user-change.js";
import type { Principal } from "../../src/domain/principal.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";
import { addHuman, addMachine, errorOf, self } from "./lifecycle-helpers.js";

let f: CommandFixture;
beforeAll(async () => (f = await createCommandFixture()));
afterAll(async () => f?.close());

const change = (caller: Principal, input: ChangeUserInput) => changeUser(f.deps, caller, input);
const payloads = async (userId: string, type: string) =>
  (await f.db.prisma.event.findMany({ where: { aggregateId: userId, eventType: type }, orderBy: { sequence: "asc" } })).map((e) => e.payload);

describe("human branch", () => {
  it("changes the nickname alone, keeping given and family name", async () => {
    const userId = await addHuman(f);
    const { details } = await change(f.admin, { kind: "human", input: { userId, profile: { nickName: "Countess" } } });
    expect(await payloads(userId, "user.human.profile.changed")).toEqual([{ nickName: "Countess" }]);
    expect(await f.deps.loadUser(userId)).toMatchObject({ givenName: "Ada", familyName: "Lovelace", nickName: "Countess", sequence: details.sequence });
  });

  it("writes nothing when nothing differs and answers the current details", async () => {
    const userId = await addHuman(f);
    const before = (await f.deps.loadUser(userId))!;
    const { details } = await change(f.admin, { kind: "human", input: { userId, username: before.username, profile: { givenName: "Ada" } } });
    expect(details).toMatchObject({ sequence: before.sequence, changeDate: before.changeDate });
    expect((await f.eventTypes(userId)).length).toBe(before.sequence);
  });

  it("is NotFound for a machine user, as ZITADEL's human write model does not see one", async () => {
    const userId = await addMachine(f);
    const error = await errorOf(change(f.admin, { kind: "human", input: { userId, profile: { nickName: "x" } } }));
    expect([error.kind, error.id]).toEqual(["not_found", "COMMAND-UsrNf2"]);
  });

  it("names violated fields under human.", async () => {
    const userId = await addHuman(f);
    const error = await errorOf(
      change(f.admin, {
        kind: "human",
        input: { userId, profile: { preferredLanguage: "no such tag!" }, email: { address: "a@b@c", verification: { mode: "send" } }, password: { plain: "weak", changeRequired: false } },
      }),
    );
    expect(error.kind).toBe("invalid_argument");
    expect(new Set(error.violations.map((v) => v.field))).toEqual(new Set(["human.profile.preferred_language", "human.email.email", "human.password.password.password"]));
    expect(error.message).toMatch(/^Errors\.InvalidArgument: invalid human\.[a-z_.]+, human\./);
  });
});

describe("machine branch", () => {
  it("writes one event with only the changed fields, and the username as for humans", async () => {
    const userId = await addMachine(f);
    const row = (await f.deps.loadUser(userId))!;
    await change(f.admin, { kind: "machine", input: { userId, username: `renamed-${userId}`, name: row.machineName!, description: "runs the nightly import" } });
    expect((await f.eventTypes(userId)).slice(-2)).toEqual(["user.username.changed", "user.machine.changed"]);
    expect(await payloads(userId, "user.machine.changed")).toEqual([{ description: "runs the nightly import" }]);
    expect(await f.deps.loadUser(userId)).toMatchObject({ username: `renamed-${userId}`, machineName: row.machineName, machineDescription: "runs the nightly import" });
  });

  it("writes nothing when nothing differs", async () => {
    const userId = await addMachine(f);
    const row = (await f.deps.loadUser(userId))!;
    const { details } = await change(f.admin, { kind: "machine", input: { userId, name: row.machineName!, description: "" } });
    expect(details.sequence).toBe(row.sequence);
    expect(await f.eventTypes(userId)).toEqual(["user.machine.added"]);
  });

  it("is NotFound for a human user, and for an unknown one", async () => {
    const human = await addHuman(f);
    expect((await errorOf(change(f.admin, { kind: "machine", input: { userId: human, name: "x" } }))).id).toBe("COMMAND-UsrNf3");
    expect((await errorOf(change(f.admin, { kind: "machine", input: { userId: "nobody", name: "x" } }))).id).toBe("COMMAND-UsrNf1");
  });

  it("lets a machine user rename itself and refuses strangers as ZITADEL does", async () => {
    const userId = await addMachine(f);
    await change(self(userId), { kind: "machine", input: { userId, name: "my own name" } });
    expect((await f.deps.loadUser(userId))!.machineName).toBe("my own name");
    const stranger = await errorOf(change(self("someone-else"), { kind: "machine", input: { userId, name: "theirs" } }));
    expect([stranger.kind, stranger.id]).toEqual(["not_found", "COMMAND-PermUs1"]);
  });
});
