// What the organisation service handlers need: the command dependencies, the database for queries and the
// instance domain new organisations get their primary domain under.
import type { CommandDeps } from "../../../command/deps.js";
import type { StoredOrgRow } from "../../../domain/org-row.js";
import type { OrgCommandDeps } from "../../../command/org/org-inputs.js";
import type { PrismaClient } from "../../../gen/prisma/client.js";
import { metadataReader } from "../../../query/metadata-entries.js";
import { orgRowReaders } from "../../../query/org-rows.js";

export interface OrgServiceDeps {
  commands: CommandDeps;
  prisma: PrismaClient;
  instanceDomain: string;
}

export function orgCommandDeps({ commands, prisma, instanceDomain }: OrgServiceDeps): OrgCommandDeps {
  const rows = orgRowReaders(prisma);
  return {
    ...commands,
    ...rows,
    // The row this process last pushed, when still cached (the store checks it before trusting it), else the stored one.
    loadOrg: async (id) => commands.eventstore.cachedRoot<StoredOrgRow>("orgs", id) ?? rows.loadOrg(id),
    orgMetadata: metadataReader(prisma, "org_metadata"),
    instanceDomain,
    isClaimed: async (type, value) =>
      (await prisma.uniqueConstraint.count({ where: { uniqueType: type, uniqueField: value.toLowerCase() } })) > 0,
  };
}
