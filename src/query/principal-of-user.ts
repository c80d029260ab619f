// The caller behind an authenticated token: the user (who must exist and be active) with its role
// memberships, instance-wide (org_id "") and per organisation.
import type { Principal } from "../command/principal.js";
import { UserState } from "../command/user/user-row.js";
import type { PrismaClient } from "../gen/prisma/client.js";

export async function loadPrincipal(prisma: PrismaClient, userId: string): Promise<Principal | undefined> {
  const [user, memberships] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { id: true, resourceOwner: true, state: true } }),
    prisma.membership.findMany({ where: { userId } }),
  ]);
  if (!user || user.state !== UserState.active) return undefined;
  return {
    userId: user.id,
    orgId: user.resourceOwner,
    instanceRoles: memberships.find((m) => m.orgId === "")?.roles ?? [],
    orgRoles: new Map(memberships.filter((m) => m.orgId !== "").map((m) => [m.orgId, m.roles])),
  };
}
