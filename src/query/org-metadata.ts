// ListOrganizationMetadata: the entries of one organisation the caller may read (org.read), listed as
// metadata-entries.ts does (key filters, paging, key order).
import type { Principal } from "../domain/principal.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { metadataPage, resolveMetadataLimit, type ListMetadataResult, type MetadataPageInput } from "./metadata-entries.js";
import { requireReadableOrg } from "./org-readable.js";

export interface ListOrgMetadataInput extends MetadataPageInput {
  orgId: string;
}

export async function listOrgMetadata(prisma: PrismaClient, caller: Principal, input: ListOrgMetadataInput): Promise<ListMetadataResult> {
  resolveMetadataLimit(input.limit);
  await requireReadableOrg(prisma, caller, input.orgId);
  return metadataPage(prisma, "org_metadata", input.orgId, input);
}
