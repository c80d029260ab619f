// The caller behind an authenticated token: the user (who must exist and be active, in an active organisation)
// with its role memberships, instance-wide (org_id "") and per organisation. A user of a deactivated (or deleted)
// organisation is no caller at all: its tokens and JWTs are refused with Unauthenticated, as those of a
// deactivated user are, until the organisation is activated again (within the principal cache's few seconds).
import type { Principal } from "../domain/principal.js";
import { OrgState } from "../domain/org-row.js";
import { UserState } from "../domain/user-row.js";
import type { PrismaClient } from "../gen/prisma/client.js";

interface CallerRow {
  id: string;
  resourceOwner: string;
  state: number;
  orgState: number | null;
}

export async function loadPrincipal(prisma: PrismaClient, userId: string): Promise<Principal | undefined> {
  const [users, memberships] = await Promise.all([
    prisma.$queryRawUnsafe<CallerRow[]>(
      `SELECT u.id, u.resource_owner AS "resourceOwner", u.state, o.state AS "orgState"
       FROM users u LEFT JOIN orgs o ON o.id = u.resource_owner WHERE u.id = $1`,
      userId,
    ),
    prisma.membership.findMany({ where: { userId } }),
  ]);
  const user = users[0];
  if (!user || user.state !== UserState.active || user.orgState !== OrgState.active) return undefined;
  return {
    userId: user.id,
    orgId: user.resourceOwner,
    instanceRoles: memberships.find((m) => m.orgId === "")?.roles ?? [],
    orgRoles: new Map(memberships.filter((m) => m.orgId !== "").map((m) => [m.orgId, m.roles])),
  };
}
