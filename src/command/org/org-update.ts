// UpdateOrganization, as ZITADEL's ChangeOrg: the name trimmed and not blank; a missing or deleted organisation
// is NotFound; org.write in it; the same name again changes nothing and pushes nothing (ZITADEL answers success
// too). A new name is claimed (org_name) and the old one released. The domain generated from the old name, if
// the organisation still has it, gives way to the one generated from the new name — added verified, primary
// when the old one was — as ZITADEL's changeDefaultDomain does; domains added by hand stay as they are.
import { invalidField } from "../../domain/errors.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import type { Details } from "../user/inputs.js";
import { loadExistingOrg } from "./load-org.js";
import { orgDomainFromName } from "./org-domain.js";
import { sameDomain } from "./org-domains.js";
import { OrgEvent } from "./org-events.js";
import type { OrgCommandDeps } from "./org-inputs.js";
import type { OrgDomainRow, StoredOrgRow } from "../../domain/org-row.js";
import { pushOrgChange, type OrgChange } from "./push-org.js";

export interface UpdateOrgInput {
  orgId: string;
  name: string;
}

export async function updateOrganization(deps: OrgCommandDeps, caller: Principal, input: UpdateOrgInput): Promise<Details> {
  const name = input.name.trim();
  if (name === "") throw invalidField("COMMAND-OrgNm2", "name", "string.min_len", "Errors.Org.Invalid: the name must not be blank");
  const newDomain = orgDomainFromName(name, deps.instanceDomain);
  return deps.eventstore.execute(input.orgId, async () => {
    const row = await loadExistingOrg(deps, input.orgId, "COMMAND-OrgNf2");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw1");
    if (row.name === name) return pushOrgChange(deps, caller, { row, events: [] });
    const change: Required<OrgChange> = { row, events: [{ type: OrgEvent.changed, payload: { name } }], claim: [], release: [], side: [] };
    // A change of case only keeps the claim, which is case-insensitive.
    if (name.toLowerCase() !== row.name.toLowerCase()) {
      change.claim.push({ type: "org_name", value: name });
      change.release.push({ type: "org_name", value: row.name });
    }
    const domains = await deps.domainsOf(row.id);
    const generated = generatedDomain(row, domains, deps.instanceDomain);
    if (generated && !sameDomain(generated.domain, newDomain)) moveGeneratedDomain(change, generated, newDomain, domains);
    return pushOrgChange(deps, caller, change);
  });
}

/** The organisation's domain generated from its current name, if it still has it. */
function generatedDomain(row: StoredOrgRow, domains: OrgDomainRow[], instanceDomain: string): OrgDomainRow | undefined {
  let domain: string;
  try {
    domain = orgDomainFromName(row.name, instanceDomain);
  } catch {
    return undefined; // a name that generates no domain (only possible for names stored before the rule)
  }
  return domains.find((d) => sameDomain(d.domain, domain));
}

function moveGeneratedDomain(change: Required<OrgChange>, old: OrgDomainRow, newDomain: string, domains: OrgDomainRow[]): void {
  const { events, claim, release, side } = change;
  const orgId = change.row.id;
  const existing = domains.find((d) => sameDomain(d.domain, newDomain));
  const domain = existing?.domain ?? newDomain;
  if (!existing) {
    events.push({ type: OrgEvent.domainAdded, payload: { domain } }, { type: OrgEvent.domainVerified, payload: { domain } });
    claim.push({ type: "org_domain", value: domain });
  }
  if (old.isPrimary) events.push({ type: OrgEvent.primaryDomainSet, payload: { domain } });
  side.push({ table: "org_domains", op: "upsert", rows: [{ orgId, domain, isVerified: true, isPrimary: old.isPrimary || (existing?.isPrimary ?? false) }] });
  events.push({ type: OrgEvent.domainRemoved, payload: { domain: old.domain, verified: old.isVerified } });
  if (old.isVerified) release.push({ type: "org_domain", value: old.domain });
  side.push({ table: "org_domains", op: "delete", rows: [{ orgId, domain: old.domain }] });
}
