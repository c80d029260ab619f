// Which organisations a user belongs to: its own (the organisation that owns it) and every organisation where
// it holds a role. Exante's default organisation must be one of them, and its user lists them.
import type { MembershipReader } from "../domain/membership-reader.js";
import type { PrismaClient } from "../gen/prisma/client.js";

const ORG_ACTIVE = 1;

export function createMembershipReader(prisma: PrismaClient): MembershipReader {
  return {
    async organisationsOf(userId, ownOrgId) {
      const memberships = await prisma.membership.findMany({ where: { userId, orgId: { not: "" } } });
      const roles = new Map(memberships.filter((m) => m.roles.length > 0).map((m) => [m.orgId, m.roles]));
      const orgs = await prisma.org.findMany({
        where: { id: { in: [ownOrgId, ...roles.keys()] }, state: ORG_ACTIVE },
        select: { id: true, name: true },
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
      const list = orgs.map((org) => ({ ...org, roles: roles.get(org.id) ?? [] }));
      return [...list.filter((o) => o.id === ownOrgId), ...list.filter((o) => o.id !== ownOrgId)];
    },
  };
}
