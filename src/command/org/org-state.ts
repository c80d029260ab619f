// DeactivateOrganization and ActivateOrganization, as ZITADEL's DeactivateOrg and ReactivateOrg: a missing or
// deleted organisation is NotFound; org.write in it; deactivating an inactive one (Errors.Org.AlreadyDeactivated)
// or activating an active one (Errors.Org.AlreadyActive) is FailedPrecondition. The state is checked after the
// permission, so outsiders learn nothing about it. While an organisation is inactive its users cannot
// authenticate (src/query/principal-of-user.ts); like ZITADEL, the default organisation may be deactivated too,
// which shuts out the first start's administrator until an instance owner of another organisation activates it.
import { failedPrecondition } from "../../domain/errors.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import type { Details } from "../user/inputs.js";
import { loadExistingOrg } from "./load-org.js";
import { OrgEvent } from "./org-events.js";
import { OrgState } from "../../domain/org-row.js";
import type { OrgCommandDeps } from "./org-inputs.js";
import { pushOrgChange } from "./push-org.js";

export async function deactivateOrganization(deps: OrgCommandDeps, caller: Principal, orgId: string): Promise<Details> {
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf7");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw4");
    if (row.state === OrgState.inactive) throw failedPrecondition("COMMAND-OrgSt1", "Errors.Org.AlreadyDeactivated: Organisation is already deactivated");
    return pushOrgChange(deps, caller, { row, events: [{ type: OrgEvent.deactivated, payload: {} }] });
  });
}

export async function activateOrganization(deps: OrgCommandDeps, caller: Principal, orgId: string): Promise<Details> {
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf8");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw5");
    if (row.state === OrgState.active) throw failedPrecondition("COMMAND-OrgSt2", "Errors.Org.AlreadyActive: Organisation is already active");
    return pushOrgChange(deps, caller, { row, events: [{ type: OrgEvent.reactivated, payload: {} }] });
  });
}
