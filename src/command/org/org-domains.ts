// AddOrganizationDomain and DeleteOrganizationDomain. Domains are added verified — ZITADEL's behaviour under its
// default domain policy (no validation required); this service cannot prove ownership over DNS or HTTP — so a
// domain is claimed (org_domain, unique across the instance, case-insensitive) as it is added. Adding one the
// organisation has → AlreadyExists (ZITADEL's Errors.Already.Exists), one another organisation has → AlreadyExists
// from the claim. Removing one it lacks → NotFound (Errors.Org.DomainNotOnOrg); the primary one →
// FailedPrecondition (Errors.Org.PrimaryDomainNotDeletable). Domains are compared case-insensitively, as DNS does.
import { alreadyExists, failedPrecondition, invalidField, notFound } from "../../domain/errors.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import type { Details } from "../user/inputs.js";
import { loadExistingOrg } from "./load-org.js";
import { OrgEvent } from "./org-events.js";
import type { OrgCommandDeps } from "./org-inputs.js";
import type { OrgDomainRow } from "../../domain/org-row.js";
import { pushOrgChange } from "./push-org.js";

export const sameDomain = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export async function addOrganizationDomain(deps: OrgCommandDeps, caller: Principal, orgId: string, rawDomain: string): Promise<Details> {
  const domain = rawDomain.trim();
  if (domain === "") throw invalidField("COMMAND-OrgDm2", "domain", "string.min_len", "Errors.Org.InvalidDomain: the domain must not be blank");
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf9");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw6");
    if ((await deps.domainsOf(row.id)).some((d) => sameDomain(d.domain, domain))) {
      throw alreadyExists("COMMAND-OrgDm3", "Errors.Already.Exists: the organisation has this domain");
    }
    return pushOrgChange(deps, caller, {
      row,
      events: [
        { type: OrgEvent.domainAdded, payload: { domain } },
        { type: OrgEvent.domainVerified, payload: { domain } },
      ],
      claim: [{ type: "org_domain", value: domain }],
      side: [{ table: "org_domains", op: "insert", rows: [{ orgId: row.id, domain, isVerified: true, isPrimary: false }] }],
    });
  });
}

export async function removeOrganizationDomain(deps: OrgCommandDeps, caller: Principal, orgId: string, rawDomain: string): Promise<Details> {
  const wanted = rawDomain.trim();
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNfA");
    requirePermission(caller, "org.write", row.id, "COMMAND-PermOw7");
    const found: OrgDomainRow | undefined = (await deps.domainsOf(row.id)).find((d) => sameDomain(d.domain, wanted));
    if (!found) throw notFound("COMMAND-OrgDm4", "Errors.Org.DomainNotOnOrg: Domain doesn't exist on organization");
    if (found.isPrimary) throw failedPrecondition("COMMAND-OrgDm5", "Errors.Org.PrimaryDomainNotDeletable: the primary domain cannot be deleted");
    return pushOrgChange(deps, caller, {
      row,
      events: [{ type: OrgEvent.domainRemoved, payload: { domain: found.domain, verified: found.isVerified } }],
      release: found.isVerified ? [{ type: "org_domain", value: found.domain }] : [],
      side: [{ table: "org_domains", op: "delete", rows: [{ orgId: row.id, domain: found.domain }] }],
    });
  });
}
