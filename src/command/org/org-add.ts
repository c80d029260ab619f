// AddOrganization: validate the name and admins → permission (org.create, an instance-level permission) →
// one push creating the organisation with its name and derived primary domain (both claimed, so unique
// case-insensitively) and the memberships of existing users → each human admin created in the new
// organisation (AddHumanUser's command) and made a member with one more push.
import { alreadyExists, invalidField } from "../../domain/errors.js";
import type { Eventstore } from "../../eventstore/eventstore.js";
import type { AggregateDetails, PendingEvent } from "../../eventstore/types.js";
import { requirePermission, type Principal } from "../principal.js";
import { addHumanUser } from "../user/human-add.js";
import { checkAdminRoles, checkAdmins } from "./org-admins.js";
import { orgDomainFromName } from "./org-domain.js";
import { applyOrgEvents, emptyOrgRow, OrgEvent, type OrgRow } from "./org-events.js";
import type { AddOrgInput, AddOrgResult, CreatedAdmin, OrgCommandDeps } from "./org-inputs.js";

export async function addOrganization(deps: OrgCommandDeps, caller: Principal, input: AddOrgInput): Promise<AddOrgResult> {
  const name = input.name.trim();
  if (name === "") throw invalidField("COMMAND-OrgNm1", "name", "string.min_len", "Errors.Org.Invalid: the name must not be blank");
  const domain = orgDomainFromName(name, deps.instanceDomain);
  const roles = checkAdminRoles(input.admins);
  requirePermission(caller, "org.create", caller.orgId, "COMMAND-PermOr1");
  const { members, humans } = await checkAdmins(deps, input.admins, roles);

  const orgId = input.orgId ?? deps.newId();
  const events: PendingEvent[] = [
    { type: OrgEvent.added, payload: { name } },
    { type: OrgEvent.domainAdded, payload: { domain } },
    { type: OrgEvent.domainVerified, payload: { domain } },
    { type: OrgEvent.primaryDomainSet, payload: { domain } },
    ...[...members].map(([userId, memberRoles]) => memberAdded(userId, memberRoles)),
  ];
  const row = applyOrgEvents(emptyOrgRow(orgId), events);
  let details = await deps.eventstore.execute(orgId, async () => {
    // Decided on fresh state every attempt, so a caller-chosen id created meanwhile is refused, not retried.
    if (await deps.orgIdTaken(orgId)) throw alreadyExists("COMMAND-OrgEx1", "Errors.Org.AlreadyExisting: an organisation with this id exists");
    return deps.eventstore.push({
      aggregateType: "org",
      aggregateId: orgId,
      resourceOwner: orgId,
      creator: caller.userId,
      expectedSequence: 0,
      events,
      root: { table: "orgs", row: { ...row } },
      claim: [
        { type: "org_name", value: name },
        { type: "org_domain", value: domain },
      ],
      side: [{ table: "memberships", op: "upsert", rows: [...members].map(([userId, r]) => ({ userId, orgId, roles: r })) }],
    });
  });

  const createdAdmins: CreatedAdmin[] = [];
  for (const human of humans) {
    const created = await addHumanUser(deps, caller, { ...human.input, org: { id: orgId } });
    createdAdmins.push({ userId: created.userId, emailCode: created.emailCode, phoneCode: created.phoneCode });
    details = await addMember(deps.eventstore, caller, row, details, created.userId, human.roles);
  }
  return { orgId, details, createdAdmins };
}

const memberAdded = (userId: string, roles: readonly string[]): PendingEvent => ({ type: OrgEvent.memberAdded, payload: { userId, roles } });

async function addMember(
  eventstore: Eventstore,
  caller: Principal,
  row: OrgRow,
  after: AggregateDetails,
  userId: string,
  roles: string[],
): Promise<AggregateDetails> {
  // No other command changes an organisation, so the sequence of this request's last push is the expected one.
  return eventstore.execute(row.id, () =>
    eventstore.push({
      aggregateType: "org",
      aggregateId: row.id,
      resourceOwner: row.id,
      creator: caller.userId,
      expectedSequence: after.sequence,
      events: [memberAdded(userId, roles)],
      root: { table: "orgs", row: { ...row } },
      side: [{ table: "memberships", op: "upsert", rows: [{ userId, orgId: row.id, roles }] }],
    }),
  );
}
