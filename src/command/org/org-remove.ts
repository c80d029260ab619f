// DeleteOrganization, as ZITADEL's RemoveOrg: the default organisation cannot be deleted (FailedPrecondition,
// Errors.Org.DefaultOrgNotDeletable, checked first as ZITADEL does); a missing or already deleted organisation is
// NotFound (ZITADEL answers success there; our issue asks NotFound for unknown ids); org.delete in it. One push
// writes org.removed — its name and verified domains released, its memberships (of any user), metadata and
// domains gone — and removes each of its users exactly as DeleteUser does (user.removed, username released,
// metadata, tokens and memberships gone), all in one transaction. ZITADEL releases the same names and drops the
// same rows from its projections when it reduces org.removed; writing user.removed per user instead keeps each
// user's history and sequence whole, so a reused user id goes on from there. The organisation's row stays, with
// state REMOVED, so its id is never handed out again.
import { failedPrecondition } from "../../domain/errors.js";
import { requirePermission, type Principal } from "../../domain/principal.js";
import { checkPreconditions } from "../user/expected-sequence.js";
import type { Details } from "../user/inputs.js";
import { userPushRequest } from "../user/push-user.js";
import { userRemoval } from "../user/user-remove.js";
import { loadExistingOrg } from "./load-org.js";
import { OrgEvent } from "./org-events.js";
import type { OrgCommandDeps } from "./org-inputs.js";
import { orgPushRequest } from "./push-org.js";

export async function removeOrganization(deps: OrgCommandDeps, caller: Principal, orgId: string): Promise<Details> {
  if (orgId === (await deps.defaultOrgId())) {
    throw failedPrecondition("COMMAND-OrgDf1", "Errors.Org.DefaultOrgNotDeletable: the default organisation cannot be deleted");
  }
  return deps.eventstore.execute(orgId, async () => {
    const row = await loadExistingOrg(deps, orgId, "COMMAND-OrgNf3");
    requirePermission(caller, "org.delete", row.id, "COMMAND-PermOd1");
    const [domains, users] = await Promise.all([deps.domainsOf(row.id), deps.usersOf(row.id)]);
    const ofOrg = [{ orgId: row.id }];
    const orgPush = orgPushRequest(caller, {
      row,
      events: [{ type: OrgEvent.removed, payload: { name: row.name } }],
      release: [
        { type: "org_name", value: row.name },
        ...domains.filter((d) => d.isVerified).map((d) => ({ type: "org_domain", value: d.domain })),
      ],
      side: [
        { table: "org_domains", op: "delete", rows: ofOrg },
        { table: "org_metadata", op: "delete", rows: ofOrg },
        { table: "memberships", op: "delete", rows: ofOrg },
      ],
    });
    checkPreconditions(deps, row);
    const [details] = await deps.eventstore.pushAll([orgPush, ...users.map((user) => userPushRequest(caller, userRemoval(user)))]);
    return details!;
  });
}
