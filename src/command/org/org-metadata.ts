// SetOrganizationMetadata and DeleteOrganizationMetadata, as ZITADEL's BulkSetOrgMetadata and
// BulkRemoveOrgMetadata: the entries or keys checked (metadata-decision.ts); the organisation must exist (a
// missing or deleted one is NotFound; a deactivated one keeps its metadata writable, as in ZITADEL); org.write
// in it; org.metadata.set per changed key / org.metadata.removed per key, with the org_metadata rows, in one push.
import { checkMetadataToRemove, checkMetadataToSet, decideMetadata, orgMetadata } from "../metadata-decision.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import type { Details, MetadataEntry } from "../user/inputs.js";
import { loadExistingOrg } from "./load-org.js";
import type { OrgCommandDeps } from "./org-inputs.js";
import { pushOrgChange } from "./push-org.js";

export async function setOrganizationMetadata(deps: OrgCommandDeps, caller: Principal, orgId: string, entries: readonly MetadataEntry[]): Promise<Details> {
  const wanted = checkMetadataToSet(entries);
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf5");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw2");
    const { events, side } = await decideMetadata(deps.orgMetadata, orgMetadata, row.id, { set: wanted });
    return pushOrgChange(deps, caller, { row, events, side });
  });
}

export async function removeOrganizationMetadata(deps: OrgCommandDeps, caller: Principal, orgId: string, rawKeys: readonly string[]): Promise<Details> {
  const keys = checkMetadataToRemove(rawKeys);
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf6");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw3");
    const { events, side } = await decideMetadata(deps.orgMetadata, orgMetadata, row.id, { set: new Map(), remove: keys, refuseMissing: true });
    return pushOrgChange(deps, caller, { row, events, side });
  });
}
