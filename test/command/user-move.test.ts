// MoveUser (ours): given users in organisations, the move is one user.moved event pushed with the target as
// resource owner; the id, username and its claim, metadata and tokens stay; memberships in the source end;
// moving into the same organisation pushes nothing; who may move whom; unknown and inactive targets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgCommandDeps } from "../../src/api/org/v2/org-service-deps.js";
import { orgServiceQueries } from "../../src/query/org-service-queries.js";
import { addOrganization } from "../../src/command/org/org-add.js";
import type { OrgCommandDeps } from "../../src/command/org/org-inputs.js";
import type { Principal } from "../../src/domain/principal.js";
import { setUserMetadata } from "../../src/command/user/metadata-set.js";
import { pushUserChange } from "../../src/command/user/push-user.js";
import { UserEvent } from "../../src/command/user/user-events.js";
import { decideMove, moveUser } from "../../src/command/user/user-move.js";
import { UserState } from "../../src/domain/user-row.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";
import { addHuman, addMachine, errorOf, member, metadataDeps, self } from "./lifecycle-helpers.js";

let f: CommandFixture;
let orgDeps: OrgCommandDeps;
beforeAll(async () => {
  f = await createCommandFixture();
  orgDeps = orgCommandDeps({ commands: f.deps, queries: orgServiceQueries(f.db.prisma), instanceDomain: "move.test" });
});
afterAll(async () => f?.close());

let orgSerial = 0;
async function newOrg(admins: { userId: string; roles: string[] }[] = []): Promise<string> {
  return (await addOrganization(orgDeps, f.admin, { name: `Target ${++orgSerial} ${Date.now()}`, admins })).orgId;
}

const owner = (...orgIds: string[]): Principal => ({
  userId: `owner-of-${orgIds.join("-")}`,
  orgId: orgIds[0] ?? "org1",
  instanceRoles: [],
  orgRoles: new Map(orgIds.map((id) => [id, ["ORG_OWNER"]])),
});

const eventsOf = (userId: string) => f.db.prisma.event.findMany({ where: { aggregateId: userId }, orderBy: { sequence: "asc" } });

describe("moveUser", () => {
  it("writes one user.moved event owned by the target; the row, the details and ListUsers' column follow", async () => {
    const userId = await addHuman(f, { username: "Mover.One" });
    const target = await newOrg();
    const before = (await f.deps.loadUser(userId))!;
    const { details } = await moveUser(f.deps, f.admin, { userId, organizationId: target });
    const events = await eventsOf(userId);
    const moved = events.at(-1)!;
    expect(moved).toMatchObject({
      eventType: "user.moved",
      sequence: before.sequence + 1,
      resourceOwner: target,
      creator: f.admin.userId,
      payload: { fromOrganizationId: f.orgId, toOrganizationId: target },
    });
    expect(events.filter((e) => e.eventType === "user.moved")).toHaveLength(1);
    const row = (await f.deps.loadUser(userId))!;
    expect(row).toMatchObject({ id: userId, resourceOwner: target, username: "Mover.One", state: before.state, email: before.email });
    expect(details).toEqual({ sequence: before.sequence + 1, changeDate: row.changeDate, creationDate: before.creationDate, resourceOwner: target });
    const stored = await f.db.prisma.user.findUnique({ where: { id: userId } });
    expect(stored!.resourceOwner).toBe(target);
  });

  it("keeps the username's one claim, the metadata and the tokens", async () => {
    const userId = await addHuman(f, { username: "Keeps.Claim" });
    await setUserMetadata(metadataDeps(f), f.admin, { userId, entries: [{ key: "team", value: new TextEncoder().encode("blue") }] });
    await f.db.prisma.personalAccessToken.create({
      data: { id: `pat-${userId}`, userId, tokenHash: `hash-${userId}`, expirationDate: new Date(Date.now() + 3_600_000), creationDate: new Date() },
    });
    await moveUser(f.deps, f.admin, { userId, organizationId: await newOrg() });
    expect(await f.db.prisma.uniqueConstraint.findMany({ where: { uniqueField: "keeps.claim" } })).toEqual([
      { uniqueType: "username", uniqueField: "keeps.claim", aggregateId: userId },
    ]);
    expect(await f.db.prisma.userMetadata.count({ where: { userId } })).toBe(1);
    expect(await f.db.prisma.personalAccessToken.count({ where: { userId } })).toBe(1);
  });

  it("ends the memberships in the organisation left and keeps those in the target, the instance and elsewhere", async () => {
    const userId = await addHuman(f);
    const source = await newOrg([{ userId, roles: ["ORG_OWNER"] }]);
    await moveUser(f.deps, f.admin, { userId, organizationId: source });
    const target = await newOrg([{ userId, roles: ["ORG_USER_MANAGER"] }]);
    const third = await newOrg([{ userId, roles: ["ORG_OWNER_VIEWER"] }]);
    await f.db.prisma.membership.create({ data: { userId, orgId: "", roles: ["IAM_OWNER_VIEWER"] } });
    const bystander = await addHuman(f);
    await f.db.prisma.membership.create({ data: { userId: bystander, orgId: source, roles: ["ORG_OWNER"] } });

    await moveUser(f.deps, f.admin, { userId, organizationId: target });
    const left = await f.db.prisma.membership.findMany({ where: { userId }, orderBy: { orgId: "asc" } });
    expect(left.map((m) => m.orgId).sort()).toEqual(["", target, third].sort());
    expect(await f.db.prisma.membership.count({ where: { userId: bystander, orgId: source } })).toBe(1);
  });

  it("moves machine users and users in any state but deleted", async () => {
    const machine = await addMachine(f);
    const target = await newOrg();
    expect((await moveUser(f.deps, f.admin, { userId: machine, organizationId: target })).details.resourceOwner).toBe(target);
  });

  it("changes nothing when the user is already in the organisation: no event, the current details", async () => {
    const userId = await addHuman(f);
    const before = await eventsOf(userId);
    const row = (await f.deps.loadUser(userId))!;
    const { details } = await moveUser(f.deps, f.admin, { userId, organizationId: f.orgId });
    expect(details).toEqual({ sequence: row.sequence, changeDate: row.changeDate, creationDate: row.creationDate, resourceOwner: f.orgId });
    expect(await eventsOf(userId)).toEqual(before);
  });

  it("refuses an unknown or inactive target with FailedPrecondition, writing nothing", async () => {
    const userId = await addHuman(f);
    const inactive = "inactive-org";
    await f.deps.eventstore.push({
      aggregateType: "org",
      aggregateId: inactive,
      resourceOwner: inactive,
      creator: "test",
      expectedSequence: 0,
      events: [{ type: "org.added", payload: { name: "Inactive" } }],
      root: { table: "orgs", row: { id: inactive, name: "Inactive", primaryDomain: "inactive.test", state: 2 } },
    });
    const before = await eventsOf(userId);
    for (const organizationId of ["no-such-org", inactive]) {
      const error = await errorOf(moveUser(f.deps, f.admin, { userId, organizationId }));
      expect([error.kind, error.id]).toEqual(["failed_precondition", "COMMAND-MvOrg1"]);
    }
    expect(await eventsOf(userId)).toEqual(before);
  });

  it("answers NotFound for an unknown or deleted user", async () => {
    const target = await newOrg();
    expect((await errorOf(moveUser(f.deps, f.admin, { userId: "no-such-user", organizationId: target }))).id).toBe("COMMAND-UsrNf1");
    const userId = await addHuman(f);
    await f.db.prisma.user.update({ where: { id: userId }, data: { state: UserState.deleted } });
    expect((await errorOf(moveUser(f.deps, f.admin, { userId, organizationId: target }))).id).toBe("COMMAND-UsrNf1");
  });

  it("lists every bad field at once", async () => {
    const error = await errorOf(moveUser(f.deps, f.admin, { userId: "", organizationId: "x".repeat(201) }));
    expect(error.kind).toBe("invalid_argument");
    expect(error.violations.map((v) => [v.field, v.rule])).toEqual([
      ["user_id", "string.min_len"],
      ["organization_id", "string.max_len"],
    ]);
  });

  it("refuses a stale If-Match before pushing", async () => {
    const userId = await addHuman(f);
    const row = (await f.deps.loadUser(userId))!;
    const error = await errorOf(moveUser({ ...f.deps, expectedSequence: row.sequence - 1 }, f.admin, { userId, organizationId: await newOrg() }));
    expect([error.kind, error.id]).toEqual(["failed_precondition", "COMMAND-IfMtch1"]);
    expect((await f.deps.loadUser(userId))!.resourceOwner).toBe(f.orgId);
  });
});

describe("decideMove, for commands that move a user along with other changes", () => {
  it("composes with other events into one push whose events all belong to the target", async () => {
    const userId = await addHuman(f);
    const target = await newOrg();
    const before = (await f.deps.loadUser(userId))!;
    const details = await f.deps.eventstore.execute(userId, async () => {
      const row = (await f.deps.loadUser(userId))!;
      const move = await decideMove(f.deps, f.admin, row, target);
      // As the commands do: the push starts from the loaded row; move.row is what later decisions look at.
      return pushUserChange(f.deps, f.admin, {
        row,
        side: move.side,
        events: [...move.events, { type: UserEvent.profileChanged, payload: { nickName: "moved" } }],
      });
    });
    const events = (await eventsOf(userId)).slice(-2);
    expect(events.map((e) => [e.eventType, e.sequence, e.resourceOwner])).toEqual([
      ["user.moved", before.sequence + 1, target],
      ["user.human.profile.changed", before.sequence + 2, target],
    ]);
    expect(events[0]!.createdAt).toEqual(events[1]!.createdAt); // one push, one transaction time
    expect(details.resourceOwner).toBe(target);
    expect((await f.deps.loadUser(userId))!).toMatchObject({ resourceOwner: target, nickName: "moved" });
  });
});

describe("who may move a user: user.write in both organisations", () => {
  // [caller, expected outcome] for a user of org1 moved to `target`.
  const cases: [string, (target: string, userId: string) => Principal, string][] = [
    ["the instance owner", () => f.admin, "ok"],
    ["the owner of both organisations", (target) => owner("org1", target), "ok"],
    ["a user manager of both", (target) => ({ ...owner(), orgRoles: new Map([["org1", ["ORG_USER_MANAGER"]], [target, ["ORG_USER_MANAGER"]]]) }), "ok"],
    ["the owner of only the source", () => owner("org1"), "not_found COMMAND-MvPerm2"],
    ["the owner of only the target", (target) => owner(target), "not_found COMMAND-MvPerm1"],
    ["a viewer of the source who owns the target", (target) => ({ ...owner(target), orgRoles: new Map([["org1", ["ORG_OWNER_VIEWER"]], [target, ["ORG_OWNER"]]]) }), "permission_denied COMMAND-MvPerm1"],
    ["the owner of the source, viewer of the target", (target) => ({ ...owner(), orgRoles: new Map([["org1", ["ORG_OWNER"]], [target, ["ORG_OWNER_VIEWER"]]]) }), "permission_denied COMMAND-MvPerm2"],
    ["a caller without any membership", () => member("elsewhere", ["ORG_OWNER"]), "not_found COMMAND-MvPerm1"],
    ["the user themselves, without roles", (_target, userId) => self(userId), "not_found COMMAND-MvPerm1"],
  ];
  it.each(cases)("%s", async (_name, callerFor, expected) => {
    const userId = await addHuman(f);
    const target = await newOrg();
    const before = await eventsOf(userId);
    const outcome = await moveUser(f.deps, callerFor(target, userId), { userId, organizationId: target }).then(
      () => "ok",
      (error: { kind: string; id: string }) => `${error.kind} ${error.id}`,
    );
    expect(outcome).toBe(expected);
    const row = (await f.deps.loadUser(userId))!;
    expect(row.resourceOwner).toBe(expected === "ok" ? target : "org1");
    if (expected !== "ok") expect(await eventsOf(userId)).toEqual(before);
  });

  it("needs the permission for a move into the same organisation too, though nothing is written", async () => {
    const userId = await addHuman(f);
    const error = await errorOf(moveUser(f.deps, member("elsewhere", ["ORG_OWNER"]), { userId, organizationId: "org1" }));
    expect([error.kind, error.id]).toEqual(["not_found", "COMMAND-MvPerm1"]);
  });
});
