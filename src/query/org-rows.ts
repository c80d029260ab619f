// The rows the organisation commands decide with: the organisation's projection row (any state), its domains,
// and the users it owns. All are written in the same statement as the events they follow from.
import type { OrgDomainRow, StoredOrgRow } from "../domain/org-row.js";
import type { PendingCodes, UserRow } from "../domain/user-row.js";
import { UserState } from "../domain/user-state.js";
import type { PrismaClient } from "../gen/prisma/client.js";

export function orgRowReaders(prisma: PrismaClient) {
  return {
    async loadOrg(id: string): Promise<StoredOrgRow | undefined> {
      return (await prisma.org.findUnique({ where: { id } })) ?? undefined;
    },
    async domainsOf(orgId: string): Promise<OrgDomainRow[]> {
      return prisma.orgDomain.findMany({ where: { orgId }, select: { domain: true, isVerified: true, isPrimary: true }, orderBy: { creationDate: "asc" } });
    },
    async usersOf(orgId: string): Promise<UserRow[]> {
      const rows = await prisma.user.findMany({ where: { resourceOwner: orgId, state: { not: UserState.deleted } }, orderBy: { id: "asc" } });
      return rows.map((row) => ({ ...row, codes: (row.codes ?? {}) as PendingCodes }));
    },
  };
}
