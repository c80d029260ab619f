// AddOrganization's one push, on a real database: the organisation, its new human admins and every membership
// land together at one time, or — when any part fails in the push itself — nothing lands. The failure in the
// middle is made real by a username that another user holds while the command's early check is told it is
// free (the window a concurrent AddHumanUser has between that check and the push).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgCommandDeps } from "../../src/api/org/v2/org-service-deps.js";
import { orgServiceQueries } from "../../src/query/org-service-queries.js";
import { addOrganization } from "../../src/command/org/org-add.js";
import type { OrgCommandDeps } from "../../src/command/org/org-inputs.js";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import { isConnectionError, postgresErrorOf } from "../../src/db/postgres-error.js";
import { DomainError } from "../../src/domain/errors.js";
import { Eventstore } from "../../src/eventstore/eventstore.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";

let fixture: CommandFixture;
let deps: OrgCommandDeps;
beforeAll(async () => {
  fixture = await createCommandFixture();
  deps = orgCommandDeps({ commands: fixture.deps, queries: orgServiceQueries(fixture.db.prisma), instanceDomain: "example.com" });
});
afterAll(() => fixture?.close());

const human = (username: string): AddHumanInput => ({
  username,
  profile: { givenName: "Ada", familyName: "Admin" },
  email: { address: `${username}@example.com`, verification: { mode: "verified" } },
  metadata: [],
});

const counts = async () => ({
  orgs: await fixture.db.prisma.org.count(),
  users: await fixture.db.prisma.user.count(),
  events: await fixture.db.prisma.event.count(),
  memberships: await fixture.db.prisma.membership.count(),
  domains: await fixture.db.prisma.orgDomain.count(),
  claims: await fixture.db.prisma.uniqueConstraint.count(),
});

describe("addOrganization", () => {
  it("writes the organisation, its admins and their memberships at one time", async () => {
    const result = await addOrganization(deps, fixture.admin, { name: "One Push", admins: [{ human: human("first-admin"), roles: [] }, { human: human("second-admin"), roles: ["ORG_USER_MANAGER"] }] });
    const events = await fixture.db.prisma.event.findMany({ where: { OR: [{ aggregateId: result.orgId }, { resourceOwner: result.orgId }] } });
    expect(new Set(events.map((e) => e.aggregateId))).toEqual(new Set([result.orgId, ...result.createdAdmins.map((a) => a.userId)]));
    expect(new Set(events.map((e) => e.createdAt.getTime()))).toEqual(new Set([result.details.changeDate.getTime()]));
    const org = await fixture.db.prisma.org.findUniqueOrThrow({ where: { id: result.orgId } });
    expect(org.creationDate.getTime()).toBe(result.details.changeDate.getTime());
    const memberships = await fixture.db.prisma.membership.findMany({ where: { orgId: result.orgId }, orderBy: { userId: "asc" } });
    expect(memberships.map((m) => m.roles).sort()).toEqual([["ORG_OWNER"], ["ORG_USER_MANAGER"]]);
  });

  it("leaves nothing behind when an admin's username turns out taken in the push", async () => {
    await fixture.commands.addHumanUser(fixture.admin, { ...human("taken-meanwhile"), org: { id: fixture.orgId } });
    const before = await counts();
    const racing: OrgCommandDeps = { ...deps, isClaimed: async () => false };
    const outcome = addOrganization(racing, fixture.admin, {
      name: "Half Done",
      admins: [{ human: human("would-be-first"), roles: [] }, { human: human("taken-meanwhile"), roles: [] }],
    });
    await expect(outcome).rejects.toMatchObject({ kind: "already_exists", id: "COMMAND-TakenUn1" });
    expect(await counts()).toEqual(before);
    // The name, its domain and the first admin's username are all still free.
    const retried = await addOrganization(deps, fixture.admin, { name: "Half Done", admins: [{ human: human("would-be-first"), roles: [] }] });
    expect(retried.createdAdmins).toHaveLength(1);
  });

  it("refuses an id that an organisation has", async () => {
    const first = await addOrganization(deps, fixture.admin, { name: "Chosen Id", orgId: "chosen-id", admins: [] });
    expect(first.orgId).toBe("chosen-id");
    const again = addOrganization(deps, fixture.admin, { name: "Chosen Id Again", orgId: "chosen-id", admins: [] });
    await expect(again).rejects.toMatchObject({ kind: "failed_precondition", id: "COMMAND-OrgEx1" });
  });
});

describe("two servers adding one organisation id at once", () => {
  /** Deps of a second server on the same database: its own event store, so its own lock and cache. */
  const otherServer = (): OrgCommandDeps =>
    orgCommandDeps({
      commands: { ...fixture.deps, eventstore: new Eventstore({ db: fixture.db, postgresErrorOf, isConnectionError }) },
      queries: orgServiceQueries(fixture.db.prisma),
      instanceDomain: "example.com",
    });

  /**
   * Each server's look number `at` with `method` (the one inside the command's decision) waits for the other
   * server's, so both decide on "none" before either pushes: the race, every time rather than by chance.
   */
  function racing(servers: OrgCommandDeps[], method: "loadOrg" | "loadUser", at = 1): OrgCommandDeps[] {
    const waiting: (() => void)[] = [];
    let looked = 0;
    return servers.map((server) => {
      let looks = 0;
      const load = server[method] as (id: string) => Promise<unknown>;
      return {
        ...server,
        [method]: async (id: string) => {
          const row = await load(id);
          if (++looks === at) {
            looked++;
            if (looked < servers.length) await new Promise<void>((resolve) => waiting.push(resolve));
            else for (const go of waiting.splice(0)) go();
          }
          return row;
        },
      };
    });
  }

  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => "created",
      (error: unknown) => (error instanceof DomainError ? `${error.kind} ${error.id}` : `unexpected ${String(error)}`),
    );

  it("answers the loser FailedPrecondition Errors.Org.AlreadyExisting, as without the race, and writes it nothing", async () => {
    const [a, b] = racing([deps, otherServer()], "loadOrg");
    const add = (server: OrgCommandDeps, tag: string) =>
      outcome(addOrganization(server, fixture.admin, { name: `Raced ${tag}`, orgId: "raced-org", admins: [{ human: human(`raced-admin-${tag}`), roles: [] }] }));
    const results = await Promise.all([add(a!, "a"), add(b!, "b")]);
    expect(results.sort()).toEqual(["created", "failed_precondition COMMAND-OrgEx1"]);
    expect(await outcome(addOrganization(deps, fixture.admin, { name: "Raced c", orgId: "raced-org", admins: [] }))).toBe("failed_precondition COMMAND-OrgEx1");
    // One organisation, written once, with the winner's admin only: the loser's admin and name were rolled back.
    expect((await fixture.db.prisma.event.findMany({ where: { aggregateId: "raced-org" } })).filter((e) => e.eventType === "org.added")).toHaveLength(1);
    const org = await fixture.db.prisma.org.findUniqueOrThrow({ where: { id: "raced-org" } });
    const loser = org.name === "Raced a" ? "b" : "a";
    expect(await fixture.db.prisma.user.count({ where: { username: `raced-admin-${loser}` } })).toBe(0);
    expect(await fixture.db.prisma.uniqueConstraint.count({ where: { uniqueType: "org_name", uniqueField: `raced ${loser}` } })).toBe(0);
  });

  it("answers the loser of a race for a new admin's user id as AddHumanUser would: FailedPrecondition", async () => {
    // checkAdmins looks first (before the decision), decideHumanAdd second.
    const [a, b] = racing([deps, otherServer()], "loadUser", 2);
    const add = (server: OrgCommandDeps, tag: string) =>
      outcome(addOrganization(server, fixture.admin, { name: `Admin Race ${tag}`, admins: [{ human: { ...human(`admin-race-${tag}`), userId: "raced-admin" }, roles: [] }] }));
    const results = await Promise.all([add(a!, "a"), add(b!, "b")]);
    expect(results.sort()).toEqual(["created", "failed_precondition COMMAND-UsrEx1"]);
    const loser = (await fixture.db.prisma.user.findUniqueOrThrow({ where: { id: "raced-admin" } })).username === "admin-race-a" ? "b" : "a";
    expect(await fixture.db.prisma.org.count({ where: { name: `Admin Race ${loser}` } })).toBe(0);
  });
});
