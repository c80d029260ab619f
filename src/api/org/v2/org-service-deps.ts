// What the organisation service handlers need: the command dependencies, the queries and readers (bound to the
// database in src/app.ts) and the instance domain new organisations get their primary domain under.
import type { CommandDeps } from "../../../command/deps.js";
import type { OrgCommandDeps } from "../../../command/org/org-inputs.js";
import type { StoredOrgRow } from "../../../domain/org-row.js";
import type { OrgServiceQueries } from "../../../query/org-service-queries.js";

export interface OrgServiceDeps {
  commands: CommandDeps;
  queries: OrgServiceQueries;
  instanceDomain: string;
}

export function orgCommandDeps({ commands, queries, instanceDomain }: OrgServiceDeps): OrgCommandDeps {
  const { rows } = queries;
  return {
    ...commands,
    ...rows,
    // The row this process last pushed, when still cached (the store checks it before trusting it), else the stored one.
    loadOrg: async (id) => commands.eventstore.cachedRoot<StoredOrgRow>("orgs", id) ?? rows.loadOrg(id),
    orgMetadata: queries.orgMetadata,
    instanceDomain,
    isClaimed: queries.isClaimed,
  };
}
