// Organisation look-ups for commands (resolve by id or domain) and the instance's default organisation.
import type { OrgRef } from "../domain/org-row.js";
import type { PrismaClient } from "../gen/prisma/client.js";

const ORG_ACTIVE = 1;

export function createOrgQueries(prisma: PrismaClient) {
  let defaultOrgId: string | undefined;
  return {
    async findOrgById(id: string): Promise<OrgRef | undefined> {
      const org = await prisma.org.findUnique({ where: { id }, select: { id: true, primaryDomain: true, state: true } });
      return org && org.state === ORG_ACTIVE ? { id: org.id, primaryDomain: org.primaryDomain } : undefined;
    },
    async findOrgByDomain(domain: string): Promise<OrgRef | undefined> {
      const org = await prisma.org.findFirst({
        where: { primaryDomain: { equals: domain.toLowerCase(), mode: "insensitive" }, state: ORG_ACTIVE },
        select: { id: true, primaryDomain: true },
      });
      return org ?? undefined;
    },
    /** The instance's default organisation; it never changes once set, so it is read once. */
    async defaultOrgId(): Promise<string> {
      if (defaultOrgId !== undefined) return defaultOrgId;
      const instance = await prisma.instance.findUnique({ where: { id: "instance" } });
      if (!instance) throw new Error("instance is not set up");
      defaultOrgId = instance.defaultOrgId;
      return defaultOrgId;
    },
  };
}

export type OrgQueries = ReturnType<typeof createOrgQueries>;
