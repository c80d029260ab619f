// AddOrganization: validate the name and admins → permission (org.create, an instance-level permission) →
// one push of the organisation with its name and derived primary domain (both claimed, so unique
// case-insensitively), each human admin created in it, and every admin's membership — the organisation and
// the new users together in one transaction (Eventstore.pushAll), so a failure anywhere leaves nothing behind
// and all events carry one time. A caller-chosen id that any organisation has or had is refused as ZITADEL
// does (FailedPrecondition, Errors.Org.AlreadyExisting).
import { failedPrecondition, invalidField } from "../../domain/errors.js";
import type { PendingEvent, PushRequest } from "../../eventstore/types.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import { checkPreconditions } from "../user/expected-sequence.js";
import { decideHumanAdd } from "../user/human-add.js";
import { userPushRequest } from "../user/push-user.js";
import { checkAdminRoles, checkAdmins } from "./org-admins.js";
import { orgDomainFromName } from "./org-domain.js";
import { emptyOrgRow, OrgEvent } from "./org-events.js";
import type { StoredOrgRow } from "../../domain/org-row.js";
import type { AddOrgInput, AddOrgResult, CreatedAdmin, OrgCommandDeps } from "./org-inputs.js";
import { orgPushRequest } from "./push-org.js";

export async function addOrganization(deps: OrgCommandDeps, caller: Principal, input: AddOrgInput): Promise<AddOrgResult> {
  const name = input.name.trim();
  if (name === "") throw invalidField("COMMAND-OrgNm1", "name", "string.min_len", "Errors.Org.Invalid: the name must not be blank");
  const domain = orgDomainFromName(name, deps.instanceDomain);
  const roles = checkAdminRoles(input.admins);
  requirePermission(caller, "org.create", caller.orgId, "COMMAND-PermOr1");
  const { members, humans } = await checkAdmins(deps, input.admins, roles);
  const orgId = input.orgId ?? deps.newId();

  return deps.eventstore.execute(orgId, async () => {
    // Decided on fresh state every attempt: an id created meanwhile (the push found the organisation begun and
    // the store made the command decide again) is refused here like one that existed before.
    if ((await deps.loadOrg(orgId)) !== undefined) {
      throw failedPrecondition("COMMAND-OrgEx1", "Errors.Org.AlreadyExisting: an organisation with this id exists or existed");
    }
    const userPushes: PushRequest[] = [];
    const createdAdmins: CreatedAdmin[] = [];
    const memberships = new Map(members);
    for (const human of humans) {
      const userId = human.input.userId ?? deps.newId();
      const decided = await decideHumanAdd(deps, human.input, orgId, userId, await deps.loadUser(userId));
      userPushes.push(userPushRequest(caller, decided.change));
      createdAdmins.push({ userId, emailCode: decided.emailCode, phoneCode: decided.phoneCode });
      memberships.set(userId, human.roles);
    }
    const events: PendingEvent[] = [
      { type: OrgEvent.added, payload: { name } },
      { type: OrgEvent.domainAdded, payload: { domain } },
      { type: OrgEvent.domainVerified, payload: { domain } },
      { type: OrgEvent.primaryDomainSet, payload: { domain } },
      ...[...memberships].map(([userId, memberRoles]) => ({ type: OrgEvent.memberAdded, payload: { userId, roles: memberRoles } })),
    ];
    const row: StoredOrgRow = { ...emptyOrgRow(orgId), sequence: 0, creationDate: new Date(0), changeDate: new Date(0) };
    checkPreconditions(deps, row); // the deadline: hashing the admins' passwords may have taken it
    const orgPush = orgPushRequest(caller, {
      row,
      events,
      claim: [
        { type: "org_name", value: name },
        { type: "org_domain", value: domain },
      ],
      side: [
        { table: "org_domains", op: "insert", rows: [{ orgId, domain, isVerified: true, isPrimary: true }] },
        { table: "memberships", op: "upsert", rows: [...memberships].map(([userId, r]) => ({ userId, orgId, roles: r })) },
      ],
    });
    const [details] = await deps.eventstore.pushAll([orgPush, ...userPushes]);
    return { orgId, details: details!, createdAdmins };
  });
}
