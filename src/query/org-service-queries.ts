// The reads zitadel.org.v2.OrganizationService answers with, and the readers its commands decide with, bound to
// the database by the composition root (src/app.ts): the handlers never see the database.
import type { Principal } from "../domain/principal.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import type { ListOrgsInput } from "./list-orgs/list-orgs-input.js";
import { listOrgs } from "./list-orgs/list-orgs.js";
import { metadataReader } from "./metadata-entries.js";
import { listOrgDomains, type ListOrgDomainsInput } from "./org-domains.js";
import { listOrgMetadata, type ListOrgMetadataInput } from "./org-metadata.js";
import { orgRowReaders } from "./org-rows.js";

export function orgServiceQueries(prisma: PrismaClient) {
  return {
    listOrgs: (caller: Principal, input: ListOrgsInput) => listOrgs(prisma, caller, input),
    listOrgMetadata: (caller: Principal, input: ListOrgMetadataInput) => listOrgMetadata(prisma, caller, input),
    listOrgDomains: (caller: Principal, input: ListOrgDomainsInput) => listOrgDomains(prisma, caller, input),
    /** The organisation's row, its domains and its users, as the organisation commands decide with them. */
    rows: orgRowReaders(prisma),
    /** The org_metadata projection, for the metadata commands. */
    orgMetadata: metadataReader(prisma, "org_metadata"),
    /** Whether a unique value (e.g. a username) is claimed already; compared case-insensitively. */
    isClaimed: async (type: string, value: string) =>
      (await prisma.uniqueConstraint.count({ where: { uniqueType: type, uniqueField: value.toLowerCase() } })) > 0,
  };
}

export type OrgServiceQueries = ReturnType<typeof orgServiceQueries>;
