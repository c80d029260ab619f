// AddOrganization's one push, on a real database: the organisation, its new human admins and every membership
// land together at one time, or — when any part fails in the push itself — nothing lands. The failure in the
// middle is made real by a username that another user holds while the command's early check is told it is
// free (the window a concurrent AddHumanUser has between that check and the push).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgCommandDeps } from "../../src/api/org/v2/org-service-deps.js";
import { addOrganization } from "../../src/command/org/org-add.js";
import type { OrgCommandDeps } from "../../src/command/org/org-inputs.js";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";

let fixture: CommandFixture;
let deps: OrgCommandDeps;
beforeAll(async () => {
  fixture = await createCommandFixture();
  deps = orgCommandDeps({ commands: fixture.deps, prisma: fixture.db.prisma, instanceDomain: "example.com" });
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
