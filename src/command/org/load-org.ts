// The write model of a command on an existing organisation: its projection row, or NotFound for an id no
// organisation has or had (ZITADEL's Errors.Org.NotFound; a deleted organisation counts as none).
import { notFound } from "../../domain/errors.js";
import { OrgState, type StoredOrgRow } from "../../domain/org-row.js";
import type { OrgCommandDeps } from "./org-inputs.js";

export async function loadExistingOrg(deps: Pick<OrgCommandDeps, "loadOrg">, orgId: string, id: string): Promise<StoredOrgRow> {
  const row = await deps.loadOrg(orgId);
  if (!row || row.state === OrgState.removed || row.state === OrgState.unspecified) {
    throw notFound(id, "Errors.Org.NotFound: Organisation not found");
  }
  return row;
}
