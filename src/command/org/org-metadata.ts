// SetOrganizationMetadata and DeleteOrganizationMetadata, as ZITADEL's BulkSetOrgMetadata and
// BulkRemoveOrgMetadata: the entries or keys checked (metadata-decision.ts); the organisation must exist (a
// missing or deleted one is NotFound; a deactivated one keeps its metadata writable, as in ZITADEL); org.write
// in it; org.metadata.set per changed key / org.metadata.removed per key, with the org_metadata rows, in one push.
import type { PendingEvent } from "../../eventstore/types.js";
import { changedMetadata, checkMetadataToRemove, checkMetadataToSet, metadataValueText, requireMetadataKeys } from "../metadata-decision.js";
import { requirePermission, type Principal } from "../principal.js";
import type { Details, MetadataEntry } from "../user/inputs.js";
import { loadExistingOrg } from "./load-org.js";
import { OrgEvent } from "./org-events.js";
import type { OrgCommandDeps } from "./org-inputs.js";
import { pushOrgChange } from "./push-org.js";

export async function setOrganizationMetadata(deps: OrgCommandDeps, caller: Principal, orgId: string, entries: readonly MetadataEntry[]): Promise<Details> {
  const wanted = checkMetadataToSet(entries);
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf5");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw2");
    const changed = await changedMetadata(deps.orgMetadata, row.id, wanted);
    const events: PendingEvent[] = changed.map(([key, value]) => ({ type: OrgEvent.metadataSet, payload: { key, value: metadataValueText(value) } }));
    const rows = changed.map(([key, value]) => ({ orgId: row.id, key, value }));
    return pushOrgChange(deps, caller, { row, events, side: [{ table: "org_metadata", op: "upsert", rows }] });
  });
}

export async function removeOrganizationMetadata(deps: OrgCommandDeps, caller: Principal, orgId: string, rawKeys: readonly string[]): Promise<Details> {
  const keys = checkMetadataToRemove(rawKeys);
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf6");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw3");
    await requireMetadataKeys(deps.orgMetadata, row.id, keys, "organisation");
    return pushOrgChange(deps, caller, {
      row,
      events: keys.map((key) => ({ type: OrgEvent.metadataRemoved, payload: { key } })),
      side: [{ table: "org_metadata", op: "delete", rows: keys.map((key) => ({ orgId: row.id, key })) }],
    });
  });
}
