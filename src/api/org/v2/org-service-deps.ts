// What the organisation service handlers need: the command dependencies, the database for queries and the
// instance domain new organisations get their primary domain under.
import type { CommandDeps } from "../../../command/deps.js";
import type { OrgCommandDeps } from "../../../command/org/org-inputs.js";
import type { PrismaClient } from "../../../gen/prisma/client.js";

export interface OrgServiceDeps {
  commands: CommandDeps;
  prisma: PrismaClient;
  instanceDomain: string;
}

export function orgCommandDeps({ commands, prisma, instanceDomain }: OrgServiceDeps): OrgCommandDeps {
  return {
    ...commands,
    instanceDomain,
    isClaimed: async (type, value) =>
      (await prisma.uniqueConstraint.count({ where: { uniqueType: type, uniqueField: value.toLowerCase() } })) > 0,
    orgIdTaken: async (id) => (await prisma.org.count({ where: { id } })) > 0,
  };
}
